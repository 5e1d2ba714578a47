import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { LoginClaimsColumns } from './login-claims.columns';

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

  @Column(() => LoginClaimsColumns, { prefix: false })
  claims: LoginClaimsColumns;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
