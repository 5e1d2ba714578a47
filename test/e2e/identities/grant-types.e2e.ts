import { IdentityMethods } from '@rapidauth/identity';
import { startScratchGateway, type GatewayInstance } from '../../support/gateway-instance';
import { answerOf } from '../../support/json-answer';
import { basicAuth, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

const URNS = [
  'urn:rapidauth:grant-type:anonymous',
  'urn:rapidauth:grant-type:email-password',
  'urn:rapidauth:grant-type:email-otp',
  'urn:rapidauth:grant-type:phone-otp',
  'urn:rapidauth:grant-type:mfa-otp',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
];

/** Every own-identity grant is in discovery's grant_types_supported and is a grant of POST /oauth/token. */
describe('own-identity grant types', () => {
  let gateway: GatewayInstance;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    gateway = await startScratchGateway();
    tenant = await createTenant(gateway.provisioner);
    await gateway.get(IdentityMethods).update(tenant.environment.id, { anonymous: { enabled: true }, email: { enabled: true }, phone: { enabled: true }, customToken: { enabled: true, secret: 'a backend secret of at least thirty-two chars' } });
  });

  afterAll(() => gateway?.stop());

  it('lists each in discovery', async () => {
    const discovery = (await (await fetch(`${gateway.url}/.well-known/openid-configuration`)).json()) as { grant_types_supported: string[] };
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(URNS));
  });

  it.each(URNS)('answers %s at /oauth/token as a known grant (never unsupported_grant_type)', async (grantType) => {
    const answer = await answerOf(await postForm(`${gateway.url}/oauth/token`, { grant_type: grantType }, basicAuth(tenant.environment.appKey, tenant.appSecret)));
    if (grantType.endsWith(':anonymous')) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
      return;
    }
    // Without its proof: a 400 naming the missing parameter, from the grant itself.
    expect(answer.status).toBe(400);
    expect(answer.body.error).not.toBe('unsupported_grant_type');
    expect(answer.body.error).toBe('invalid_request');
    // The email grants name their own code for a missing address (the catalogue's MISSING_EMAIL_OR_PASSWORD).
    expect(answer.body.code).toBe(grantType.includes(':email-') ? 'MISSING_EMAIL_OR_PASSWORD' : 'MISSING_PARAMETER');
  });
});
