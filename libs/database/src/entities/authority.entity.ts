import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RoleEntity } from './role.entity';

export type PrincipalType = 'admin' | 'organization-client' | 'group';
export type AuthorityTargetType = 'platform' | 'organization' | 'app' | 'environment';

/** Gives a principal a role over a target; checks inherit downward (platform → … → environment). */
@Entity('authority')
@Index('ix_authority_principal', ['principalType', 'principalId'])
@Index('ix_authority_target', ['targetType', 'targetId'])
export class AuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  principalType: PrincipalType;

  @Column({ type: 'varchar', length: 128 })
  principalId: string;

  @Column({ type: 'uuid' })
  roleId: string;

  @ManyToOne(() => RoleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'fk_authority_role' })
  role?: RoleEntity;

  @Column({ type: 'varchar', length: 32 })
  targetType: AuthorityTargetType;

  /** Null for the platform. */
  @Column({ type: 'uuid', nullable: true })
  targetId: string | null;

  /** Who granted it (admin user id), null when created by bootstrap. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
