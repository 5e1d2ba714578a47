import { RevocationList } from './revocation-list';

describe('RevocationList', () => {
  const later = new Date(Date.now() + 60_000);

  it('matches a token by jti, family or grant until the entry expires', () => {
    const list = new RevocationList();
    list.add({ kind: 'jti', value: 'j1', expiresAt: later });
    list.add({ kind: 'family', value: 'f1', expiresAt: later });
    list.add({ kind: 'grant', value: 'g1', expiresAt: later });
    expect(list.isRevoked({ jti: 'j1' })).toBe(true);
    expect(list.isRevoked({ jti: 'j2', sid: 'f1' })).toBe(true);
    expect(list.isRevoked({ jti: 'j2', sid: 'f2', gid: 'g1' })).toBe(true);
    expect(list.isRevoked({ jti: 'j2', sid: 'f2', gid: 'g2' })).toBe(false);
    expect(list.isRevoked({ jti: 'j1' }, later.getTime() + 1)).toBe(false);
  });

  it('keeps the later expiry, prunes expired entries and can be replaced wholesale', () => {
    const list = new RevocationList();
    list.add({ kind: 'jti', value: 'j1', expiresAt: later });
    list.add({ kind: 'jti', value: 'j1', expiresAt: new Date(Date.now() - 1) });
    expect(list.isRevoked({ jti: 'j1' })).toBe(true);
    list.add({ kind: 'jti', value: 'old', expiresAt: new Date(Date.now() - 1) });
    list.prune();
    expect(list.size).toBe(1);
    list.replace([{ kind: 'family', value: 'f9', expiresAt: later }]);
    expect(list.isRevoked({ jti: 'j1' })).toBe(false);
    expect(list.isRevoked({ jti: 'x', sid: 'f9' })).toBe(true);
  });
});
