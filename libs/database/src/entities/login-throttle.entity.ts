import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counters shared by every instance: one row per key (`identity:<id>` or
 * `ip:<environment>:<address>`), a window of failures, and the lock they caused.
 */
@Entity('login_throttle')
@Index('ix_login_throttle_window', ['windowStartedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
