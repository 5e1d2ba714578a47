import { IdentityError } from '@rapidauth/identity';
import { identityRefusal } from './identity-refusals';
import { renderOAuthError } from './oauth-error.filter';

describe('identity refusals as the gateway answers them', () => {
  it.each([
    ['INVALID_CREDENTIALS', 400, 'invalid_grant'],
    ['INVALID_OTP', 400, 'invalid_grant'],
    ['TOO_WEAK_PASSWORD', 400, 'invalid_request'],
    ['INVALID_EMAIL', 400, 'invalid_request'],
    ['MISSING_EMAIL_OR_PASSWORD', 400, 'invalid_request'],
    ['EXISTING_IDENTITY', 409, 'conflict'],
    ['UNVERIFIED_IDENTITY', 403, 'access_denied'],
    ['PROVIDER_DISABLED', 403, 'access_denied'],
    ['RATE_LIMITED', 429, 'slow_down'],
    ['DELIVERY_FAILED', 503, 'temporarily_unavailable'],
  ] as const)('%s → %i %s with the code', (code, status, error) => {
    const answer = renderOAuthError(new IdentityError(code, 'refused', { retryAfter: new Date(Date.now() + 10_000) }), { path: '/v3/auth/email/signup' });
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error, code });
  });

  it('answers INVALID_OTP with attempts_left, and RATE_LIMITED and DELIVERY_FAILED with Retry-After', () => {
    const otp = renderOAuthError(new IdentityError('INVALID_OTP', 'wrong', { attemptsLeft: 3, field: 'code' }), { path: '/x' });
    expect(otp.body).toMatchObject({ attempts_left: 3, fields: [{ field: 'code', message: 'wrong' }] });
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(identityRefusal(new IdentityError('RATE_LIMITED', 'later', { retryAfter: new Date(now + 29_100) }), now)).toMatchObject({ retryAfterSeconds: 30 });
    const delivery = renderOAuthError(new IdentityError('DELIVERY_FAILED', 'the mail server refused'), { path: '/x' });
    expect(delivery.headers).toContainEqual(['Retry-After', '5']);
    expect(JSON.stringify(delivery.body)).not.toContain('mail server');
  });

  it('leaves the codes that are not a refusal of the request to their callers', () => {
    expect(identityRefusal(new IdentityError('MFA_REQUIRED', 'second factor'))).toBeUndefined();
  });
});
