import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from './timestamps';

/** The top of the tenancy tree. Its client credentials authenticate the organization client. */
@Entity('organization')
export class OrganizationEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** URL-safe, lower case, unique; never one of the gateway's reserved path segments. */
  @Index('uq_organization_name', { unique: true })
  @Column({ type: 'varchar', length: 63 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Index('uq_organization_client_id', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  /** HMAC-SHA256 (SECRET_PEPPER) of the organization client's secret. Never exposed. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  clientSecretHash: string | null;

  /** When the client secret was last rotated (whole seconds): management tokens issued earlier are refused. */
  @Column({ type: 'timestamptz', nullable: true })
  clientSecretRotatedAt: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
