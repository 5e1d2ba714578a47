import { createHash, randomUUID } from 'node:crypto';
import { LocalIdentities } from '@rapidauth/identity';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { startTwoInstances, within, type TwoInstances } from '../../support/two-instances';
import { createNativeApp, createTenant, PASSWORD_APP } from '../../support/tenant';

/**
 * The clients' DPoP settings (`dpopBoundAccessTokens`, `dpopNonceRequired`) changed through the admin
 * API of one instance: refused with a field when not booleans, and in force at the token endpoint and
 * at userinfo of the other instance (a separate process, whose resolved clients are dropped on every
 * tenancy change) within 1 s.
 */
describe('DPoP client settings through the admin API, across instances', () => {
  let instances: TwoInstances;
  let client: { id: string; clientId: string };
  let signer: { privateKey: CryptoKey; jwk: JWK };

  const patch = async (body: Record<string, unknown>) => {
    const response = await fetch(`${instances.first.adminUrl}/v1/clients/${client.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${instances.root}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const proof = (htm: string, htu: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ htm, htu, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.jwk })
      .sign(signer.privateKey);
  /** A password grant at the second instance (its htu is the shared issuer's), with a proof when given. */
  const token = async (dpop?: string) => {
    const response = await fetch(`${instances.second.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(dpop && { DPoP: dpop }) },
      body: new URLSearchParams({ grant_type: 'password', client_id: client.clientId, username: 'gale', password: 'gale password ok', scope: 'openid' }),
    });
    return { response, body: (await response.json()) as Record<string, string> };
  };
  const tokenProof = (claims?: Record<string, unknown>) => proof('POST', `${instances.first.url}/oauth/token`, claims);

  beforeAll(async () => {
    instances = await startTwoInstances();
    const tenant = await createTenant(instances.first.provisioner);
    client = await createNativeApp(instances.first.provisioner, tenant.environment.id, PASSWORD_APP);
    await instances.first.get(LocalIdentities).create(tenant.environment.id, { username: 'gale', password: 'gale password ok' });
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    signer = { privateKey, jwk: await exportJWK(publicKey) };
  });

  afterAll(() => instances?.stop());

  it.each([
    ['dpopBoundAccessTokens', 'yes'],
    ['dpopBoundAccessTokens', 1],
    ['dpopNonceRequired', 'true'],
    ['dpopNonceRequired', [true]],
  ])('refuses %s = %j with a field-level 400, changing nothing', async (field, value) => {
    const refused = await patch({ [field]: value });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ fields: [expect.objectContaining({ field })] });
    const read = await fetch(`${instances.first.adminUrl}/v1/clients/${client.id}`, { headers: { authorization: `Bearer ${instances.root}` } });
    expect(await read.json()).toMatchObject({ dpopBoundAccessTokens: false, dpopNonceRequired: false });
  });

  it('a change takes effect at the other instance: proofs required, then nonces required at the token endpoint and userinfo', async () => {
    // The second instance has resolved (and cached) the client before the change.
    expect((await token()).body).toMatchObject({ token_type: 'Bearer' });

    expect(await patch({ dpopBoundAccessTokens: true })).toMatchObject({ status: 200, body: { dpopBoundAccessTokens: true, dpopNonceRequired: false } });
    expect(await within(1000, async () => (await token()).body.code === 'INVALID_DPOP_PROOF')).toBe(true);
    const bound = await token(await tokenProof());
    expect(bound.body).toMatchObject({ token_type: 'DPoP' });

    expect(await patch({ dpopNonceRequired: true })).toMatchObject({ status: 200, body: { dpopBoundAccessTokens: true, dpopNonceRequired: true } });
    expect(await within(1000, async () => (await token(await tokenProof())).body.code === 'USE_DPOP_NONCE')).toBe(true);
    // A token bound before the change now needs a nonce at the resource too (RFC 9449 §9).
    const userinfoUrl = `${instances.first.url}/oauth/userinfo`;
    const ath = createHash('sha256').update(bound.body.access_token).digest('base64url');
    const userinfo = async (claims: Record<string, unknown>) =>
      fetch(userinfoUrl.replace(instances.first.url, instances.second.url), {
        headers: { authorization: `DPoP ${bound.body.access_token}`, DPoP: await proof('GET', userinfoUrl, { ath, ...claims }) },
      });
    const asked = await userinfo({});
    expect(asked.status).toBe(401);
    expect(await asked.json()).toMatchObject({ error: 'use_dpop_nonce', code: 'USE_DPOP_NONCE' });
    const nonce = asked.headers.get('dpop-nonce')!;
    expect((await userinfo({ nonce })).status).toBe(200);
    expect((await token(await tokenProof({ nonce }))).body).toMatchObject({ token_type: 'DPoP' });

    expect((await patch({ dpopBoundAccessTokens: false, dpopNonceRequired: false })).status).toBe(200);
    expect(await within(1000, async () => (await token()).body.token_type === 'Bearer')).toBe(true);
  });
});
