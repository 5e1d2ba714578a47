import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe.each(['ldap', 'active-directory'] as const)('%s connection keys', (type) => {
  const providerUri = 'ldaps://directory.example.com';

  it('also accepts plain ldap:// upgraded by StartTLS', () => {
    expect(problemFields(type, { providerUri: 'ldap://directory.example.com', startTls: true })).toEqual([]);
  });

  it('accepts a CA certificate only when it is a readable X.509 certificate', () => {
    const caCertificate = readFileSync(join(__dirname, '../saml/fixtures/idp-certificate.pem'), 'utf8');
    expect(problemFields(type, { providerUri, caCertificate })).toEqual([]);
    const garbled = caCertificate.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(problemFields(type, { providerUri, caCertificate: garbled })).toEqual(['config.caCertificate']);
    expect(problemFields(type, { providerUri, caCertificate: 'not a certificate' })).toEqual(['config.caCertificate']);
  });

  it('bounds poolSize to 0..50 and needs positive timeouts', () => {
    expect(problemFields(type, { providerUri, poolSize: 0 })).toEqual([]);
    expect(problemFields(type, { providerUri, poolSize: 50 })).toEqual([]);
    expect(problemFields(type, { providerUri, poolSize: 51 })).toEqual(['config.poolSize']);
    expect(problemFields(type, { providerUri, connectTimeoutMs: 0, timeoutMs: 1.5 })).toEqual(['config.connectTimeoutMs', 'config.timeoutMs']);
  });

  it('needs an attribute name as userIdAttribute (it is used in filters)', () => {
    expect(problemFields(type, { providerUri, userIdAttribute: 'employeeNumber' })).toEqual([]);
    expect(problemFields(type, { providerUri, userIdAttribute: 'uid)(cn=*' })).toEqual(['config.userIdAttribute']);
  });

  it('bounds nestedGroupDepth to 0..10', () => {
    expect(problemFields(type, { providerUri, nestedGroupDepth: 10 })).toEqual([]);
    expect(problemFields(type, { providerUri, nestedGroupDepth: 11 })).toEqual(['config.nestedGroupDepth']);
    expect(problemFields(type, { providerUri, nestedGroupDepth: -1 })).toEqual(['config.nestedGroupDepth']);
  });
});

describe('ldap', () => {
  it('requires {username} in the user search filter', () => {
    const providerUri = 'ldaps://directory.example.com';
    expect(problemFields('ldap', { providerUri, userSearchFilter: '(&(objectClass=person)(mail={username}))' })).toEqual([]);
    expect(problemFields('ldap', { providerUri, userSearchFilter: '(uid=admin)' })).toEqual(['config.userSearchFilter']);
  });

  it('needs an attribute name as groupMemberAttribute', () => {
    const providerUri = 'ldaps://directory.example.com';
    expect(problemFields('ldap', { providerUri, groupMemberAttribute: 'uniqueMember' })).toEqual([]);
    expect(problemFields('ldap', { providerUri, groupMemberAttribute: 'member=*' })).toEqual(['config.groupMemberAttribute']);
  });
});
