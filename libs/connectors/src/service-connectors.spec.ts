import { randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '@rapidauth/config';
import type { AuthServiceEntity } from '@rapidauth/database';
import type { LocalIdentities } from '@rapidauth/identity';
import type { TenancyChanges } from '@rapidauth/tenancy';
import { DISABLED_METRICS } from '@rapidauth/observability';
import { Vault } from '@rapidauth/vault';
import { ConnectorError, ConnectorRegistry, ServiceConnectors, type AssertionReplays, type Connector, type ConnectorFactory, type OpenedService } from '.';

const SHARED_SECRET = 'a-shared-secret-of-at-least-32-characters';
const CONFIG = { redirectUris: ['https://app.example.com/cb'], allowedAttributes: ['groups'], providerUri: 'https://adaptor.example.com/auth', timeoutMs: 2000 };

describe('ServiceConnectors', () => {
  let registry: ConnectorRegistry;
  let vault: Vault;
  let connectors: ServiceConnectors;
  let announce: () => void;
  let built: { opened: OpenedService; closed: boolean }[];

  /** A stand-in for a type's factory that records what it was given and whether it was closed. */
  const recordingFactory: ConnectorFactory = (opened) => {
    const record = { opened, closed: false };
    built.push(record);
    return { service: opened, formLogin: { login: jest.fn() }, close: async () => void (record.closed = true) } as Connector;
  };

  const service = (overrides: Partial<AuthServiceEntity> = {}): AuthServiceEntity => {
    const id = overrides.id ?? randomUUID();
    return {
      id,
      organizationId: randomUUID(),
      environmentId: randomUUID(),
      name: 'Adaptor',
      description: null,
      type: 'custom',
      config: CONFIG,
      encryptedSecrets: connectors.sealSecrets(id, { sharedSecret: SHARED_SECRET }),
      enabled: true,
      createdAt: new Date(0),
      updatedAt: new Date(1000),
      ...overrides,
    } as AuthServiceEntity;
  };

  beforeEach(async () => {
    built = [];
    registry = new ConnectorRegistry();
    jest.spyOn(registry, 'factoryOf').mockImplementation((type) => (type === 'custom' ? recordingFactory : ConnectorRegistry.prototype.factoryOf.call(registry, type)));
    vault = new Vault({ keyId: 'k1', key: randomBytes(32) });
    const changes = { subscribe: async (handler: () => void) => void (announce = handler) } as unknown as TenancyChanges;
    connectors = new ServiceConnectors(registry, vault, changes, {} as LocalIdentities, {} as AssertionReplays, { publicUrl: 'https://auth.example.com' } as AppConfig, DISABLED_METRICS);
    await connectors.onApplicationBootstrap();
  });

  it('opens a stored service: config validated again with its defaults, secrets unsealed apart', async () => {
    const stored = service({ config: { redirectUris: CONFIG.redirectUris, allowedAttributes: [], providerUri: CONFIG.providerUri } });
    const connector = await connectors.open(stored);
    expect(connector.service).toEqual({
      id: stored.id,
      type: 'custom',
      organizationId: stored.organizationId,
      environmentId: stored.environmentId,
      config: expect.objectContaining({ providerUri: CONFIG.providerUri, timeoutMs: 5000, tokenTtl: 3600 }),
      secrets: { sharedSecret: SHARED_SECRET },
      updatedAt: stored.updatedAt,
    });
    expect(connector.service.config).not.toHaveProperty('sharedSecret');
  });

  it('keeps one connector per service version, closing the one a newer version replaces', async () => {
    const stored = service();
    const first = await connectors.open(stored);
    expect(await connectors.open({ ...stored } as AuthServiceEntity)).toBe(first);
    expect(built).toHaveLength(1);

    const edited = await connectors.open({ ...stored, updatedAt: new Date(2000) } as AuthServiceEntity);
    expect(edited).not.toBe(first);
    expect(built.map((record) => record.closed)).toEqual([true, false]);
  });

  it('builds once for concurrent first opens', async () => {
    const stored = service();
    const [a, b] = await Promise.all([connectors.open(stored), connectors.open(stored)]);
    expect(a).toBe(b);
    expect(built).toHaveLength(1);
  });

  it('drops and closes every connector on a tenancy change, so an edit reaches this instance', async () => {
    const stored = service();
    const before = await connectors.open(stored);
    announce();
    await new Promise((resolve) => setImmediate(resolve));
    expect(built[0].closed).toBe(true);
    expect(await connectors.open(stored)).not.toBe(before);
  });

  it('closes what it holds at shutdown', async () => {
    await connectors.open(service());
    await connectors.onApplicationShutdown();
    expect(built[0].closed).toBe(true);
  });

  it('answers UPSTREAM_UNAVAILABLE, naming no value, for a stored config that no longer validates, and retries next time', async () => {
    const stored = service({ config: { ...CONFIG, timeoutMs: -1 } });
    const refused = await connectors.open(stored).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect(refused).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(JSON.stringify(refused)).not.toContain(SHARED_SECRET);
    expect(built).toHaveLength(0);
    await expect(connectors.open({ ...stored, config: CONFIG } as AuthServiceEntity)).resolves.toMatchObject({ service: { id: stored.id } });
  });

  it('keeps token settings written around the admin API as stored: the token paths read them with fallbacks', async () => {
    const stored = service({ config: { ...CONFIG, refreshTokenTtl: 2, grantTtl: 0 } });
    expect((await connectors.open(stored)).service.config).toMatchObject({ refreshTokenTtl: 2, grantTtl: 0, timeoutMs: 2000, tokenTtl: 3600 });
    // Anything else still refuses, also beside such a setting.
    const broken = service({ config: { ...CONFIG, refreshTokenTtl: 2, providerUri: 'not a url' } });
    await expect(connectors.open(broken)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it("seals secrets for their one service: another service's sealed value does not open", async () => {
    const stored = service();
    expect(connectors.openSecrets(stored)).toEqual({ sharedSecret: SHARED_SECRET });
    expect(connectors.sealSecrets(stored.id, {})).toBeNull();
    const copied = { id: randomUUID(), encryptedSecrets: stored.encryptedSecrets };
    expect(() => connectors.openSecrets(copied)).toThrow(/failed authentication/);
    await expect(connectors.open({ ...stored, id: copied.id } as AuthServiceEntity)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('opens the local service into the own-identities login', async () => {
    const local = await connectors.open(service({ type: 'local', config: { redirectUris: [], allowedAttributes: [] }, encryptedSecrets: null }));
    expect(local.ownLogin).toBeDefined();
    expect(local.formLogin).toBeUndefined();
  });

  it('opens an unsaved service through its factory each time, caching nothing', async () => {
    const { config, secrets } = registry.validate('custom', { ...CONFIG, sharedSecret: SHARED_SECRET });
    const opened: OpenedService = { id: randomUUID(), type: 'custom', organizationId: randomUUID(), environmentId: null, config, secrets, updatedAt: new Date() };
    expect(connectors.openUnsaved(opened).service).toBe(opened);
    connectors.openUnsaved(opened);
    expect(built.map((record) => record.opened)).toEqual([opened, opened]);
    announce();
    expect(built.map((record) => record.closed)).toEqual([false, false]);
  });

  it('refuses, as the upstream answer, an identity whose user id is empty or longer than an identity can hold', async () => {
    const login = jest.fn();
    jest.spyOn(registry, 'factoryOf').mockReturnValue((opened) => ({ service: opened, formLogin: { login }, close: async () => undefined }) as Connector);
    const connector = await connectors.open(service());
    const context = { environmentId: randomUUID(), ip: '127.0.0.1', now: new Date() };
    for (const providerUid of ['', 'u'.repeat(256)]) {
      login.mockResolvedValueOnce({ providerUid, attributes: {} });
      await expect(connector.formLogin!.login({ username: 'ann', password: 'pw' }, context)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
    }
    login.mockResolvedValueOnce({ providerUid: 'u'.repeat(255), attributes: {} });
    await expect(connector.formLogin!.login({ username: 'ann', password: 'pw' }, context)).resolves.toMatchObject({ providerUid: 'u'.repeat(255) });
    expect(login).toHaveBeenCalledTimes(3);
  });
});
