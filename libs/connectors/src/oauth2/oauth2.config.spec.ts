import { ConnectorConfigError, ConnectorRegistry } from '..';

const registry = new ConnectorRegistry();
const MINIMAL = {
  redirectUris: ['com.example.app:/cb'],
  allowedAttributes: ['id'],
  providerUri: 'https://as.example.com/token',
  grantType: 'password',
  grantEndpoint: 'https://as.example.com/authorize',
  clientId: 'rapidauth',
  userIdAttribute: 'sub',
};

function problemFields(changes: Record<string, unknown>): string[] {
  try {
    registry.validate('oauth2', { ...MINIMAL, ...changes });
    return [];
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    return error.fields.map((problem) => problem.field);
  }
}

describe('oauth2 config', () => {
  it('offers exactly the two grant types', () => {
    const grantType = registry.describe('oauth2').fields.find((field) => field.key === 'grantType');
    expect(grantType).toMatchObject({ kind: 'enum', required: true, options: ['authorization_code', 'password'] });
    expect(problemFields({ grantType: 'authorization_code' })).toEqual([]);
    expect(problemFields({ grantType: 'client_credentials' })).toEqual(['config.grantType']);
  });

  it('checks the optional endpoint and scope when given', () => {
    expect(problemFields({ userIdEndpoint: 'https://as.example.com/userinfo?format=json', scope: 'openid profile' })).toEqual([]);
    expect(problemFields({ userIdEndpoint: '/userinfo', scope: 'openid,  profile', clientId: '  ' })).toEqual([
      'config.clientId',
      'config.userIdEndpoint',
      'config.scope',
    ]);
  });
});
