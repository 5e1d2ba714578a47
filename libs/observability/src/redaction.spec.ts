import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides the values of sensitive parameters and keeps the rest', () => {
    expect(redactUrl('/oauth2/svc/callback?code=abc123&state=xyz')).toBe('/oauth2/svc/callback?code=%5Bredacted%5D&state=xyz');
    expect(redactUrl('/x?Access_Token=t&client_secret=s')).not.toMatch(/=t(&|$)|=s(&|$)/);
  });

  it('leaves URLs without sensitive parameters untouched', () => {
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/v3/oauth/auth?client_id=a&scope=openid%20profile')).toBe('/v3/oauth/auth?client_id=a&scope=openid%20profile');
  });
});
