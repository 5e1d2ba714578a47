import { DEFAULT_TTLS } from '@rapidauth/tenancy';
import { headerNameProblem, pageUrlProblem, redirectUrisProblem } from './checks';
import { Field } from './field';

const LOGIN_PAGE_MODES = ['default', 'css', 'hosted'] as const;

/** Which login page the service shows: ours, ours with custom CSS, or a hosted one. */
export class LoginPageConfig {
  @Field({
    kind: 'enum',
    options: LOGIN_PAGE_MODES,
    required: true,
    label: 'Mode',
    help: 'default: the built-in login page; css: the built-in page styled by the stylesheet at URL; hosted: your own login page at URL.',
  })
  mode: (typeof LOGIN_PAGE_MODES)[number];

  @Field({
    kind: 'url',
    endpoint: false,
    requiredWhen: { holds: (page) => page.mode === 'css' || page.mode === 'hosted', reason: 'when mode is css or hosted' },
    check: (url: string, page) => (page.mode === 'default' ? 'must not be set when mode is default' : pageUrlProblem(url)),
    label: 'URL',
    help: 'The stylesheet (css) or the login page (hosted): https, or http on a loopback host.',
  })
  url?: string;
}

/** Sends one allowed attribute to data link connectors as an HTTP header. */
export class HeaderMappingConfig {
  @Field({ kind: 'string', required: true, label: 'Attribute', help: 'An allowed attribute, such as client_token.' })
  attribute: string;

  @Field({ kind: 'string', required: true, check: headerNameProblem, label: 'Header', help: 'The HTTP header it is sent as, such as X-Auth-Token.' })
  header: string;
}

/** The keys every auth service type has. */
export class CommonConfig {
  @Field({
    kind: 'string[]',
    required: true,
    maxItems: 50,
    check: redirectUrisProblem,
    label: "Redirect URI's",
    help: 'The OAuth 2.0 redirect URIs of the client apps: callback URIs used to pass the OAuth grant.',
  })
  redirectUris: string[];

  @Field({
    kind: 'integer',
    range: [0, 60],
    default: 0,
    label: 'Refresh Token Reuse Grace',
    help: 'Seconds during which a just-rotated refresh token may be presented again (a retrying client) without revoking its family.',
  })
  refreshReuseGraceSeconds?: number;

  @Field({
    kind: 'object',
    type: () => LoginPageConfig,
    default: { mode: 'default' },
    label: 'Login Page',
    help: 'mode default uses the built-in page; css styles it with the stylesheet at url; hosted uses your own login page at url.',
  })
  loginPage?: LoginPageConfig;

  @Field({
    kind: 'integer',
    range: [1, 600],
    default: DEFAULT_TTLS.grantTtl,
    label: 'Grant TTL',
    help: 'The time (in seconds) that an OAuth grant is valid to obtain an OAuth token.',
  })
  grantTtl?: number;

  @Field({
    kind: 'integer',
    range: [60, 86_400],
    default: DEFAULT_TTLS.tokenTtl,
    label: 'Token TTL',
    help: 'The time (in seconds) that an OAuth token is accepted before requiring a new login or refresh.',
  })
  tokenTtl?: number;

  @Field({ kind: 'boolean', default: true, label: 'Allow Refresh Tokens', help: 'Enable OAuth refresh token support.' })
  allowRefreshTokens?: boolean;

  @Field({
    kind: 'integer',
    range: [60, 31_536_000],
    default: DEFAULT_TTLS.refreshTokenTtl,
    label: 'Refresh Token TTL',
    help: 'The time (in seconds) that an OAuth refresh token is accepted.',
  })
  refreshTokenTtl?: number;

  @Field({
    kind: 'string[]',
    required: true,
    label: 'Allowed Attributes',
    help: 'Attributes the client is allowed to request once they are read from the identity provider; id and audience are always allowed.',
  })
  allowedAttributes: string[];

  @Field({
    kind: 'object[]',
    type: () => HeaderMappingConfig,
    default: [],
    label: 'Data Link Header Mappings',
    help: 'Maps attributes to HTTP headers sent to data link connectors (e.g. attribute client_token to header X-Auth-Token).',
  })
  headerMappings?: HeaderMappingConfig[];
}
