import { SamlAssertionReplayEntity, type Database } from '@rapidauth/database';
import { AssertionReplays } from '../../../libs/connectors/src/saml/assertion-replays.repository';
import { BACKENDS, openMigratedDatabase, type BackendKind } from '../../support/migrated-database';
import { samlServiceRow } from './saml-harness';

/** The SAML replay cache's SQL on both backends: one claim per assertion, whoever races, until it expires. */
describe.each(BACKENDS)('SAML assertion replay cache on %s', (_label, kind: BackendKind) => {
  let database: Database;
  let replays: AssertionReplays;
  let serviceId: string;
  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  beforeAll(async () => {
    database = await openMigratedDatabase(kind);
    replays = new AssertionReplays(database.dataSource);
    serviceId = (await samlServiceRow(database)).serviceId;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets an assertion be claimed once per service', async () => {
    expect(await replays.claim(serviceId, '_a1', inMinutes(5))).toBe(true);
    expect(await replays.claim(serviceId, '_a1', inMinutes(5))).toBe(false);
    const other = (await samlServiceRow(database)).serviceId;
    expect(await replays.claim(other, '_a1', inMinutes(5))).toBe(true);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 12 }, () => replays.claim(serviceId, '_raced', inMinutes(5))));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('drops expired claims only, in batches', async () => {
    await replays.claim(serviceId, '_old1', inMinutes(-2));
    await replays.claim(serviceId, '_old2', inMinutes(-1));
    await replays.claim(serviceId, '_fresh', inMinutes(5));
    expect(await replays.deleteExpired(new Date(), 1)).toBe(1);
    expect(await replays.deleteExpired(new Date())).toBe(1);
    expect(await replays.deleteExpired(new Date())).toBe(0);
    const left = await database.dataSource.manager.findBy(SamlAssertionReplayEntity, { serviceId });
    expect(left.map((row) => row.assertionId).sort()).toEqual(['_a1', '_fresh', '_raced']);
  });
});
