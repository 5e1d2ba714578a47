import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_SERVICE_TYPES, type AuthServiceType } from '@rapidauth/database';
import { Logger } from '@nestjs/common';
import type { LocalIdentities } from '@rapidauth/identity';
import { ConnectorConfigError, ConnectorRegistry, type AssertionReplays, type Connector, type ConnectorCapability, type ConnectorRuntime, type FieldProblem, type OpenedService } from '.';

const registry = new ConnectorRegistry();
const CERTIFICATE = readFileSync(join(__dirname, 'saml/fixtures/idp-certificate.pem'), 'utf8');
const SP_KEY = readFileSync(join(__dirname, 'saml/fixtures/sp-key.pem'), 'utf8');
const SP_CERTIFICATE = readFileSync(join(__dirname, 'saml/fixtures/sp-certificate.pem'), 'utf8');

/** Each auth service type's config keys; `*` marks the required ones. */
const COMMON_KEYS = ['*redirectUris', 'refreshReuseGraceSeconds', 'loginPage', 'grantTtl', 'tokenTtl', 'allowRefreshTokens', 'refreshTokenTtl', '*allowedAttributes', 'headerMappings'];
const SAML_KEYS = ['*providerUri', '*logoutUri', '*certificate', 'nameIdFormat', 'signAuthnRequests', 'decryptionKey', 'spCertificate', 'spEntityIdVersion', 'idpEntityId'];
const PRODUCT_TABLE: Record<AuthServiceType, string[]> = {
  local: [],
  'saml-redirect': SAML_KEYS,
  'saml-post': SAML_KEYS,
  oauth2: ['*providerUri', '*grantType', '*grantEndpoint', '*clientId', 'clientSecret', '*userIdAttribute', 'userIdEndpoint', 'scope'],
  oidc: ['*providerUri', '*grantEndpoint', '*clientId', 'clientSecret', '*issuer', 'scope'],
  'active-directory': [
    ...['*providerUri', '*baseDn', 'domain', 'bindDn', 'bindPassword', 'allowInsecure', 'userIdAttribute', 'caCertificate', 'startTls', 'nestedGroupDepth'],
    ...['connectTimeoutMs', 'timeoutMs', 'poolSize'],
  ],
  ldap: [
    ...['*providerUri', '*baseDn', 'userSearchFilter', 'bindDn', 'bindPassword', 'groupSearchBase', 'groupMemberAttribute', 'nestedGroupDepth', 'startTls', 'allowInsecure'],
    ...['userIdAttribute', 'caCertificate', 'connectTimeoutMs', 'timeoutMs', 'poolSize'],
  ],
  'saml-wrap': ['*providerUri', '*wrapScope', '*certificate', 'idpEntityId'],
  facebook: ['*clientId', 'clientSecret', '*userIdAttribute', 'scope', 'uniqueUserContextField', 'dialogUrl', 'graphApiUrl'],
  custom: ['*providerUri', '*sharedSecret', 'timeoutMs'],
};

const COMMON_MINIMAL = { redirectUris: ['https://app.example.com/cb'], allowedAttributes: [] };
const SAML_MINIMAL = { providerUri: 'https://idp.example.com/sso', logoutUri: 'https://idp.example.com/slo', certificate: CERTIFICATE };
const OWN_MINIMAL: Record<AuthServiceType, Record<string, unknown>> = {
  local: {},
  'saml-redirect': SAML_MINIMAL,
  'saml-post': SAML_MINIMAL,
  oauth2: {
    providerUri: 'https://as.example.com/token',
    grantType: 'authorization_code',
    grantEndpoint: 'https://as.example.com/authorize',
    clientId: 'rapidauth',
    userIdAttribute: 'sub',
  },
  oidc: { providerUri: 'https://op.example.com/token', grantEndpoint: 'https://op.example.com/authorize', clientId: 'rapidauth', issuer: 'https://op.example.com' },
  'active-directory': { providerUri: 'ldaps://dc.example.com', baseDn: 'dc=example,dc=com' },
  ldap: { providerUri: 'ldaps://ldap.example.com:636', baseDn: 'ou=people,dc=example,dc=com' },
  'saml-wrap': { providerUri: 'https://wrap.example.com/api', wrapScope: 'https://rp.example.com/', certificate: CERTIFICATE },
  facebook: { clientId: '1234567890', userIdAttribute: 'id' },
  custom: { providerUri: 'https://adaptor.example.com/auth', sharedSecret: 's'.repeat(32) },
};
const minimal = (type: AuthServiceType) => ({ ...COMMON_MINIMAL, ...OWN_MINIMAL[type] });

const COMMON_DEFAULTS = {
  refreshReuseGraceSeconds: 0,
  loginPage: { mode: 'default' },
  grantTtl: 10,
  tokenTtl: 3600,
  allowRefreshTokens: true,
  refreshTokenTtl: 1_209_600,
  headerMappings: [],
};
const SAML_DEFAULTS = { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', signAuthnRequests: false, spEntityIdVersion: 'v2' };
const OWN_DEFAULTS: Record<AuthServiceType, Record<string, unknown>> = {
  local: {},
  'saml-redirect': SAML_DEFAULTS,
  'saml-post': SAML_DEFAULTS,
  oauth2: {},
  oidc: {},
  'active-directory': { allowInsecure: false, userIdAttribute: 'objectGUID', startTls: false, nestedGroupDepth: 0, connectTimeoutMs: 5000, timeoutMs: 5000, poolSize: 4 },
  ldap: {
    ...{ userSearchFilter: '(uid={username})', groupMemberAttribute: 'member', nestedGroupDepth: 0, startTls: false, allowInsecure: false },
    ...{ userIdAttribute: 'entryUUID', connectTimeoutMs: 5000, timeoutMs: 5000, poolSize: 4 },
  },
  'saml-wrap': {},
  facebook: { dialogUrl: 'https://www.facebook.com/v19.0/dialog/oauth', graphApiUrl: 'https://graph.facebook.com/v19.0' },
  custom: { timeoutMs: 5000 },
};

const SECRETS: Record<AuthServiceType, Record<string, string>> = {
  local: {},
  'saml-redirect': { decryptionKey: SP_KEY },
  'saml-post': { decryptionKey: SP_KEY },
  oauth2: { clientSecret: 'oauth2-client-secret' },
  oidc: { clientSecret: 'oidc-client-secret' },
  'active-directory': { bindPassword: 'ad-bind-password' },
  ldap: { bindPassword: 'ldap-bind-password' },
  'saml-wrap': {},
  facebook: { clientSecret: 'facebook-app-secret' },
  custom: { sharedSecret: 'a-shared-secret-of-at-least-32-characters' },
};

/** Non-secret keys that must come with the secrets (the SAML SP key pair's certificate). */
const PAIRED: Partial<Record<AuthServiceType, Record<string, string>>> = { 'saml-redirect': { spCertificate: SP_CERTIFICATE }, 'saml-post': { spCertificate: SP_CERTIFICATE } };
const withSecrets = (type: AuthServiceType) => ({ ...minimal(type), ...SECRETS[type], ...PAIRED[type] });

function problemsOf(action: () => unknown): readonly FieldProblem[] {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    expect(error.code).toBe('INVALID_SERVICE_CONFIG');
    return error.fields;
  }
  throw new Error('expected a ConnectorConfigError');
}
const fieldsOf = (problems: readonly FieldProblem[]) => problems.map((problem) => problem.field);
const hasFactory = (type: AuthServiceType) => {
  try {
    registry.factoryOf(type);
    return true;
  } catch {
    return false;
  }
};

describe('ConnectorRegistry', () => {
  it('lists every type once, in the entity order; a type can log in once it has a factory and declares a login', () => {
    expect(registry.types().map((descriptor) => descriptor.type)).toEqual([...AUTH_SERVICE_TYPES]);
    for (const { type, capabilities, loginAvailable } of registry.types()) {
      expect(loginAvailable).toBe(hasFactory(type) && capabilities.some((capability) => ['form-login', 'redirect-login', 'saml-post'].includes(capability)));
    }
    for (const type of AUTH_SERVICE_TYPES) expect(registry.isLoginAvailable(type)).toBe(true);
  });

  it('tells upstream types from the gateway own identities', () => {
    expect(AUTH_SERVICE_TYPES.filter((type) => !registry.signsInUpstream(type))).toEqual(['local']);
  });

  it('refuses to hand out a factory of an unknown type, and says which types open', () => {
    expect(fieldsOf(problemsOf(() => registry.factoryOf('kerberos')))).toEqual(['type']);
    for (const type of AUTH_SERVICE_TYPES) expect(registry.opens(type)).toBe(hasFactory(type));
    expect(AUTH_SERVICE_TYPES.filter((type) => !registry.opens(type))).toEqual([]);
  });

  it('names the keys that name the upstream user, which cannot change while the service has identities', () => {
    const locked = Object.fromEntries(AUTH_SERVICE_TYPES.map((type) => [type, registry.identityKeys(type)]));
    expect(locked).toMatchObject({ oauth2: ['userIdAttribute'], facebook: ['userIdAttribute'], oidc: [], ldap: [], custom: [] });
  });

  describe.each(AUTH_SERVICE_TYPES.filter(hasFactory))('the %s factory', (type) => {
    /** Where each declared capability is implemented on the opened connector. */
    const IMPLEMENTED_BY: Record<ConnectorCapability, (connector: Connector) => boolean> = {
      'form-login': (connector) => typeof (connector.formLogin ?? connector.ownLogin)?.login === 'function',
      refresh: (connector) => typeof connector.refresh?.refresh === 'function',
      'redirect-login': (connector) => typeof connector.redirectLogin?.begin === 'function' && typeof connector.redirectLogin.finish === 'function',
      'saml-post': (connector) => typeof connector.redirectLogin?.finish === 'function',
      logout: () => false,
      'token-exchange': (connector) => typeof connector.tokenExchange?.exchange === 'function',
    };

    // oauth2 signs in by redirect or by form, as its grantType says: each declared capability is implemented by one of them.
    const variants: Record<string, unknown>[] = type === 'oauth2' ? [{ grantType: 'authorization_code' }, { grantType: 'password' }] : [{}];

    it('implements every capability its type declares', async () => {
      const declared = registry.describe(type).capabilities;
      const implemented = new Set<ConnectorCapability>();
      for (const variant of variants) {
        const { config, secrets } = registry.validate(type, { ...withSecrets(type), ...variant });
        const opened: OpenedService = { id: randomUUID(), type, organizationId: randomUUID(), environmentId: randomUUID(), config, secrets, updatedAt: new Date() };
        const runtime: ConnectorRuntime = {
          localIdentities: {} as LocalIdentities,
          publicUrl: 'https://auth.example.com',
          assertionReplays: {} as AssertionReplays,
          logger: new Logger(`connector:${type}`),
        };
        const connector = registry.factoryOf(type)(opened, runtime);
        try {
          expect(connector.service).toBe(opened);
          for (const capability of declared) if (IMPLEMENTED_BY[capability](connector)) implemented.add(capability);
        } finally {
          await connector.close();
        }
      }
      expect(declared.filter((capability) => !implemented.has(capability))).toEqual([]);
    });
  });

  it('rejects an unknown type on the type field, listing the valid ones', () => {
    for (const action of [() => registry.describe('kerberos'), () => registry.validate('constructor', {}), () => registry.isLoginAvailable('')]) {
      const problems = problemsOf(action);
      expect(fieldsOf(problems)).toEqual(['type']);
      for (const type of AUTH_SERVICE_TYPES) expect(problems[0].message).toContain(type);
    }
  });

  it('rejects a config that is not an object', () => {
    for (const config of [null, [], 'x', 42]) expect(fieldsOf(problemsOf(() => registry.validate('local', config)))).toEqual(['config']);
  });

  describe.each([...AUTH_SERVICE_TYPES])('%s', (type) => {
    const expectedKeys = [...COMMON_KEYS, ...PRODUCT_TABLE[type]];
    const requiredKeys = expectedKeys.filter((key) => key.startsWith('*')).map((key) => key.slice(1));

    it("describes exactly the documented keys, common first, with labels, help and the starred keys required", () => {
      const { fields, label, description, capabilities } = registry.describe(type);
      expect(fields.map((field) => (field.required ? `*${field.key}` : field.key))).toEqual(expectedKeys);
      for (const field of fields) {
        expect(field.label.trim()).not.toBe('');
        expect(field.help.trim()).not.toBe('');
      }
      expect(fields.filter((field) => field.secret).map((field) => field.key)).toEqual(Object.keys(SECRETS[type]));
      expect(label.trim()).not.toBe('');
      expect(description.trim()).not.toBe('');
      expect(capabilities.length).toBeGreaterThan(0);
    });

    it('describes each integer range and list bound the validation enforces, and only on those kinds', () => {
      for (const field of registry.describe(type).fields) {
        if (field.kind === 'integer') {
          const [min, max] = field.range!;
          expect(min).toBeLessThanOrEqual(max);
          for (const fine of [min, max]) expect(() => registry.validate(type, { ...withSecrets(type), [field.key]: fine })).not.toThrow();
          for (const outside of [min - 1, max + 1]) expect(fieldsOf(problemsOf(() => registry.validate(type, { ...withSecrets(type), [field.key]: outside })))).toEqual([`config.${field.key}`]);
        } else {
          expect(field).not.toHaveProperty('range');
        }
        if (field.maxItems !== undefined) {
          expect(['string[]', 'object[]']).toContain(field.kind);
          const tooMany = Array.from({ length: field.maxItems + 1 }, (_, index) => `https://app.example.com/cb/${index}`);
          expect(fieldsOf(problemsOf(() => registry.validate(type, { ...withSecrets(type), [field.key]: tooMany })))).toEqual([`config.${field.key}`]);
        }
        if (!['object', 'object[]'].includes(field.kind)) expect(field).not.toHaveProperty('fields');
      }
      expect(registry.describe(type).fields.find((field) => field.key === 'redirectUris')).toMatchObject({ maxItems: 50 });
    });

    it('describes the keys of object fields in the same shape', () => {
      const { fields } = registry.describe(type);
      expect(fields.find((field) => field.key === 'loginPage')?.fields).toEqual([
        expect.objectContaining({ key: 'mode', kind: 'enum', required: true, options: ['default', 'css', 'hosted'], label: 'Mode' }),
        expect.objectContaining({ key: 'url', kind: 'url', required: false, secret: false, endpoint: false, label: 'URL' }),
      ]);
      expect(fields.find((field) => field.key === 'headerMappings')?.fields).toEqual([
        expect.objectContaining({ key: 'attribute', kind: 'string', required: true, label: 'Attribute' }),
        expect.objectContaining({ key: 'header', kind: 'string', required: true, label: 'Header' }),
      ]);
      for (const nested of fields.flatMap((field) => field.fields ?? [])) expect(nested.help.trim()).not.toBe('');
    });

    it('accepts a minimal config and applies the defaults', () => {
      const { config, secrets } = registry.validate(type, minimal(type));
      const { sharedSecret, ...nonSecret } = minimal(type) as Record<string, unknown>;
      expect(config).toEqual({ ...nonSecret, ...COMMON_DEFAULTS, ...OWN_DEFAULTS[type] });
      expect(secrets).toEqual(type === 'custom' ? { sharedSecret } : {});
    });

    it.each(requiredKeys)('reports a missing %s', (key) => {
      const config: Record<string, unknown> = minimal(type);
      delete config[key];
      expect(problemsOf(() => registry.validate(type, config))).toEqual([{ field: `config.${key}`, message: expect.stringContaining(`config.${key}`) }]);
    });

    it('reports an unknown key, naming the type', () => {
      const problems = problemsOf(() => registry.validate(type, { ...minimal(type), colour: 'blue' }));
      expect(problems).toEqual([{ field: 'config.colour', message: expect.stringContaining(`${type} services`) }]);
    });

    it('returns secrets apart from the config, and never in a message', () => {
      const { config, secrets } = registry.validate(type, withSecrets(type));
      expect(secrets).toEqual(SECRETS[type]);
      for (const key of Object.keys(SECRETS[type])) expect(config).not.toHaveProperty(key);

      const problems = problemsOf(() => registry.validate(type, { ...withSecrets(type), tokenTtl: 5 }));
      expect(fieldsOf(problems)).toEqual(['config.tokenTtl']);
      for (const value of Object.values(SECRETS[type])) expect(JSON.stringify(problems)).not.toContain(value);
    });

    it('lists every problem at once, in form order', () => {
      const lastRequired = requiredKeys.at(-1)!;
      const config: Record<string, unknown> = { ...minimal(type), grantTtl: 0, headerMappings: [{ attribute: 'id', header: 'X Bad' }], extra: 1 };
      delete config[lastRequired];
      const typeKeysFirst = lastRequired === 'allowedAttributes' ? [`config.${lastRequired}`, 'config.headerMappings[0].header'] : ['config.headerMappings[0].header', `config.${lastRequired}`];
      expect(fieldsOf(problemsOf(() => registry.validate(type, config)))).toEqual(['config.grantTtl', ...typeKeysFirst, 'config.extra']);
    });
  });
});
