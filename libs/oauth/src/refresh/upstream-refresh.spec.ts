import { ConnectorError, ConnectorRegistry, type Connector, type ServiceConnectors } from '@rapidauth/connectors';
import type { AuthServiceEntity } from '@rapidauth/database';
import type { UpstreamIdentities } from '@rapidauth/identity';
import { VaultOpenError, type TokenVault } from '@rapidauth/vault';
import type { DataSource } from 'typeorm';
import type { AppClient } from '../clients/resolved-client';
import { InvalidGrantError, ServiceUnavailableError } from '../errors';
import type { LoginFamily, RefreshTokens } from './refresh-tokens';
import { UpstreamRefresh } from './upstream-refresh';

describe('UpstreamRefresh', () => {
  const family = { id: 'family-1', clientId: 'client-1', environmentId: 'env-1', identityId: 'identity-1', authServiceId: 'service-1' } as LoginFamily;
  const upstreamRefresh = jest.fn();
  const revokeFamily = jest.fn();
  const open = jest.fn();
  const refreshProfile = jest.fn();
  const putForFamily = jest.fn();
  const get = jest.fn();
  const takeLease = jest.fn();
  const releaseLease = jest.fn();
  const findOneBy = jest.fn();
  const manager = { findOneBy };
  const service = (type: string) => ({ id: 'service-1', type }) as AuthServiceEntity;
  const client = (type = 'ldap') => ({ clientId: 'client-1', service: { id: 'service-1', stored: service(type) } }) as unknown as AppClient;
  const connector = { service: { id: 'service-1', config: { allowedAttributes: ['groups'] } }, refresh: { refresh: upstreamRefresh } } as unknown as Connector;
  const refresher = new UpstreamRefresh(
    { manager } as unknown as DataSource,
    { revokeFamily } as unknown as RefreshTokens,
    new ConnectorRegistry(),
    { open } as unknown as ServiceConnectors,
    { providerUidOf: async () => 'uid-1', refreshProfile } as unknown as UpstreamIdentities,
    { get, putForFamily, takeLease, releaseLease } as unknown as TokenVault,
    { leaseSeconds: 0.2, pollMs: 10 },
  );
  const confirm = (on = client(), login = family) => refresher.confirm({ family: login, client: on, ip: '192.0.2.1', now: new Date() });

  beforeEach(() => {
    jest.resetAllMocks();
    open.mockResolvedValue(connector);
    get.mockResolvedValue({ session: { value: 'upstream-token' } });
    takeLease.mockResolvedValue('taken');
    // The background validation has no client: it reads the family's service by id.
    findOneBy.mockResolvedValue(service('oidc'));
  });

  it('asks the upstream with the identity and the vault tokens; its answer replaces the profile and the tokens', async () => {
    const tokens = { session: { value: 'new-token' } };
    upstreamRefresh.mockResolvedValue({ providerUid: 'uid-1', attributes: { groups: ['staff'] }, tokens });
    await confirm();
    expect(upstreamRefresh).toHaveBeenCalledWith({ providerUid: 'uid-1', tokens: { session: { value: 'upstream-token' } } }, expect.objectContaining({ environmentId: 'env-1' }));
    expect(refreshProfile).toHaveBeenCalledWith('identity-1', 'service-1', expect.objectContaining({ attributes: { groups: ['staff'] } }), ['groups']);
    expect(putForFamily).toHaveBeenCalledWith(manager, 'family-1', tokens);
    // Writing the tokens ends the lease: nothing to release.
    expect(releaseLease).not.toHaveBeenCalled();
  });

  it('asks under the family lease, and waits while another instance holds it, then reads the tokens that one wrote', async () => {
    takeLease.mockResolvedValueOnce('held').mockResolvedValueOnce('held').mockResolvedValue('taken');
    get.mockResolvedValue({ session: { value: 'written-by-the-other' } });
    upstreamRefresh.mockResolvedValue(null);
    await confirm();
    expect(takeLease).toHaveBeenCalledTimes(3);
    expect(new Set(takeLease.mock.calls.map(([familyId, holder]) => `${familyId} ${holder}`)).size).toBe(1);
    expect(get.mock.invocationCallOrder[0]).toBeGreaterThan(takeLease.mock.invocationCallOrder[2]);
    expect(upstreamRefresh).toHaveBeenCalledWith({ providerUid: 'uid-1', tokens: { session: { value: 'written-by-the-other' } } }, expect.anything());
    expect(releaseLease).toHaveBeenCalledWith('family-1', takeLease.mock.calls[0][1], false);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE, asking nothing and revoking nothing, when the lease is never released', async () => {
    takeLease.mockResolvedValue('held');
    const refused = await confirm().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(upstreamRefresh).not.toHaveBeenCalled();
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('asks without a lease a family that has no vault entry', async () => {
    takeLease.mockResolvedValue('none');
    get.mockResolvedValue(undefined);
    upstreamRefresh.mockResolvedValue(null);
    await confirm();
    expect(upstreamRefresh).toHaveBeenCalledWith({ providerUid: 'uid-1' }, expect.anything());
    expect(releaseLease).not.toHaveBeenCalled();
  });

  it('asks the upstream without tokens when the vault entry no longer opens', async () => {
    get.mockRejectedValue(new VaultOpenError('entry e-1 does not open'));
    upstreamRefresh.mockResolvedValue(null);
    await confirm();
    expect(upstreamRefresh).toHaveBeenCalledWith({ providerUid: 'uid-1' }, expect.anything());
  });

  it('does nothing more when the upstream has nothing to refresh', async () => {
    upstreamRefresh.mockResolvedValue(null);
    await confirm();
    expect(refreshProfile).not.toHaveBeenCalled();
    expect(putForFamily).not.toHaveBeenCalled();
  });

  it('revokes the family and answers invalid_grant UPSTREAM_REFRESH_FAILED when the upstream refuses the user', async () => {
    upstreamRefresh.mockRejectedValue(new ConnectorError('UPSTREAM_REFRESH_FAILED', 'gone'));
    const refused = await confirm().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidGrantError);
    expect(refused).toMatchObject({ error: 'invalid_grant', code: 'UPSTREAM_REFRESH_FAILED' });
    expect(revokeFamily).toHaveBeenCalledWith('family-1', 'upstream_refresh_failed', expect.any(Date));
  });

  it('releases the lease, keeping the entry due, when the upstream cannot be asked', async () => {
    upstreamRefresh.mockRejectedValue(new ConnectorError('UPSTREAM_UNAVAILABLE', 'down'));
    await expect(confirm()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(releaseLease).toHaveBeenCalledWith('family-1', expect.any(String), false);
  });

  it('answers 503 UPSTREAM_UNAVAILABLE with the retry delay and revokes nothing when the upstream cannot be asked', async () => {
    upstreamRefresh.mockRejectedValue(new ConnectorError('UPSTREAM_UNAVAILABLE', 'down', { retryAfterSeconds: 7 }));
    const refused = await confirm().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 7 });
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('asks no upstream for a local login or a login without an identity', async () => {
    await confirm(client('local'));
    await confirm(client(), { ...family, identityId: null });
    expect(open).not.toHaveBeenCalled();
    expect(upstreamRefresh).not.toHaveBeenCalled();
  });

  describe('in the background', () => {
    const dueBy = new Date();
    const background = () => refresher.confirmInBackground(family, dueBy, new Date());

    it('skips a login another instance is confirming or has just refreshed', async () => {
      takeLease.mockResolvedValue('held');
      expect(await background()).toBe('skipped');
      expect(takeLease).toHaveBeenCalledWith('family-1', expect.any(String), 0.2, dueBy);
      expect(open).not.toHaveBeenCalled();
    });

    it('counts new tokens as refreshed, and nothing to refresh as confirmed, no longer due', async () => {
      upstreamRefresh.mockResolvedValueOnce({ providerUid: 'uid-1', attributes: {}, tokens: { session: { value: 'new' } } });
      expect(await background()).toBe('refreshed');
      expect(releaseLease).not.toHaveBeenCalled();
      upstreamRefresh.mockResolvedValueOnce(null);
      expect(await background()).toBe('confirmed');
      expect(releaseLease).toHaveBeenCalledWith('family-1', expect.any(String), true);
    });

    it('revokes a refused login, and leaves one whose upstream cannot be asked due', async () => {
      upstreamRefresh.mockRejectedValueOnce(new ConnectorError('UPSTREAM_REFRESH_FAILED', 'gone'));
      expect(await background()).toBe('revoked');
      expect(revokeFamily).toHaveBeenCalledWith('family-1', 'upstream_refresh_failed', expect.any(Date));
      upstreamRefresh.mockRejectedValueOnce(new ConnectorError('UPSTREAM_UNAVAILABLE', 'down'));
      expect(await background()).toBe('unavailable');
      expect(releaseLease).toHaveBeenLastCalledWith('family-1', expect.any(String), false);
    });

    it('stops picking a login with no upstream to ask', async () => {
      expect(await refresher.confirmInBackground({ ...family, identityId: null }, dueBy, new Date())).toBe('confirmed');
      expect(releaseLease).toHaveBeenCalledWith('family-1', expect.any(String), true);
      expect(upstreamRefresh).not.toHaveBeenCalled();
    });
  });

  it("has the rotation stop first only for a user's login through an existing service that signs in upstream", () => {
    expect(refresher.confirmsFirst(family, 'ldap')).toBe(true);
    expect(refresher.confirmsFirst(family, 'custom')).toBe(true);
    expect(refresher.confirmsFirst(family, 'local')).toBe(false);
    expect(refresher.confirmsFirst(family, null)).toBe(false);
    expect(refresher.confirmsFirst({ ...family, identityId: null }, 'ldap')).toBe(false);
  });
});
