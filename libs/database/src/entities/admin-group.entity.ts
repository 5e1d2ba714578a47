import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { AdminUserEntity } from './admin-user.entity';
import { OrganizationEntity } from './organization.entity';
import { Timestamped } from './timestamps';

/**
 * A set of admin users that authorities can name as one principal (`group`). Belongs to an
 * organization, or (organizationId null) to the platform; its members hold its authorities.
 */
@Entity('admin_group')
@Index('uq_admin_group_name', ['organizationId', 'name'], { unique: true })
export class AdminGroupEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_admin_group_organization' })
  organization?: OrganizationEntity;

  /** Lower-cased slug, unique within its organization. */
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;
}

/** One admin user's membership of one group. */
@Entity('admin_group_member')
@Index('ix_admin_group_member_admin', ['adminId'])
export class AdminGroupMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  groupId: string;

  @PrimaryColumn({ type: 'uuid' })
  adminId: string;

  @ManyToOne(() => AdminGroupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_admin_group_member_group' })
  group?: Relation<AdminGroupEntity>;

  @ManyToOne(() => AdminUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'admin_id', foreignKeyConstraintName: 'fk_admin_group_member_admin' })
  admin?: AdminUserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
