import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from './timestamps';

/** A person who administers RapidAuth; signs in for management tokens. */
@Entity('admin_user')
export class AdminUserEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased. */
  @Index('uq_admin_user_username', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  username: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** argon2id PHC string. Never exposed. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;
}
