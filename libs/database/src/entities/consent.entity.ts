import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { Timestamped } from './timestamps';

/** Scopes an account granted a (non-first-party) client, so consent is asked once. */
@Entity('consent')
@Index('uq_consent_account_client', ['accountId', 'clientId'], { unique: true })
export class ConsentEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'fk_consent_account' })
  account?: AccountEntity;

  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: string[];
}
