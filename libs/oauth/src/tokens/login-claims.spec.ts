import {
  accessTokenLoginClaims,
  formLoginClaims,
  idTokenLoginClaims,
  introspectionLoginClaims,
  loginClaimsColumns,
  loginClaimsOf,
  NO_LOGIN_CLAIMS,
  storedLoginClaims,
  upstreamLoginClaims,
} from './login-claims';

const UID = '5b0c7c8e-7f6e-4d8a-9a53-2f1d6c1e0a11';
const alice = { provider: 'local', providerUid: 'alice' };

describe('login claims', () => {
  it('a password login proves pwd (RFC 8176 §2); a login another IdP vouched for proves nothing RFC 8176 names', () => {
    expect(formLoginClaims(alice)).toEqual({ provider: 'local', providerUid: 'alice', amr: ['pwd'] });
    expect(upstreamLoginClaims({ provider: 'svc-1', providerUid: 'sub-9' })).toEqual({ provider: 'svc-1', providerUid: 'sub-9', amr: null });
  });

  it('writes uid and every claim the login has into a user access token, and only uid for a grant login', () => {
    expect(accessTokenLoginClaims(UID, formLoginClaims(alice))).toEqual({ uid: UID, provider: 'local', providerUid: 'alice', amr: ['pwd'] });
    expect(accessTokenLoginClaims(UID, upstreamLoginClaims(alice))).toEqual({ uid: UID, provider: 'local', providerUid: 'alice' });
    expect(accessTokenLoginClaims(UID, NO_LOGIN_CLAIMS)).toEqual({ uid: UID });
    expect(accessTokenLoginClaims(UID, { ...NO_LOGIN_CLAIMS, amr: [] })).toEqual({ uid: UID });
  });

  it('gives ID tokens amr only, and introspection provider and providerUid only', () => {
    expect(idTokenLoginClaims(formLoginClaims(alice))).toEqual({ amr: ['pwd'] });
    expect(idTokenLoginClaims(upstreamLoginClaims(alice))).toEqual({});
    const token = accessTokenLoginClaims(UID, formLoginClaims(alice));
    expect(introspectionLoginClaims(token)).toEqual({ provider: 'local', providerUid: 'alice' });
    expect(introspectionLoginClaims({})).toEqual({});
    expect(introspectionLoginClaims(NO_LOGIN_CLAIMS)).toEqual({});
  });

  it('keeps what it is given: a token never shares the recorded array', () => {
    const claims = { provider: 'local', providerUid: 'alice', amr: ['pwd' as const] };
    const token = accessTokenLoginClaims(UID, claims);
    token.amr!.push('otp');
    expect(claims.amr).toEqual(['pwd']);
    const [, , amr] = loginClaimsColumns(claims);
    amr!.push('otp');
    storedLoginClaims(claims).amr!.push('otp');
    expect(claims.amr).toEqual(['pwd']);
  });

  it('round-trips through the columns of an entity and of a raw row', () => {
    for (const claims of [formLoginClaims(alice), upstreamLoginClaims(alice), NO_LOGIN_CLAIMS]) {
      const [provider, providerUid, amr] = loginClaimsColumns(claims);
      expect(loginClaimsOf({ provider, providerUid, amr })).toEqual(claims);
      expect(loginClaimsOf({ provider, provider_uid: providerUid, amr })).toEqual(claims);
      expect(loginClaimsOf(storedLoginClaims(claims))).toEqual(claims);
    }
  });
});
