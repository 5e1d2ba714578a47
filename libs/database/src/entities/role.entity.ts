import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from './timestamps';

/** A named set of permissions (`resource:action`, `*` for all). Built-in roles are seeded by migration. */
@Entity('role')
export class RoleEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_role_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions: string[];

  @Column({ type: 'boolean', default: false })
  builtIn: boolean;
}
