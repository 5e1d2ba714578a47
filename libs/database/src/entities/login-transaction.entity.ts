import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A validated authorization request waiting for the user to sign in (or consent). Its id is the
 * `jti` of the `login_tx` the login page posts back; single use (`consumedAt`), 5 minutes.
 */
@Entity('login_transaction')
@Index('ix_login_transaction_expires', ['expiresAt'])
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

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
