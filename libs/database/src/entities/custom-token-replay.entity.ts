import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EnvironmentEntity } from './environment.entity';

/**
 * The `jti` of a custom token an environment accepted (RFC 7523 §3: a JWT may be used once), kept
 * until the token could no longer be accepted anyway so that no instance accepts it twice.
 * Deleting the environment deletes its rows.
 */
@Entity('custom_token_replay')
@Index('ix_custom_token_replay_expires', ['expiresAt'])
export class CustomTokenReplayEntity {
  @PrimaryColumn({ type: 'uuid' })
  environmentId: string;

  @ManyToOne(() => EnvironmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id', foreignKeyConstraintName: 'fk_custom_token_replay_environment' })
  environment?: EnvironmentEntity;

  /** As the customer's backend chose it (at most 255 characters). */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  jti: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
