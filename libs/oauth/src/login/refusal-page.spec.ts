import { TooManyRequestsError } from '../errors';
import { FormLoginError } from './form-login.error';
import { refusalPage } from './refusal-page';

describe('refusalPage', () => {
  it.each([
    ['INVALID_CREDENTIALS', 401],
    ['ACCOUNT_DISABLED', 401],
    ['IDENTITY_TEMPORARILY_LOCKED', 401],
    ['UPSTREAM_REJECTED', 400],
  ] as const)('answers %s with %i and no Retry-After', (code, status) => {
    expect(refusalPage(new FormLoginError(code, 'refused'))).toEqual({ status, error: code });
  });

  it('answers an unreachable upstream with 503 and its retry delay, a few seconds when it gave none', () => {
    expect(refusalPage(new FormLoginError('UPSTREAM_UNAVAILABLE', 'down', 12))).toEqual({ status: 503, error: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 12 });
    expect(refusalPage(new FormLoginError('UPSTREAM_UNAVAILABLE', 'down'))).toEqual({ status: 503, error: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 5 });
  });

  it('answers the rate limit with 429 and its window', () => {
    expect(refusalPage(new TooManyRequestsError(30))).toEqual({ status: 429, error: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });
});
