import { ConnectorConfigError, ConnectorRegistry, type FieldProblem } from '..';

const registry = new ConnectorRegistry();
const LDAP_STORED = { providerUri: 'ldaps://ldap.example.com', baseDn: 'dc=example', startTls: false, allowInsecure: false };

const problemsOf = (run: () => void): FieldProblem[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConnectorConfigError) return [...error.fields];
    throw error;
  }
  return [];
};

describe('requireSecretsOnEndpointChange', () => {
  it('marks every URL, the TLS switches and the trusted CA as endpoints, and nothing else', () => {
    const endpoints = (type: string) => registry.describe(type).fields.filter((field) => field.endpoint).map((field) => field.key);
    expect(endpoints('ldap')).toEqual(['providerUri', 'startTls', 'allowInsecure', 'caCertificate']);
    expect(endpoints('active-directory')).toEqual(['providerUri', 'allowInsecure', 'caCertificate', 'startTls']);
    expect(endpoints('oauth2')).toEqual(['providerUri', 'grantEndpoint', 'userIdEndpoint']);
    expect(endpoints('custom')).toEqual(['providerUri']);
  });

  it('asks for every stored secret again when an endpoint changes, unless the change gives it', () => {
    const check = (change: Record<string, unknown>, secrets = ['bindPassword']) => problemsOf(() => registry.requireSecretsOnEndpointChange('ldap', LDAP_STORED, change, secrets));
    expect(check({ providerUri: 'ldaps://attacker.example' })).toEqual([{ field: 'config.bindPassword', message: expect.stringContaining('providerUri') }]);
    expect(check({ allowInsecure: true })).toHaveLength(1);
    expect(check({ providerUri: 'ldaps://ldap2.example.com', bindPassword: 'new' })).toEqual([]);
    expect(check({ providerUri: 'ldaps://ldap2.example.com', bindPassword: null })).toEqual([]);
    expect(check({ providerUri: 'ldaps://ldap2.example.com' }, [])).toEqual([]);
  });

  it('lets unchanged endpoints and other keys through, a reset to the stored default included', () => {
    const check = (change: Record<string, unknown>) => problemsOf(() => registry.requireSecretsOnEndpointChange('ldap', LDAP_STORED, change, ['bindPassword']));
    expect(check({ providerUri: LDAP_STORED.providerUri, baseDn: 'dc=other' })).toEqual([]);
    expect(check({ startTls: null })).toEqual([]);
    expect(check({ bindDn: 'cn=reader' })).toEqual([]);
  });

  it('never puts a configured value in its messages', () => {
    const [problem] = problemsOf(() => registry.requireSecretsOnEndpointChange('custom', { providerUri: 'https://a.example' }, { providerUri: 'https://b.example' }, ['sharedSecret']));
    expect(problem.message).not.toMatch(/a\.example|b\.example/);
  });
});
