import { absoluteUriProblem, httpUrlProblem, scopeProblem, secureHttpUrlProblem } from './checks';

describe('config checks', () => {
  it('takes http and https URLs with a host and no credentials', () => {
    expect(httpUrlProblem('https://as.example.com/token')).toBeUndefined();
    expect(httpUrlProblem('http://10.0.0.5:8080/token')).toBeUndefined();
    for (const bad of ['as.example.com/token', 'ftp://as.example.com', 'https://client:secret@as.example.com/token', 'javascript:alert(1)']) {
      expect(httpUrlProblem(bad)).toEqual(expect.any(String));
    }
  });

  it('takes https URLs, and http only to a loopback host, for always-TLS providers', () => {
    for (const good of ['https://graph.facebook.com/v19.0', 'http://127.0.0.1:8080/graph', 'http://localhost/dialog', 'http://[::1]:9/x']) {
      expect(secureHttpUrlProblem(good)).toBeUndefined();
    }
    for (const bad of ['http://graph.facebook.com/v19.0', 'http://10.0.0.5/graph', 'https://app:secret@graph.facebook.com', 'ftp://127.0.0.1/']) {
      expect(secureHttpUrlProblem(bad)).toEqual(expect.any(String));
    }
  });

  it('takes any absolute URI, URNs included', () => {
    expect(absoluteUriProblem('urn:example:issuer')).toBeUndefined();
    expect(absoluteUriProblem('https://op.example.com')).toBeUndefined();
    expect(absoluteUriProblem('op.example.com')).toEqual(expect.any(String));
  });

  it('takes RFC 6749 scope tokens separated by single spaces', () => {
    expect(scopeProblem('openid profile email')).toBeUndefined();
    expect(scopeProblem('https://graph.example.com/read user:email')).toBeUndefined();
    for (const bad of ['openid  profile', ' openid', 'openid ', 'say"hi"', 'back\\slash', 'tab\there']) {
      expect(scopeProblem(bad)).toEqual(expect.any(String));
    }
  });
});
