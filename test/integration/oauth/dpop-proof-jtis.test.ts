import { randomUUID } from 'node:crypto';
import { DpopProofJtiEntity, type Database } from '@rapidauth/database';
import Redis from 'ioredis';
import { RedisDpopReplays, TableDpopReplays } from '../../../libs/oauth/src/dpop/dpop-replays';
import { DpopProofJtis } from '../../../libs/oauth/src/dpop/dpop-replays.repository';
import { BACKENDS, openMigratedDatabase, type BackendKind } from '../../support/migrated-database';
import { testRedisUrl } from '../../support/test-servers';

/** RFC 9449 §11.1: a proof's jti is accepted once per key, whoever races, on every instance (the table is shared). */
describe.each(BACKENDS)('DPoP proof jti store on %s', (_label, kind: BackendKind) => {
  let database: Database;
  let table: DpopProofJtis;
  const now = new Date();

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    table = new DpopProofJtis(database.dataSource);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('accepts exactly one of 10 parallel uses of one jti by one key', async () => {
    const replays = new TableDpopReplays(table);
    const jkt = randomUUID();
    const claims = await Promise.all(Array.from({ length: 10 }, () => replays.claim(jkt, 'raced', now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Another key may use the same jti: it is unique per key.
    expect(await replays.claim(randomUUID(), 'raced', now)).toBe(true);
  });

  it('keeps a jti for 5 minutes, and the cleanup drops it after', async () => {
    const jkt = randomUUID();
    await new TableDpopReplays(table).claim(jkt, 'kept', now);
    const row = await database.dataSource.manager.findOneByOrFail(DpopProofJtiEntity, { jkt, jti: 'kept' });
    expect(row.expiresAt.getTime()).toBe(now.getTime() + 5 * 60_000);
    await table.deleteExpired(new Date(now.getTime() + 5 * 60_000 + 1));
    expect(await database.dataSource.manager.countBy(DpopProofJtiEntity, { jkt })).toBe(0);
  });

  it('with Redis: one of 10 parallel uses wins; with Redis down, the table decides', async () => {
    const redis = new Redis(testRedisUrl());
    try {
      const replays = new RedisDpopReplays(redis, table);
      const jkt = randomUUID();
      const claims = await Promise.all(Array.from({ length: 10 }, () => replays.claim(jkt, 'raced', now)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await redis.pttl(`rapidauth:dpop:${jkt}:raced`)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    const replays = new RedisDpopReplays(down, table);
    const jkt = randomUUID();
    const claims = await Promise.all(Array.from({ length: 10 }, () => replays.claim(jkt, 'fallback', now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await database.dataSource.manager.countBy(DpopProofJtiEntity, { jkt })).toBe(1);
    down.disconnect();
  });
});
