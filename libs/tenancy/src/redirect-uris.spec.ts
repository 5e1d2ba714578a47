import { redirectUriMatches, redirectUriProblem } from './redirect-uris';

describe('redirect URI rules', () => {
  it.each([
    ['https://app.example.com/cb', 'web'],
    ['http://127.0.0.1:8080/callback', 'web'],
    ['http://[::1]/cb', 'native'],
    ['com.example.app:/oauth2redirect', 'native'],
  ] as const)('accepts %s for %s apps', (uri, type) => {
    expect(redirectUriProblem(uri, type)).toBeUndefined();
  });

  it.each([
    ['http://app.example.com/cb', 'web', /loopback/],
    ['http://localhost:8080/cb', 'native', /loopback/],
    ['https://app.example.com/cb#frag', 'web', /fragment/],
    ['com.example.app:/cb', 'web', /https/],
    ['myapp:/cb', 'native', /reverse-domain/],
    ['/relative', 'web', /absolute/],
    ['javascript:alert(1)', 'native', /reverse-domain/],
  ] as const)('rejects %s for %s apps', (uri, type, problem) => {
    expect(redirectUriProblem(uri, type)).toMatch(problem);
  });

  it('matches exactly, and native loopback URIs on any port', () => {
    const registered = ['https://app.example.com/cb', 'http://127.0.0.1/callback'];
    expect(redirectUriMatches('https://app.example.com/cb', registered, 'web')).toBe(true);
    expect(redirectUriMatches('https://app.example.com/cb/', registered, 'web')).toBe(false);
    expect(redirectUriMatches('https://app.example.com/cb?x=1', registered, 'web')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1:51004/callback', registered, 'native')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:51004/callback', registered, 'web')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1:51004/other', registered, 'native')).toBe(false);
    expect(redirectUriMatches('http://[::1]:51004/callback', registered, 'native')).toBe(false);
  });
});
