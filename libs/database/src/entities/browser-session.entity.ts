import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/** A signed-in browser, per environment. The cookie holds a random value; only its SHA-256 is stored. */
@Entity('browser_session')
@Index('ix_browser_session_account', ['accountId'])
@Index('ix_browser_session_expires', ['expiresAt'])
export class BrowserSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_browser_session_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  cookieHash: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_browser_session_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid' })
  identityId: string;

  @Column({ type: 'uuid' })
  authServiceId: string;

  @Column({ type: 'timestamptz' })
  authTime: Date;

  /** The login's identity (`provider`, `providerUid`) and RFC 8176 methods, for its tokens (docs/gateway.md#login-claims). */
  @Column({ type: 'text', nullable: true })
  provider: string | null;

  @Column({ type: 'text', nullable: true })
  providerUid: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  amr: string[] | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
