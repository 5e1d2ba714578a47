import type { LoggerService } from '@nestjs/common';
import type { AuthServiceType } from '@rapidauth/database';
import type { AuthenticatedIdentity, LocalIdentities } from '@rapidauth/identity';
import { describeFields } from './config/describe-fields';
import type { ConfigClass } from './config/field';
import type { AssertionReplays } from './saml/assertion-replays.repository';

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
  /** Inclusive `[min, max]` of an `integer` field. */
  readonly range?: readonly [number, number];
  /** The most entries a list field (`string[]`, `object[]`) takes. */
  readonly maxItems?: number;
  /** The keys of an `object` field, or of each entry of an `object[]` field (same shape, recursively). */
  readonly fields?: readonly ConfigField[];
}

/** What a connector can do (dex-style capability interfaces, implemented per connector). */
export type ConnectorCapability = 'form-login' | 'redirect-login' | 'saml-post' | 'refresh' | 'logout' | 'token-exchange';

export interface ConnectorDescriptor {
  readonly type: AuthServiceType;
  readonly label: string;
  readonly description: string;
  /** The keys every type shares first, then the type's own, in form order. */
  readonly fields: readonly ConfigField[];
  readonly capabilities: readonly ConnectorCapability[];
  /** Whether users can sign in through this type today: it is built (has a factory) and declares a login capability. */
  readonly loginAvailable: boolean;
}

/** Builds a type's connector from an opened service; `runtime` is what connectors need from outside the lib. */
export type ConnectorFactory = (opened: OpenedService, runtime: ConnectorRuntime) => Connector;

/** A registry entry: the public descriptor, the class-validator schema its configs are checked against, and its factory once built. */
export interface ConnectorDefinition<T extends AuthServiceType = AuthServiceType> {
  readonly descriptor: ConnectorDescriptor & { readonly type: T };
  readonly configClass: ConfigClass;
  readonly open?: ConnectorFactory;
}

const LOGIN_CAPABILITIES: readonly ConnectorCapability[] = ['form-login', 'redirect-login', 'saml-post'];

export function defineConnector<T extends AuthServiceType>(definition: {
  type: T;
  label: string;
  description: string;
  config: ConfigClass;
  capabilities: readonly ConnectorCapability[];
  open?: ConnectorFactory;
}): ConnectorDefinition<T> {
  return {
    descriptor: Object.freeze({
      type: definition.type,
      label: definition.label,
      description: definition.description,
      fields: describeFields(definition.config),
      capabilities: Object.freeze([...definition.capabilities]),
      loginAvailable: definition.open !== undefined && definition.capabilities.some((capability) => LOGIN_CAPABILITIES.includes(capability)),
    }),
    configClass: definition.config,
    ...(definition.open ? { open: definition.open } : {}),
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

/** What a connector gets from outside the lib when it is opened. */
export interface ConnectorRuntime {
  /** The gateway's own identities, for the `local` connector. */
  readonly localIdentities: LocalIdentities;
  /** PUBLIC_URL: the SAML types' entity id and ACS are formed under it (samlServiceUrls). */
  readonly publicUrl: string;
  /** The SAML assertion IDs accepted so far, shared by every instance. */
  readonly assertionReplays: AssertionReplays;
  /** Named for the service's type; connectors log `ConnectorError.detail` here, never a secret. */
  readonly logger: LoggerService;
}

/** The login form (hosted page and password grant) checks credentials at the upstream. */
export interface FormLoginConnector {
  /** @throws ConnectorError INVALID_CREDENTIALS, ACCOUNT_DISABLED, IDENTITY_TEMPORARILY_LOCKED, UPSTREAM_UNAVAILABLE, UPSTREAM_REJECTED */
  login(credentials: PasswordCredentials, context: LoginContext): Promise<UpstreamIdentity>;
}

/**
 * The login form checked against the gateway's own identities (`local`): the account is the
 * gateway's, so there is no upstream identity to map, and LocalIdentities keeps its own lockout
 * (counted in the statement that looks the identity up), so the caller must not count again.
 */
export interface OwnLoginConnector {
  /** @throws IdentityError INVALID_CREDENTIALS, ACCOUNT_DISABLED, IDENTITY_TEMPORARILY_LOCKED */
  login(credentials: PasswordCredentials, context: LoginContext): Promise<AuthenticatedIdentity>;
}

/**
 * Where a redirect login sends the browser: a 303 to `location`, or (SAML HTTP-POST binding) an
 * auto-posting form of `fields` to `action`.
 */
export type RedirectStep =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'post'; readonly action: string; readonly fields: Readonly<Record<string, string>> };

/** The gateway's side of one redirect login: it finds the login transaction again by `state`. */
export interface RedirectLoginRequest {
  /** Random, single use: sent upstream as OAuth `state` or SAML `RelayState`, echoed back to the callback. */
  readonly state: string;
  /** Our callback the upstream returns to: `PUBLIC_URL/oauth2/:serviceId/callback` or the SAML ACS. */
  readonly callbackUrl: string;
}

/**
 * What the connector keeps between `begin` and `finish` (nonce, PKCE verifier, SAML request id),
 * stored sealed on the login transaction and handed back once.
 */
export type RedirectLoginKept = Readonly<Record<string, string>>;

/**
 * The browser goes to the IdP and back (oauth2, oidc, facebook, SAML): `begin` builds the step,
 * `finish` verifies what the callback received (query or form parameters) against what was kept.
 */
export interface RedirectLoginConnector {
  begin(request: RedirectLoginRequest, context: LoginContext): Promise<{ readonly step: RedirectStep; readonly kept: RedirectLoginKept }>;
  /**
   * @throws ConnectorError ACCESS_DENIED (the IdP answered an error with a valid state: the user declined or may not sign in there;
   * the client gets `error=access_denied`),
   * UPSTREAM_REJECTED (the response fails verification), UPSTREAM_UNAVAILABLE (the token or userinfo endpoint cannot be reached)
   */
  finish(params: Readonly<Record<string, string>>, kept: RedirectLoginKept, request: RedirectLoginRequest, context: LoginContext): Promise<UpstreamIdentity>;
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

/** The upstream tokens a client may present for exchange (RFC 8693 §3, without the URN prefix). */
export type SubjectTokenType = 'id_token' | 'access_token';

/** A token the client got from the upstream itself, to exchange for the gateway's (RFC 8693 §2.1). Never logged. */
export interface SubjectToken {
  readonly token: string;
  readonly type: SubjectTokenType;
}

/**
 * Token exchange (RFC 8693): the upstream vouches for a token a client obtained there, and names
 * its user as a login would. `subjectTokenTypes` are the types this service can check (as its
 * config allows); the others are the caller's invalid_request.
 */
export interface TokenExchangeConnector {
  readonly subjectTokenTypes: readonly SubjectTokenType[];
  /** @throws ConnectorError UPSTREAM_REJECTED (the token is refused: signature, issuer, audience, expiry, replay, upstream said no), UPSTREAM_UNAVAILABLE */
  exchange(subject: SubjectToken, context: LoginContext): Promise<UpstreamIdentity>;
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

/**
 * An opened connector: the capabilities its type implements, and `close` for pooled connections.
 * A `form-login` type implements `formLogin` (an upstream checks the password) or, for `local`
 * only, `ownLogin`; a `redirect-login` or `saml-post` type implements `redirectLogin`; a
 * `token-exchange` type implements `tokenExchange`.
 */
export interface Connector {
  readonly service: OpenedService;
  readonly formLogin?: FormLoginConnector;
  readonly ownLogin?: OwnLoginConnector;
  readonly redirectLogin?: RedirectLoginConnector;
  readonly refresh?: RefreshConnector;
  readonly tokenExchange?: TokenExchangeConnector;
  readonly tester?: ConnectionTester;
  /**
   * SAML types: the SP metadata XML (`application/samlmetadata+xml`) the metadata route of API
   * version `version` serves, whose entity id is that version's (v1 also for unversioned routes).
   */
  readonly spMetadata?: (version: 'v1' | 'v2') => string;
  /** Releases what the connector holds (pooled LDAP connections); called when its cache entry is dropped. */
  close(): Promise<void>;
}
