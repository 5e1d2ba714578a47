import type { AuthServiceType } from '@rapidauth/database';
import { fieldsOf, type ConfigClass } from './config/field';

export type FieldKind = 'string' | 'url' | 'string[]' | 'boolean' | 'integer' | 'pem' | 'enum' | 'object' | 'object[]';

/** One config key as the admin API and console see it (logto-style: the console renders forms from this). */
export interface ConfigField {
  readonly key: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Stored encrypted through the vault and never returned by the API. */
  readonly secret: boolean;
  /** Where or how the secret settings are sent: a change needs them given again. */
  readonly endpoint: boolean;
  readonly label: string;
  readonly help: string;
  /** Applied by `ConnectorRegistry.validate` when the key is absent. */
  readonly default?: unknown;
  /** The allowed values of an `enum` field. */
  readonly options?: readonly string[];
}

/** What a connector can do (dex-style capability interfaces, implemented per connector). */
export type ConnectorCapability = 'form-login' | 'redirect-login' | 'saml-post' | 'refresh' | 'logout';

export interface ConnectorDescriptor {
  readonly type: AuthServiceType;
  readonly label: string;
  readonly description: string;
  /** The keys every type shares first, then the type's own, in form order. */
  readonly fields: readonly ConfigField[];
  readonly capabilities: readonly ConnectorCapability[];
  /** Whether users can sign in through this type today (only `local`, whose login is built into the gateway). */
  readonly loginAvailable: boolean;
}

/** A registry entry: the public descriptor plus the class-validator schema its configs are checked against. */
export interface ConnectorDefinition<T extends AuthServiceType = AuthServiceType> {
  readonly descriptor: ConnectorDescriptor & { readonly type: T };
  readonly configClass: ConfigClass;
}

export function defineConnector<T extends AuthServiceType>(definition: {
  type: T;
  label: string;
  description: string;
  config: ConfigClass;
  capabilities: readonly ConnectorCapability[];
  loginAvailable?: boolean;
}): ConnectorDefinition<T> {
  const fields = fieldsOf(definition.config).map(
    ({ key, kind, required, secret, endpoint, label, help, default: fallback, options }): ConfigField =>
      Object.freeze({
        key,
        kind,
        required,
        secret,
        endpoint,
        label,
        help,
        ...(fallback === undefined ? {} : { default: fallback }),
        ...(options ? { options } : {}),
      }),
  );
  return {
    descriptor: Object.freeze({
      type: definition.type,
      label: definition.label,
      description: definition.description,
      fields: Object.freeze(fields),
      capabilities: Object.freeze([...definition.capabilities]),
      loginAvailable: definition.loginAvailable ?? false,
    }),
    configClass: definition.config,
  };
}

/** An upstream token the vault keeps for data links and upstream refresh (issue: envelope vault). */
export interface UpstreamToken {
  readonly value: string;
  readonly expiresAt?: Date;
}

/**
 * Who the upstream says signed in. `providerUid` is stable for the user at that service (LDAP
 * `entryUUID`, AD `objectGUID`, the adaptor's `id`) and names the identity; `attributes` are all the
 * upstream returned — what is kept of them is the service's `allowedAttributes` (UpstreamIdentities).
 */
export interface UpstreamIdentity {
  readonly providerUid: string;
  readonly username?: string;
  readonly email?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly tokens?: Readonly<Record<string, UpstreamToken>>;
}

/** A stored service, opened: its config validated again (defaults applied) and its secrets unsealed. */
export interface OpenedService {
  readonly id: string;
  readonly type: AuthServiceType;
  readonly organizationId: string;
  readonly environmentId: string | null;
  /** Non-secret keys, validated, defaults applied. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Secret keys (bindPassword, sharedSecret, clientSecret…); never logged, never answered. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly updatedAt: Date;
}

/** Where a login comes from: for the adaptor's request, lockout keys and logs. */
export interface LoginContext {
  /** The environment the client belongs to (an organization-scoped service serves several). */
  readonly environmentId: string;
  readonly requestId?: string;
  readonly ip: string;
  readonly now: Date;
}

export interface PasswordCredentials {
  readonly username: string;
  readonly password: string;
}

/** The login form (hosted page and password grant) checks credentials at the upstream. */
export interface FormLoginConnector {
  /** @throws ConnectorError INVALID_CREDENTIALS, ACCOUNT_DISABLED, IDENTITY_TEMPORARILY_LOCKED, UPSTREAM_UNAVAILABLE, UPSTREAM_REJECTED */
  login(credentials: PasswordCredentials, context: LoginContext): Promise<UpstreamIdentity>;
}

/** What a family remembers of its login, for the upstream to confirm at refresh. */
export interface StoredUpstreamLogin {
  readonly providerUid: string;
  readonly tokens?: Readonly<Record<string, UpstreamToken>>;
}

/**
 * Refresh asks the upstream again (the user may be gone or disabled since). Null: this upstream
 * has nothing to refresh (the family's own rules apply alone).
 * @throws ConnectorError UPSTREAM_REFRESH_FAILED (the family is revoked) or UPSTREAM_UNAVAILABLE (nothing revoked)
 */
export interface RefreshConnector {
  refresh(stored: StoredUpstreamLogin, context: LoginContext): Promise<UpstreamIdentity | null>;
}

/** One step of a test connection: no secret in `detail`. */
export interface ConnectionCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** A dry run of a config (nothing saved): connect, TLS, bind, search, and a probe login when given. */
export interface ConnectionTester {
  test(probe?: PasswordCredentials): Promise<readonly ConnectionCheck[]>;
}

/** An opened connector: the capabilities its type implements, and `close` for pooled connections. */
export interface Connector {
  readonly service: OpenedService;
  readonly formLogin?: FormLoginConnector;
  readonly refresh?: RefreshConnector;
  readonly tester?: ConnectionTester;
  /** Releases what the connector holds (pooled LDAP connections); called when its cache entry is dropped. */
  close(): Promise<void>;
}
