import { InternalOAuthError, TokenError } from 'passport-oauth2';
import { strategyError } from './facebook-errors';

/** passport-facebook's FacebookTokenError, as its token endpoint error parsing builds it. */
function facebookTokenError(type: string, code: number): Error {
  return Object.assign(new Error('Error validating verification code. EAAB-secret-looking'), { name: 'FacebookTokenError', type, code });
}

describe('facebook strategy errors', () => {
  it('answers a dialog error with ACCESS_DENIED, whatever the strategy reported', () => {
    expect(strategyError(new Error('x'), { error: 'server_error', state: 's' })).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(strategyError(new Error('x'), { error_code: '1349048', state: 's' })).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('refuses token endpoint answers by their Graph type and code, never their message', () => {
    const refused = strategyError(facebookTokenError('OAuthException', 100), {});
    expect(refused).toMatchObject({ code: 'UPSTREAM_REJECTED', detail: 'token endpoint: Graph error OAuthException 100' });
    expect(refused.detail).not.toContain('EAAB');
    expect(strategyError(facebookTokenError('OAuthException', 1), {})).toMatchObject({ code: 'UPSTREAM_REJECTED' });
    expect(strategyError(facebookTokenError('OAuthException', 4), {})).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(strategyError(new TokenError('bad code', 'invalid_grant'), {})).toMatchObject({ code: 'UPSTREAM_REJECTED', detail: 'token endpoint: invalid_grant' });
  });

  it('answers no answer, or a 5xx without a Graph error, with UPSTREAM_UNAVAILABLE', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(strategyError(new InternalOAuthError('Failed to obtain access token', refused), {})).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(strategyError(new InternalOAuthError('Failed to obtain access token', { statusCode: 503, data: 'busy' }), {})).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(strategyError(new InternalOAuthError('Failed to obtain access token', { statusCode: 403, data: 'no' }), {})).toMatchObject({ code: 'UPSTREAM_REJECTED' });
    expect(strategyError(new Error('Failed to obtain access token'), {})).toMatchObject({ code: 'UPSTREAM_REJECTED' });
  });
});
