import { CLOCK_SKEW_SECONDS, TOKEN_ACCEPTANCE_SECONDS } from '../tokens/token-lifetime';
import { RevocationList } from './revocation-list';
import { clientRevocation, familyRevocation, serviceRevocation, tokenRevocation } from './revocation-terms';

describe('RevocationList', () => {
  const later = new Date(Date.now() + 60_000);
  const issuedNow = Math.floor(Date.now() / 1000);
  const token = (fields: { jti: string; sid?: string; gid?: string; client_id?: string; iat?: number; svc?: string }) => ({
    client_id: 'cl_app',
    iat: issuedNow,
    ...fields,
  });

  it('matches a token by jti, family or grant until the entry expires', () => {
    const list = new RevocationList();
    list.add({ kind: 'jti', value: 'j1', expiresAt: later });
    list.add({ kind: 'family', value: 'f1', expiresAt: later });
    list.add({ kind: 'grant', value: 'g1', expiresAt: later });
    expect(list.isRevoked(token({ jti: 'j1' }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'j2', sid: 'f1' }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'j2', sid: 'f2', gid: 'g1' }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'j2', sid: 'f2', gid: 'g2' }))).toBe(false);
    expect(list.isRevoked(token({ jti: 'j1' }), later.getTime() + 1)).toBe(false);
  });

  it('keeps the later expiry, prunes expired entries and can be replaced wholesale', () => {
    const list = new RevocationList();
    list.add({ kind: 'jti', value: 'j1', expiresAt: later });
    list.add({ kind: 'jti', value: 'j1', expiresAt: new Date(Date.now() - 1) });
    expect(list.isRevoked(token({ jti: 'j1' }))).toBe(true);
    list.add({ kind: 'jti', value: 'old', expiresAt: new Date(Date.now() - 1) });
    list.prune();
    expect(list.size).toBe(1);
    list.replace([{ kind: 'family', value: 'f9', expiresAt: later }]);
    expect(list.isRevoked(token({ jti: 'j1' }))).toBe(false);
    expect(list.isRevoked(token({ jti: 'x', sid: 'f9' }))).toBe(true);
  });

  it('a revoked token stays refused through the clock skew past its exp, which the verifier still accepts', () => {
    const exp = issuedNow + 300;
    const list = new RevocationList();
    list.add(tokenRevocation({ jti: 'j1', exp }));
    expect(list.isRevoked(token({ jti: 'j1' }), (exp + CLOCK_SKEW_SECONDS - 1) * 1000)).toBe(true);
    expect(list.isRevoked(token({ jti: 'j1' }), (exp + CLOCK_SKEW_SECONDS) * 1000)).toBe(false);
  });

  it("a revoked family refuses its longest-lived token through the skew past that token's exp", () => {
    const revokedAt = new Date(issuedNow * 1000);
    const list = new RevocationList();
    list.add(familyRevocation('f1', revokedAt));
    expect(list.isRevoked(token({ jti: 'j', sid: 'f1' }), revokedAt.getTime() + (TOKEN_ACCEPTANCE_SECONDS - 1) * 1000)).toBe(true);
  });

  it('a client entry refuses the tokens issued up to its revocation, any service of an appKey, and none issued later', () => {
    const revokedAt = new Date(issuedNow * 1000 + 500);
    const list = new RevocationList();
    list.add(clientRevocation('ak_env', revokedAt));
    list.add(clientRevocation('cl_app', revokedAt));
    expect(list.isRevoked(token({ jti: 'a', client_id: 'cl_app', iat: issuedNow - 3600 }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'b', client_id: 'cl_app', iat: issuedNow }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'c', client_id: 'ak_env.0f6e1f7a-9d43-4a5e-9a3c-3f6b6f1d2c11', iat: issuedNow }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'd', client_id: 'cl_app', iat: issuedNow + 1 }))).toBe(false);
    expect(list.isRevoked(token({ jti: 'e', client_id: 'cl_other', iat: issuedNow - 10 }))).toBe(false);
  });

  it('a service entry refuses every token issued through it up to its revocation, of any client, family or none, and none issued later', () => {
    const revokedAt = new Date(issuedNow * 1000 + 500);
    const list = new RevocationList();
    list.add(serviceRevocation('svc_ldap', revokedAt));
    expect(list.isRevoked(token({ jti: 'a', client_id: 'ak_env.svc_ldap', svc: 'svc_ldap', iat: issuedNow - 3600 }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'b', svc: 'svc_ldap', sid: 'f-unrevoked', iat: issuedNow }))).toBe(true);
    expect(list.isRevoked(token({ jti: 'c', svc: 'svc_ldap', iat: issuedNow + 1 }))).toBe(false);
    expect(list.isRevoked(token({ jti: 'd', svc: 'svc_local', iat: issuedNow - 10 }))).toBe(false);
    expect(list.isRevoked(token({ jti: 'e', iat: issuedNow - 10 }))).toBe(false);
  });

  it("a service entry refuses its last token through the skew past that token's exp, then expires", () => {
    const revokedAt = new Date(issuedNow * 1000);
    const list = new RevocationList();
    list.add(serviceRevocation('svc_ldap', revokedAt));
    const lastToken = token({ jti: 'j', svc: 'svc_ldap', iat: issuedNow });
    expect(list.isRevoked(lastToken, revokedAt.getTime() + (TOKEN_ACCEPTANCE_SECONDS - 1) * 1000)).toBe(true);
    expect(list.isRevoked(lastToken, revokedAt.getTime() + TOKEN_ACCEPTANCE_SECONDS * 1000)).toBe(false);
    list.prune(revokedAt.getTime() + TOKEN_ACCEPTANCE_SECONDS * 1000);
    expect(list.size).toBe(0);
  });

  it('a client entry and a service entry of the same value stay apart', () => {
    const list = new RevocationList();
    list.add(clientRevocation('shared', new Date(issuedNow * 1000)));
    expect(list.isRevoked(token({ jti: 'a', client_id: 'cl_app', svc: 'shared' }))).toBe(false);
  });
});
