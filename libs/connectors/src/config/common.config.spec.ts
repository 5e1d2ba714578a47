import { DEFAULT_TTLS, serviceTokenSettings } from '@rapidauth/tenancy';
import { ConnectorConfigError, ConnectorRegistry } from '..';

const registry = new ConnectorRegistry();
const MINIMAL = { redirectUris: ['https://app.example.com/cb'], allowedAttributes: ['email'] };

/** The fields reported for a local service config with `changes` applied, or [] when it is valid. */
function problemFields(changes: Record<string, unknown>): string[] {
  try {
    registry.validate('local', { ...MINIMAL, ...changes });
    return [];
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    return error.fields.map((problem) => problem.field);
  }
}

describe('keys every service has', () => {
  it('accepts redirect URIs for web and native apps, and none at all (the provisioned local service)', () => {
    expect(problemFields({ redirectUris: ['https://app.example.com/cb', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb', 'com.example.app:/cb'] })).toEqual([]);
    expect(problemFields({ redirectUris: [] })).toEqual([]);
  });

  it('reports each bad redirect URI on its own entry', () => {
    const redirectUris = ['https://ok.example.com/cb', 'http://app.example.com/cb', 'myapp:/cb', 'https://app.example.com/cb#x', '/relative'];
    expect(problemFields({ redirectUris })).toEqual(['config.redirectUris[1]', 'config.redirectUris[2]', 'config.redirectUris[3]', 'config.redirectUris[4]']);
  });

  it('limits redirect URIs to 50 non-empty strings', () => {
    const uris = (count: number) => Array.from({ length: count }, (_, index) => `https://app.example.com/cb${index}`);
    expect(problemFields({ redirectUris: uris(50) })).toEqual([]);
    expect(problemFields({ redirectUris: uris(51) })).toEqual(['config.redirectUris']);
    expect(problemFields({ redirectUris: ['https://app.example.com/cb', ''] })).toEqual(['config.redirectUris']);
    expect(problemFields({ redirectUris: 'https://app.example.com/cb' })).toEqual(['config.redirectUris']);
  });

  it.each([
    ['refreshReuseGraceSeconds', 0, 60],
    ['grantTtl', 1, 600],
    ['tokenTtl', 60, 86_400],
    ['refreshTokenTtl', 60, 31_536_000],
  ])('bounds %s to integers from %d to %d', (key, min, max) => {
    expect(problemFields({ [key]: min })).toEqual([]);
    expect(problemFields({ [key]: max })).toEqual([]);
    for (const bad of [min - 1, max + 1, min + 0.5, String(min), true]) expect(problemFields({ [key]: bad })).toEqual([`config.${key}`]);
  });

  it('takes allowRefreshTokens as a boolean only', () => {
    expect(registry.validate('local', { ...MINIMAL, allowRefreshTokens: false }).config.allowRefreshTokens).toBe(false);
    expect(problemFields({ allowRefreshTokens: 'false' })).toEqual(['config.allowRefreshTokens']);
  });

  it('stores allowedAttributes as given, without adding id and audience', () => {
    expect(registry.validate('local', MINIMAL).config.allowedAttributes).toEqual(['email']);
    expect(problemFields({ allowedAttributes: ['email', 3] })).toEqual(['config.allowedAttributes']);
  });

  it('applies defaults for absent and null keys that the runtime reads the same way', () => {
    const { config } = registry.validate('local', { ...MINIMAL, grantTtl: null });
    expect(config.grantTtl).toBe(DEFAULT_TTLS.grantTtl);
    expect(serviceTokenSettings(config)).toEqual({
      ...DEFAULT_TTLS,
      allowRefreshTokens: true,
      refreshReuseGraceSeconds: 0,
      redirectUris: MINIMAL.redirectUris,
      loginPage: { mode: 'default' },
    });
  });

  describe('loginPage', () => {
    it.each([
      [{ mode: 'default' }],
      [{ mode: 'css', url: 'https://cdn.example.com/login.css' }],
      [{ mode: 'hosted', url: 'https://login.example.com/' }],
      [{ mode: 'hosted', url: 'http://127.0.0.1:4000/login' }],
      [{ mode: 'hosted', url: 'http://localhost:4000/login' }],
    ])('accepts %j and stores it as given', (loginPage) => {
      expect(registry.validate('local', { ...MINIMAL, loginPage }).config.loginPage).toEqual(loginPage);
    });

    it.each([
      [{ mode: 'css' }, 'config.loginPage.url'],
      [{ mode: 'hosted', url: 'http://login.example.com/' }, 'config.loginPage.url'],
      [{ mode: 'default', url: null }, 'config.loginPage.url'],
      [{ mode: 'hosted', url: 'login.example.com' }, 'config.loginPage.url'],
      [{ mode: 'default', url: 'https://login.example.com/' }, 'config.loginPage.url'],
      [{ mode: 'custom' }, 'config.loginPage.mode'],
      [{ url: 'https://login.example.com/' }, 'config.loginPage.mode'],
      [{ mode: 'default', colour: 'red' }, 'config.loginPage.colour'],
      ['hosted', 'config.loginPage'],
      [[{ mode: 'default' }], 'config.loginPage'],
    ])('rejects %j on %s', (loginPage, field) => {
      expect(problemFields({ loginPage })).toEqual([field]);
    });
  });

  describe('headerMappings', () => {
    it('accepts attribute/header pairs', () => {
      const headerMappings = [{ attribute: 'client_token', header: 'X-Auth-Token' }];
      expect(registry.validate('local', { ...MINIMAL, headerMappings }).config.headerMappings).toEqual(headerMappings);
    });

    it('reports each bad mapping on its entry', () => {
      const headerMappings = [
        { attribute: 'client_token', header: 'X-Auth-Token' },
        { attribute: 'id', header: 'X Id' },
        { header: 'X-Email' },
        { attribute: 'email', header: 'X-Email', prefix: 'Bearer' },
      ];
      expect(problemFields({ headerMappings })).toEqual([
        'config.headerMappings[1].header',
        'config.headerMappings[2].attribute',
        'config.headerMappings[3].prefix',
      ]);
    });

    it('must be a list of objects', () => {
      expect(problemFields({ headerMappings: { attribute: 'id', header: 'X-Id' } })).toEqual(['config.headerMappings']);
      expect(problemFields({ headerMappings: ['X-Id'] })).toEqual(['config.headerMappings']);
    });
  });

  it('reports keys that object mapping would drop silently', () => {
    expect(problemFields(JSON.parse('{"__proto__": {"tokenTtl": 1}, "loginPage": {"mode": "default", "constructor": 1}}'))).toEqual([
      'config.loginPage.constructor',
      'config.__proto__',
    ]);
  });
});
