import { RecoveryCodes, TOTP_SETTINGS, TotpFactors } from '@rapidauth/identity';
import { generate } from 'otplib';
import { startAdminTestbed, type AdminTestbed } from '../../support/admin-api';
import { createTenant } from '../../support/tenant';

/** Resetting a user's second factor over the admin API, for a user who lost the authenticator and the recovery codes. */
describe('admin API: user second factor', () => {
  let testbed: AdminTestbed;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  const api: AdminTestbed['api'] = (...call) => testbed.api(...call);
  const events = async () =>
    (await api('GET', `/v1/audit-events?organizationId=${tenant.organization.id}&action=user.mfa_reset&limit=100`)).body.rows as Array<Record<string, unknown>>;

  beforeAll(async () => {
    testbed = await startAdminTestbed();
    tenant = await createTenant(testbed.gateway.provisioner);
  });

  afterAll(() => testbed?.stop());

  it('removes the authenticator and the recovery codes (204, audited); the user may enrol again', async () => {
    const { body: user } = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'tess', password: 'tess has a strong one' });
    const factors = testbed.gateway.get(TotpFactors);
    const { secret } = await factors.beginEnrolment({ id: user.uid, environmentId: tenant.environment.id }, 'Acme', 'tess');
    const { recoveryCodes } = await factors.confirm(user.uid, await generate({ secret, ...TOTP_SETTINGS }));
    expect(await factors.status(user.uid)).toEqual({ totp: true, recoveryCodesLeft: 10 });

    const reset = await api('DELETE', `/v1/users/${user.uid}/mfa`);
    expect(reset.status).toBe(204);
    expect(reset.body).toEqual({});
    expect(await factors.status(user.uid)).toEqual({ totp: false, recoveryCodesLeft: 0 });
    await expect(testbed.gateway.get(RecoveryCodes).consume(user.uid, recoveryCodes[0])).rejects.toMatchObject({ code: 'INVALID_OTP' });
    await expect(factors.beginEnrolment({ id: user.uid, environmentId: tenant.environment.id }, 'Acme', 'tess')).resolves.toMatchObject({ secret: expect.any(String) });

    expect(await events()).toEqual([expect.objectContaining({ action: 'user.mfa_reset', outcome: 'success', targetType: 'user', targetId: user.uid })]);
    // Nothing of the secret or the codes reaches the audit log.
    expect(JSON.stringify(await events())).not.toContain(secret);
  });

  it('answers 204 for a user without a second factor, 404 for an unknown user or what is not a uid, 401 without a token', async () => {
    const { body: user } = await api('POST', `/v1/environments/${tenant.environment.id}/users`, { username: 'ugo', password: 'ugo has a strong one' });
    expect((await api('DELETE', `/v1/users/${user.uid}/mfa`)).status).toBe(204);
    const unknown = await api('DELETE', '/v1/users/00000000-0000-4000-8000-000000000000/mfa');
    expect(unknown.status).toBe(404);
    // The permission guard looks the user up before the route's pipes run: no such user.
    expect((await api('DELETE', '/v1/users/not-a-uid/mfa')).status).toBe(404);
    expect((await api('DELETE', `/v1/users/${user.uid}/mfa`, undefined, null)).status).toBe(401);
  });
});
