import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LoginClaimsColumns } from './login-claims.columns';

/**
 * An authorization code, stored by hash; single use (`consumedAt` set atomically). `familyId`
 * records what its exchange issued so a replay can revoke it (RFC 6749 §4.1.2).
 */
@Entity('authorization_code')
@Index('ix_authorization_code_expires', ['expiresAt'])
export class AuthorizationCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 of the code (hex). Never stored raw. */
  @Index('uq_authorization_code_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'uuid' })
  identityId: string;

  @Column({ type: 'uuid' })
  authServiceId: string;

  @Column({ type: 'text' })
  redirectUri: string;

  @Column({ type: 'text', default: '' })
  scope: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  nonce: string | null;

  @Column({ type: 'varchar', length: 128 })
  codeChallenge: string;

  @Column({ type: 'varchar', length: 8, default: 'S256' })
  codeChallengeMethod: 'S256';

  @Column({ type: 'timestamptz' })
  authTime: Date;

  @Column(() => LoginClaimsColumns, { prefix: false })
  claims: LoginClaimsColumns;

  /** The browser session the login belongs to. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sessionId: string | null;

  /** RFC 9449 §10: the DPoP key thumbprint the authorization request named; the exchange must prove that key. */
  @Column({ type: 'varchar', length: 43, nullable: true })
  dpopJkt: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  familyId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
