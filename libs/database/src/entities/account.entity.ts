import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

/** A user of an environment; `id` is the `uid` (and `sub` of user tokens), unique installation-wide. */
@Entity('account')
@Index('ix_account_environment', ['environmentId'])
@Index('ix_account_expires', ['expiresAt'], { where: 'expires_at IS NOT NULL' })
export class AccountEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_account_environment' })
  environment?: EnvironmentEntity;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** When the account ends on its own (anonymous logins); null for never. Past it, nothing of it works. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}
