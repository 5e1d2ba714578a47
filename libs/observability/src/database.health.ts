import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DATABASE, type Database } from '@rapidauth/database';
import { withTimeout } from './with-timeout';

/** `database` is up when a trivial query answers within the timeout. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(timeoutMs = 3000) {
    const indicator = this.health.check('database');
    try {
      await withTimeout(this.database.dataSource.query('SELECT 1'), timeoutMs);
      return indicator.up({ kind: this.database.kind });
    } catch (error) {
      return indicator.down({ kind: this.database.kind, message: (error as Error).message });
    }
  }
}
