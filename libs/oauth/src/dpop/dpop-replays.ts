import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { DpopProofJtis } from './dpop-replays.repository';

/** How long a proof's `jti` stays spent: past the `iat` window either way, so it can never be accepted again. */
export const DPOP_JTI_TTL_MS = 5 * 60_000;

export const DPOP_REPLAYS = Symbol('DPOP_REPLAYS');

/** Single use of a proof per key (§11.1): true the first time `jkt` presents `jti`, on any instance. */
export interface DpopReplays {
  claim(jkt: string, jti: string, now: Date): Promise<boolean>;
}

/** The table alone (no Redis configured). */
export class TableDpopReplays implements DpopReplays {
  constructor(private readonly table: DpopProofJtis) {}

  claim(jkt: string, jti: string, now: Date): Promise<boolean> {
    return this.table.claim(jkt, jti, new Date(now.getTime() + DPOP_JTI_TTL_MS));
  }
}

/**
 * `SET NX PX` in Redis; while Redis cannot answer, the table (which every instance shares too),
 * as the rate limiter falls back: an outage of Redis opens no door to replays.
 */
export class RedisDpopReplays implements DpopReplays {
  private readonly logger = new Logger(RedisDpopReplays.name);
  private readonly fallback: TableDpopReplays;
  private inFallback = false;

  constructor(
    private readonly redis: Redis,
    table: DpopProofJtis,
  ) {
    this.fallback = new TableDpopReplays(table);
  }

  async claim(jkt: string, jti: string, now: Date): Promise<boolean> {
    let answer: string | null;
    try {
      answer = await this.redis.set(`rapidauth:dpop:${jkt}:${jti}`, '1', 'PX', DPOP_JTI_TTL_MS, 'NX');
    } catch (error) {
      if (!this.inFallback) {
        this.inFallback = true;
        this.logger.warn(`Redis unavailable: DPoP proof jtis are kept in the database until it answers (${(error as Error).message})`);
      }
      return this.fallback.claim(jkt, jti, now);
    }
    if (this.inFallback) {
      this.inFallback = false;
      this.logger.log('Redis answers again: DPoP proof jtis are kept there again');
    }
    return answer === 'OK';
  }
}
