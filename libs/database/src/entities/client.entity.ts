import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppSignatureEntity } from './app-signature.entity';
import { EnvironmentEntity } from './environment.entity';
import { Timestamped } from './timestamps';

export type ClientType = 'public' | 'confidential';
export type ClientKind = 'registered' | 'device';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/**
 * A registered OAuth client of an environment (the environment's own client is its appKey and
 * has no row here). Device clients come from dynamic registration.
 */
@Entity('client')
@Index('ix_client_environment', ['environmentId'])
@Index('ix_client_app_signature', ['appSignatureId'])
export class ClientEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_client_environment' })
  environment?: EnvironmentEntity;

  /** The `client_id` clients send. */
  @Index('uq_client_client_id', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'registered' })
  kind: ClientKind;

  /** Device clients: the app signature they registered with; null once it is deleted, and for every other kind. */
  @Column({ type: 'uuid', nullable: true })
  appSignatureId: string | null;

  @ManyToOne(() => AppSignatureEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'app_signature_id', foreignKeyConstraintName: 'fk_client_app_signature' })
  appSignature?: AppSignatureEntity;

  @Column({ type: 'varchar', length: 16 })
  type: ClientType;

  @Column({ type: 'varchar', length: 16, default: 'web' })
  applicationType: 'web' | 'native';

  @Column({ type: 'boolean', default: false })
  firstParty: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  postLogoutRedirectUris: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedOrigins: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  grantTypes: string[];

  @Column({ type: 'varchar', length: 32 })
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;

  @Column({ type: 'varchar', length: 8, default: 'RS256' })
  idTokenSignedResponseAlg: 'RS256' | 'ES256';

  /** HMAC-SHA256 (SECRET_PEPPER) of the client secret; null for public clients. Never exposed. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  secretHash: string | null;

  /** When the secret stops authenticating (RFC 7591 §3.2.1 `client_secret_expires_at`); null: never. */
  @Column({ type: 'timestamptz', nullable: true })
  secretExpiresAt: Date | null;

  /** Device clients: HMAC-SHA256 (SECRET_PEPPER) of the RFC 7592 registration access token. Never exposed. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  registrationTokenHash: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** RFC 9449 §5.2 `dpop_bound_access_tokens`: every token request needs a DPoP proof. */
  @Column({ type: 'boolean', default: false })
  dpopBoundAccessTokens: boolean;

  /** RFC 9449 §8: the client's proofs must carry a server nonce. */
  @Column({ type: 'boolean', default: false })
  dpopNonceRequired: boolean;
}
