import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { AuthenticationGrantEntity } from './authentication-grant.entity';
import { EnvironmentEntity } from './environment.entity';
import { LoginClaimsColumns } from './login-claims.columns';
import { Timestamped } from './timestamps';

/**
 * One login's chain of tokens (`sid` in access tokens). Refresh tokens rotate within it; reuse of
 * a rotated one revokes it whole. Its TTL is absolute from the original login.
 */
@Entity('refresh_token_family')
@Index('ix_refresh_token_family_account', ['accountId'])
@Index('ix_refresh_token_family_grant', ['grantId'])
@Index('ix_refresh_token_family_expires', ['absoluteExpiresAt'])
@Index('ix_refresh_token_family_session', ['browserSessionId'], { where: 'browser_session_id IS NOT NULL' })
@Index('ix_refresh_token_family_revoked', ['revokedAt'], { where: 'revoked_at IS NOT NULL' })
export class RefreshTokenFamilyEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_refresh_token_family_environment' })
  environment?: EnvironmentEntity;

  /** The exact `client_id` string the tokens are bound to. */
  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_refresh_token_family_account' })
  account?: AccountEntity;

  @Column({ type: 'uuid', nullable: true })
  identityId: string | null;

  @Column({ type: 'uuid', nullable: true })
  authServiceId: string | null;

  /** The authentication grant the login went through, if any; deleting the grant deletes its logins. */
  @Column({ type: 'uuid', nullable: true })
  grantId: string | null;

  @ManyToOne(() => AuthenticationGrantEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'grant_id', foreignKeyConstraintName: 'fk_refresh_token_family_grant' })
  grant?: AuthenticationGrantEntity;

  /**
   * The browser session the login was made in (from its authorization code), so ending that
   * session finds its logins after the short-lived codes are gone. No foreign key: the login
   * outlives the session row.
   */
  @Column({ type: 'uuid', nullable: true })
  browserSessionId: string | null;

  @Column({ type: 'text', default: '' })
  scope: string;

  @Column({ type: 'timestamptz' })
  authTime: Date;

  @Column(() => LoginClaimsColumns, { prefix: false })
  claims: LoginClaimsColumns;

  @Column({ type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  revokedReason: string | null;

  /** RFC 9449: the thumbprint of the key the family is bound to; every refresh must prove it. Once set, never cleared. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  dpopJkt: string | null;
}
