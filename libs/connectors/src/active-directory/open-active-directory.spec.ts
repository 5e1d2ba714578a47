import { EqualityFilter, type Entry } from 'ldapts';
import type { OpenedService } from '../connector';
import { ConnectorRegistry } from '../registry';
import { activeDirectoryDialect } from './open-active-directory';

const registry = new ConnectorRegistry();
const opened = (config: Record<string, unknown> = {}): OpenedService => ({
  id: 'service',
  type: 'active-directory',
  organizationId: 'organization',
  environmentId: null,
  ...registry.validate('active-directory', { redirectUris: [], allowedAttributes: [], providerUri: 'ldaps://dc.example.com', baseDn: 'dc=corp,dc=example,dc=com', ...config }),
  updatedAt: new Date(),
});
const BOB: Entry = {
  dn: 'CN=Bob Baker,OU=Users,DC=corp,DC=example,DC=com',
  sAMAccountName: 'bob',
  userAccountControl: '512',
  objectGUID: Buffer.from('33221100554477668899aabbccddeeff', 'hex'),
};

describe('activeDirectoryDialect', () => {
  it('binds as sAMAccountName@domain with a domain, else as the entry DN', () => {
    expect(activeDirectoryDialect(opened({ domain: 'corp.example.com' })).bindName(BOB, 'CORP\\bob')).toBe('bob@corp.example.com');
    expect(activeDirectoryDialect(opened()).bindName(BOB, 'bob')).toBe(BOB.dn);
  });

  it('finds users of the three forms by sAMAccountName or userPrincipalName, values escaped', () => {
    const dialect = activeDirectoryDialect(opened({ domain: 'corp.example.com' }));
    expect(dialect.userFilter('bob')).toBe('(&(objectClass=user)(|(sAMAccountName=bob)(userPrincipalName=bob@corp.example.com)))');
    expect(dialect.userFilter('CORP\\b*')).toBe('(&(objectClass=user)(|(sAMAccountName=b\\2a)(userPrincipalName=b\\2a@corp.example.com)))');
    expect(dialect.userFilter('bob@elsewhere.example')).toBe('(&(objectClass=user)(userPrincipalName=bob@elsewhere.example))');
    expect(dialect.userFilter('\\bob')).toBeUndefined();
  });

  it('reads objectGUID as the canonical GUID and finds it again by its bytes', () => {
    const dialect = activeDirectoryDialect(opened());
    expect(dialect.providerUid(BOB)).toBe('00112233-4455-6677-8899-aabbccddeeff');
    const filter = dialect.uidFilter('00112233-4455-6677-8899-aabbccddeeff') as EqualityFilter;
    expect(filter).toBeInstanceOf(EqualityFilter);
    expect(filter.value).toEqual(BOB.objectGUID);
    expect(dialect.uidFilter('not-a-guid')).toBeUndefined();
  });

  it('uses another userIdAttribute as text when configured', () => {
    const dialect = activeDirectoryDialect(opened({ userIdAttribute: 'sAMAccountName' }));
    expect(dialect.providerUid(BOB)).toBe('bob');
    expect(dialect.uidFilter('b*')).toBe('(sAMAccountName=b\\2a)');
  });

  it('sees the ACCOUNTDISABLE bit of userAccountControl', () => {
    const dialect = activeDirectoryDialect(opened());
    expect(dialect.disabled(BOB)).toBe(false);
    expect(dialect.disabled({ ...BOB, userAccountControl: '514' })).toBe(true);
    expect(dialect.disabled({ ...BOB, userAccountControl: '66050' })).toBe(true);
    expect(dialect.disabled({ ...BOB, userAccountControl: '66048' })).toBe(false);
  });
});
