import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';

/**
 * A link ticket (docs/gateway.md#linking-identities): the account a connector login started with
 * `link_ticket` binds its upstream identity to. Only the ticket's SHA-256 is stored; it is spent
 * once (`consumedAt`), in its environment, within 5 minutes.
 */
@Entity('link_ticket')
@Index('uq_link_ticket_hash', ['ticketHash'], { unique: true })
@Index('ix_link_ticket_expires', ['expiresAt'])
@Index('ix_link_ticket_account', ['accountId'])
export class LinkTicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 64 })
  ticketHash: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_link_ticket_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_link_ticket_environment' })
  environment?: EnvironmentEntity;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
