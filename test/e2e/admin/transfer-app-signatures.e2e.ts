import { AppSignatureEntity, ClientEntity } from '@rapidauth/database';
import { SEALED_PURPOSES, Vault } from '@rapidauth/vault';
import { startAdminTestbed, type AdminAnswer, type AdminTestbed } from '../../support/admin-api';
import { comparable } from '../../support/transfer-document';

/** The key given to the iOS build at the source: HOTP-SHA512 takes 64 bytes (RFC 6287 §5.1). */
const IOS_KEY = '5a'.repeat(64);
const ANDROID_BUILD = {
  identifier: 'com.umbrella.bank',
  version: '4.2.0',
  platform: 'android',
  redirectUris: ['com.umbrella.bank:/oauth2redirect'],
};
const IOS_BUILD = {
  identifier: 'com.umbrella.bank',
  version: '4.2.0',
  platform: 'ios',
  ocraSuite: 'OCRA-1:HOTP-SHA512-8:QN08-T1M',
  secret: IOS_KEY.toUpperCase(),
  redirectUris: ['com.umbrella.bank:/cb', 'https://bank.umbrella.example/app/cb'],
  scopes: ['openid', 'accounts:read'],
  pinMaxAttempts: 5,
  pinMinLength: 6,
  dpop: 'allowed',
  clientSecretTtlSeconds: 86_400,
  enabled: false,
};

type Json = Record<string, any>;

/** The OCRA key an installation holds for a signature, opened through its vault. */
async function storedKey(testbed: AdminTestbed, id: string): Promise<string> {
  const row = await testbed.gateway.running.runtime.database.dataSource.manager.findOneByOrFail(AppSignatureEntity, { id });
  return testbed.gateway.get(Vault).open(row.secretSealed, SEALED_PURPOSES.appSignatureSecret(id)).toString('hex');
}

async function created(answer: Promise<AdminAnswer>, status = 201): Promise<Json> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`set-up: ${got} ${JSON.stringify(body)}`);
  return body;
}

/**
 * App signatures in the organization transfer (docs/admin-api.md#transfer): exported with every
 * field but the OCRA key, imported under the create route's rules with a new key (or the one the
 * importer gives, so shipped app builds keep working), the key answered once and sealed by the
 * second installation's vault; device clients never travel.
 */
describe('admin API: app signatures in the organization export and import', () => {
  let source: AdminTestbed;
  let target: AdminTestbed;
  let document: Json;
  let environmentId: string;
  let android: Json;
  let ios: Json;
  let device: { id: string; clientId: string };

  const importInto = (body: Json) => target.api('POST', '/v1/organizations/import', body);
  const rowCounts = async () => {
    const [row] = await target.gateway.running.runtime.database.dataSource.query(
      `SELECT (SELECT count(*) FROM organization) AS organizations, (SELECT count(*) FROM environment) AS environments, (SELECT count(*) FROM app_signature) AS signatures`,
    );
    return row as Record<string, string>;
  };
  const withDocument = (change: (copy: Json) => void) => {
    const copy = structuredClone(document);
    change(copy);
    return copy;
  };

  beforeAll(async () => {
    [source, target] = await Promise.all([startAdminTestbed(), startAdminTestbed()]);
    const organization = await created(source.api('POST', '/v1/organizations', { name: 'umbrella', displayName: 'Umbrella' }));
    const app = await created(source.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'bank' }));
    const environment = await created(source.api('POST', `/v1/apps/${app.id}/environments`, { name: 'production', customScopes: ['accounts:read'] }));
    environmentId = environment.id;
    await created(source.api('POST', `/v1/environments/${environmentId}/clients`, { name: 'Backend', type: 'confidential', grantTypes: ['client_credentials'] }));
    android = await created(source.api('POST', `/v1/environments/${environmentId}/app-signatures`, ANDROID_BUILD));
    ios = await created(source.api('POST', `/v1/environments/${environmentId}/app-signatures`, IOS_BUILD));
    // A device client as registration makes it: data of the installation, never configuration to move.
    const { client } = await source.gateway.provisioner.createClient({ environmentId, name: 'Pixel 9', type: 'confidential', grantTypes: ['client_credentials'] });
    await source.gateway.running.runtime.database.dataSource.manager.update(ClientEntity, { id: client.id }, { kind: 'device', appSignatureId: android.id });
    device = { id: client.id, clientId: client.clientId };

    document = await created(source.api('GET', `/v1/organizations/${organization.id}/export`), 200);
  });

  afterAll(async () => {
    await source?.stop();
    await target?.stop();
  });

  it('exports every field of both signatures but the key, named in secretsOmitted', () => {
    expect(document.appSignatures).toEqual([
      {
        ref: android.id,
        environment: environmentId,
        identifier: 'com.umbrella.bank',
        version: '4.2.0',
        platform: 'android',
        ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64-T1M',
        redirectUris: ['com.umbrella.bank:/oauth2redirect'],
        scopes: ['openid', 'offline_access'],
        pinMaxAttempts: 3,
        pinMinLength: 5,
        dpop: 'required',
        clientSecretTtlSeconds: 0,
        enabled: true,
        secretsOmitted: ['secret'],
      },
      {
        ref: ios.id,
        environment: environmentId,
        identifier: 'com.umbrella.bank',
        version: '4.2.0',
        platform: 'ios',
        ocraSuite: 'OCRA-1:HOTP-SHA512-8:QN08-T1M',
        redirectUris: IOS_BUILD.redirectUris,
        scopes: ['openid', 'accounts:read'],
        pinMaxAttempts: 5,
        pinMinLength: 6,
        dpop: 'allowed',
        clientSecretTtlSeconds: 86_400,
        enabled: false,
        secretsOmitted: ['secret'],
      },
    ]);
    const text = JSON.stringify(document);
    for (const key of [android.secret, ios.secret]) {
      expect(text.toLowerCase()).not.toContain(key.toLowerCase());
    }
    expect(text).not.toMatch(/"secret(Sealed)?"\s*:|sealed/i);
  });

  it('leaves device clients out of the document: only registered clients are configuration', () => {
    expect(document.clients.map((client: Json) => client.name)).toEqual(['Backend']);
    const text = JSON.stringify(document);
    expect(text).not.toContain(device.clientId);
    expect(text).not.toContain(device.id);
  });

  it('dry-runs: the plan counts the signatures, no secret is missing for them, nothing is written', async () => {
    const before = await rowCounts();
    const dryRun = await importInto({ document, dryRun: true });
    expect(dryRun).toEqual({
      status: 200,
      body: {
        dryRun: true,
        conflicts: [],
        plan: { apps: 1, environments: 1, authServices: 1, clients: 1, groups: 0, authorities: 1, appSignatures: 2 },
        missingSecrets: [],
      },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('imports them with a new key for one and the given key kept for the other, each shown once and sealed; the export equals the first', async () => {
    const imported = await importInto({ document, secrets: { [ios.id]: { secret: IOS_KEY } } });
    expect(imported.status).toBe(201);
    const [newAndroid, newIos] = imported.body.appSignatures;
    expect(imported.body.appSignatures).toEqual([
      { ref: android.id, id: expect.any(String), secret: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { ref: ios.id, id: expect.any(String), secret: IOS_KEY },
    ]);
    expect(newAndroid.secret).not.toBe(android.secret);
    expect(await storedKey(target, newAndroid.id)).toBe(newAndroid.secret);
    expect(await storedKey(target, newIos.id)).toBe(IOS_KEY);

    const environment = imported.body.environments[0];
    const shown = await target.api('GET', `/v1/app-signatures/${newIos.id}`);
    expect(shown).toMatchObject({ status: 200, body: { environmentId: environment.id, platform: 'ios', secretSet: true, enabled: false, scopes: ['openid', 'accounts:read'] } });
    expect(shown.body).not.toHaveProperty('secret');

    const again = await target.api('GET', `/v1/organizations/${imported.body.organization.id}/export`);
    expect(again.status).toBe(200);
    expect(comparable(again.body)).toEqual(comparable(document));

    const events = await target.api('GET', `/v1/audit-events?action=organization.import&targetId=${imported.body.organization.id}`);
    expect(events.body.rows).toEqual([expect.objectContaining({ details: expect.objectContaining({ appSignatures: 2 }) })]);
    const audited = JSON.stringify(events.body).toLowerCase();
    for (const key of [newAndroid.secret, IOS_KEY, android.secret]) expect(audited).not.toContain(key);
  });

  it('without secrets, generates a new key of its hash’s length for each', async () => {
    const copy = await importInto({ document, name: 'umbrella-copy', clientIds: 'new' });
    expect(copy.status).toBe(201);
    const [newAndroid, newIos] = copy.body.appSignatures;
    expect(newAndroid.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(newIos.secret).toMatch(/^[0-9a-f]{128}$/);
    expect(new Set([newAndroid.secret, newIos.secret, android.secret, IOS_KEY]).size).toBe(4);
    expect(await storedKey(target, newAndroid.id)).toBe(newAndroid.secret);
    expect(await storedKey(target, newIos.id)).toBe(newIos.secret);
  });

  it('imports a document from before app signatures with none', async () => {
    const older = withDocument((copy) => delete copy.appSignatures);
    const dryRun = await importInto({ document: older, name: 'umbrella-older', clientIds: 'new', dryRun: true });
    expect(dryRun.body).toMatchObject({ conflicts: [], plan: { appSignatures: 0 } });
    const imported = await importInto({ document: older, name: 'umbrella-older', clientIds: 'new' });
    expect(imported.status).toBe(201);
    expect(imported.body.appSignatures).toEqual([]);
    expect((await target.api('GET', `/v1/environments/${imported.body.environments[0].id}/app-signatures`)).body.rows).toEqual([]);
  });

  const signature = (index: number, change: (signature: Json) => void) => () => ({ document: withDocument((copy) => change(copy.appSignatures[index])) });

  it.each<[string, () => Json, string]>([
    ['a suite with a counter', signature(0, (s) => (s.ocraSuite = 'OCRA-1:HOTP-SHA256-8:C-QH64-T1M')), 'document.appSignatures.0.ocraSuite'],
    ['http://localhost as a redirect URI (RFC 8252 §8.3)', signature(1, (s) => (s.redirectUris = ['http://localhost:8080/cb'])), 'document.appSignatures.1.redirectUris'],
    ['no redirect URI', signature(0, (s) => (s.redirectUris = [])), 'document.appSignatures.0.redirectUris'],
    ['a scope its environment does not have', signature(1, (s) => (s.scopes = ['openid', 'payments:write'])), 'document.appSignatures.1.scopes'],
    ['pinMaxAttempts over 10', signature(0, (s) => (s.pinMaxAttempts = 11)), 'document.appSignatures.0.pinMaxAttempts'],
    ['pinMinLength under 4', signature(0, (s) => (s.pinMinLength = 3)), 'document.appSignatures.0.pinMinLength'],
    ['a negative client secret lifetime', signature(0, (s) => (s.clientSecretTtlSeconds = -1)), 'document.appSignatures.0.clientSecretTtlSeconds'],
    ['another platform', signature(0, (s) => (s.platform = 'windows')), 'document.appSignatures.0.platform'],
    ['an identifier with an empty label', signature(0, (s) => (s.identifier = 'com..bank')), 'document.appSignatures.0.identifier'],
    ['a null setting', signature(0, (s) => (s.dpop = null)), 'document.appSignatures.0.dpop'],
    ['a second signature of one build', signature(1, (s) => (s.platform = 'android')), 'document.appSignatures.1.version'],
    ['an environment of no document', signature(0, (s) => (s.environment = 'nowhere')), 'document.appSignatures.0.environment'],
    ['a ref another object has', () => ({ document: withDocument((copy) => (copy.appSignatures[0].ref = copy.clients[0].ref)) }), 'document.appSignatures.0.ref'],
    ['a key in the document', signature(0, (s) => (s.secret = '5a'.repeat(32))), 'document.appSignatures.0.secret'],
    ['secretsOmitted naming another field', signature(0, (s) => (s.secretsOmitted = ['ocraSuite'])), 'document.appSignatures.0.secretsOmitted'],
    ['a given key of SHA256’s length for SHA512', () => ({ document, secrets: { '<ios ref>': { secret: '5a'.repeat(32) } } }), 'secrets.<ios ref>.secret'],
    ['a given key that is not hex', () => ({ document, secrets: { '<android ref>': { secret: 'zz'.repeat(32) } } }), 'secrets.<android ref>.secret'],
    ['a given key that is no string', () => ({ document, secrets: { '<android ref>': { secret: 42 } } }), 'secrets.<android ref>.secret'],
    ['a secrets key naming no secret of a signature', () => ({ document, secrets: { '<android ref>': { ocraSuite: 'OCRA-1:HOTP-SHA1-6:QN08-T1M' } } }), 'secrets.<android ref>.ocraSuite'],
  ])('refuses %s with a 400 naming the field, creating nothing', async (_case, body, field) => {
    const refs = (text: string) => text.replace('<android ref>', android.id).replace('<ios ref>', ios.id);
    const request = JSON.parse(refs(JSON.stringify(body())));
    const before = await rowCounts();
    for (const dryRun of [true, false]) {
      const answer = await importInto({ ...request, name: 'umbrella-refused', clientIds: 'new', dryRun });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_PARAMETER');
      expect(answer.body.fields.map((problem: Json) => problem.field)).toContain(refs(field));
      expect(JSON.stringify(answer.body).toLowerCase()).not.toContain('5a'.repeat(32));
    }
    expect(await rowCounts()).toEqual(before);
  });
});

/** The same on PGlite, as `npm start` runs without DATABASE_URL: a copy within one installation. */
describe('admin API: app signatures in the organization export and import on PGlite', () => {
  let testbed: AdminTestbed;

  beforeAll(async () => {
    testbed = await startAdminTestbed({ embedded: true });
  });

  afterAll(() => testbed?.stop());

  it('copies the signatures with a new key each, one kept when given; the copy exports alike', async () => {
    const organization = await created(testbed.api('POST', '/v1/organizations', { name: 'initech' }));
    const app = await created(testbed.api('POST', `/v1/organizations/${organization.id}/apps`, { name: 'tps' }));
    const environment = await created(testbed.api('POST', `/v1/apps/${app.id}/environments`, { name: 'staging', customScopes: ['accounts:read'] }));
    const android = await created(testbed.api('POST', `/v1/environments/${environment.id}/app-signatures`, ANDROID_BUILD));
    const ios = await created(testbed.api('POST', `/v1/environments/${environment.id}/app-signatures`, IOS_BUILD));
    const exported = await created(testbed.api('GET', `/v1/organizations/${organization.id}/export`), 200);
    expect(exported.appSignatures.map((signature: Json) => signature.ref)).toEqual([android.id, ios.id]);

    const copy = await created(testbed.api('POST', '/v1/organizations/import', { document: exported, name: 'initech-copy', clientIds: 'new', secrets: { [ios.id]: { secret: IOS_KEY } } }));
    const [newAndroid, newIos] = copy.appSignatures;
    expect(newAndroid.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(newAndroid.secret).not.toBe(android.secret);
    expect(newIos.secret).toBe(IOS_KEY);
    expect(await storedKey(testbed, newAndroid.id)).toBe(newAndroid.secret);
    expect(await storedKey(testbed, newIos.id)).toBe(IOS_KEY);
    // The source's signatures keep their own keys, under their own ids.
    expect(await storedKey(testbed, android.id)).toBe(android.secret);

    const again = await created(testbed.api('GET', `/v1/organizations/${copy.organization.id}/export`), 200);
    expect(comparable(again).appSignatures).toEqual(comparable(exported).appSignatures);
  });
});
