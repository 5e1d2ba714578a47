import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A validated authorization request waiting for the user to sign in (or consent). Its id is the
 * `jti` of the `login_tx` the login page posts back; single use (`consumedAt`), 5 minutes.
 */
@Entity('login_transaction')
@Index('ix_login_transaction_expires', ['expiresAt'])
@Index('ux_login_transaction_state_hash', ['stateHash'], { unique: true })
export class LoginTransactionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  /** The validated authorization request (client_id, redirect_uri, scope, state, nonce, PKCE…). */
  @Column({ type: 'jsonb' })
  request: Record<string, unknown>;

  /** SHA-256 of the cookie that binds it to the browser that started it (every login page mode). */
  @Column({ type: 'char', length: 64 })
  browserBindingHash: string;

  /** Set once the user has signed in and only consent is pending. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  /** A redirect login: SHA-256 of the `state` (or SAML `RelayState`) sent upstream, to find it at the callback. */
  @Column({ type: 'char', length: 64, nullable: true })
  stateHash: string | null;

  /** A redirect login: the auth service the browser was sent to; only its callback may finish it. */
  @Column({ type: 'uuid', nullable: true })
  redirectServiceId: string | null;

  /** A redirect login: what the connector kept for the callback (nonce, PKCE verifier, request id), sealed. */
  @Column({ type: 'text', nullable: true })
  sealedKept: string | null;

  /** A verified redirect login: who signed in (`accountId`, `identityId`, `authTime`), until the browser resumes. */
  @Column({ type: 'jsonb', nullable: true })
  signedIn: Record<string, unknown> | null;

  /** A verified redirect login: the upstream's tokens, sealed, until the code takes them to the token vault. */
  @Column({ type: 'text', nullable: true })
  sealedUpstreamTokens: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
