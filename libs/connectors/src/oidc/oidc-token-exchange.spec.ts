import { idTokenAlgorithms, idTokenReplayKey, isOtherJwtType } from './oidc-token-exchange';

describe('oidc token exchange, pure parts', () => {
  it('accepts the asymmetric algorithms the provider advertises, RS256 when it advertises none of them', () => {
    expect(idTokenAlgorithms(['RS256', 'ES256', 'HS256', 'none', 'PS256'])).toEqual(['RS256', 'ES256', 'PS256']);
    expect(idTokenAlgorithms(['HS256', 'HS512', 'none'])).toEqual(['RS256']);
    expect(idTokenAlgorithms(undefined)).toEqual(['RS256']);
    expect(idTokenAlgorithms('ES256')).toEqual(['RS256']);
    expect(idTokenAlgorithms(['EdDSA', 'EdDSA', 42])).toEqual(['EdDSA']);
  });

  it('keys the replay cache by jti, else by a hash of the whole token; every key fits the table', () => {
    expect(idTokenReplayKey('a.b.c', 'jti-1')).toBe('jti:jti-1');
    expect(idTokenReplayKey('a.b.c', undefined)).toMatch(/^sha256:[\w-]{43}$/);
    expect(idTokenReplayKey('a.b.c', undefined)).not.toBe(idTokenReplayKey('a.b.d', undefined));
    expect(idTokenReplayKey('a.b.c', '')).toBe(idTokenReplayKey('a.b.c', 42));
    const long = idTokenReplayKey('a.b.c', 'j'.repeat(5000));
    expect(long).toMatch(/^jti-sha256:[\w-]{43}$/);
    expect(long).not.toBe(idTokenReplayKey('a.b.c', `${'j'.repeat(4999)}k`));
    // A jti that looks like a hash key stays apart from one.
    expect(idTokenReplayKey('a.b.c', idTokenReplayKey('a.b.c', undefined))).not.toBe(idTokenReplayKey('a.b.c', undefined));
  });

  it('refuses JWTs explicitly typed as another kind (access, logout, security event tokens)', () => {
    expect(isOtherJwtType(undefined)).toBe(false);
    expect(isOtherJwtType('JWT')).toBe(false);
    for (const typ of ['at+jwt', 'application/at+JWT', 'logout+jwt', 'secevent+jwt', 42]) expect(isOtherJwtType(typ)).toBe(true);
  });
});
