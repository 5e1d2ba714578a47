import { ConnectorConfigError, ConnectorRegistry } from '..';

const registry = new ConnectorRegistry();
const COMMON = { redirectUris: [], allowedAttributes: [], baseDn: 'dc=example,dc=com' };

function problemFields(type: 'ldap' | 'active-directory', changes: Record<string, unknown>): string[] {
  try {
    registry.validate(type, { ...COMMON, ...changes });
    return [];
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    return error.fields.map((problem) => problem.field);
  }
}

describe.each(['ldap', 'active-directory'] as const)('%s providerUri', (type) => {
  it.each([
    ['ldaps://directory.example.com'],
    ['ldaps://directory.example.com:636/dc=example,dc=com'],
    ['ldap://127.0.0.1:3389'],
    ['ldap://localhost:389'],
    ['ldap://[::1]:389'],
  ])('accepts %s', (providerUri) => {
    expect(problemFields(type, { providerUri })).toEqual([]);
  });

  it.each([['https://directory.example.com'], ['directory.example.com'], ['ldap://'], ['ldaps://admin:pw@directory.example.com']])(
    'rejects %s',
    (providerUri) => {
      expect(problemFields(type, { providerUri })).toEqual(['config.providerUri']);
    },
  );

  it('accepts plain ldap:// to a remote host only with allowInsecure', () => {
    expect(problemFields(type, { providerUri: 'ldap://directory.example.com' })).toEqual(['config.providerUri']);
    expect(problemFields(type, { providerUri: 'ldap://directory.example.com', allowInsecure: false })).toEqual(['config.providerUri']);
    expect(problemFields(type, { providerUri: 'ldap://directory.example.com', allowInsecure: true })).toEqual([]);
  });
});

describe('ldap', () => {
  it('also accepts plain ldap:// upgraded by StartTLS', () => {
    expect(problemFields('ldap', { providerUri: 'ldap://directory.example.com', startTls: true })).toEqual([]);
  });

  it('has no startTls for active-directory', () => {
    expect(problemFields('active-directory', { providerUri: 'ldap://dc.example.com', startTls: true })).toEqual([
      'config.providerUri',
      'config.startTls',
    ]);
  });

  it('requires {username} in the user search filter', () => {
    const providerUri = 'ldaps://directory.example.com';
    expect(problemFields('ldap', { providerUri, userSearchFilter: '(&(objectClass=person)(mail={username}))' })).toEqual([]);
    expect(problemFields('ldap', { providerUri, userSearchFilter: '(uid=admin)' })).toEqual(['config.userSearchFilter']);
  });

  it('bounds nestedGroupDepth to 0..10', () => {
    const providerUri = 'ldaps://directory.example.com';
    expect(problemFields('ldap', { providerUri, nestedGroupDepth: 10 })).toEqual([]);
    expect(problemFields('ldap', { providerUri, nestedGroupDepth: 11 })).toEqual(['config.nestedGroupDepth']);
    expect(problemFields('ldap', { providerUri, nestedGroupDepth: -1 })).toEqual(['config.nestedGroupDepth']);
  });
});
