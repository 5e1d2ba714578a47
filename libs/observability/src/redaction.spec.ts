import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides the values of sensitive parameters and keeps the rest', () => {
    expect(redactUrl('/oauth2/svc/callback?code=abc123&iss=xyz')).toBe('/oauth2/svc/callback?code=%5Bredacted%5D&iss=xyz');
    expect(redactUrl('/x?Access_Token=t&client_secret=s')).not.toMatch(/=t(&|$)|=s(&|$)/);
  });

  it('hides login transactions, ID token hints and state, however the name is encoded', () => {
    const redacted = redactUrl('/oauth/session/end?id_token_hint=eyJh.b.c&state=s3cr3t&lo%67in_tx=tx123&post_logout_redirect_uri=https%3A%2F%2Fa');
    expect(redacted).not.toMatch(/eyJh|s3cr3t|tx123/);
    expect(redacted).toContain('post_logout_redirect_uri=https%3A%2F%2Fa');
  });

  it('leaves URLs without sensitive parameters untouched', () => {
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/v3/oauth/auth?client_id=a&scope=openid%20profile')).toBe('/v3/oauth/auth?client_id=a&scope=openid%20profile');
  });
});
