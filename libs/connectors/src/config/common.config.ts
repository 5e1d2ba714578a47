import { ValidateIf } from 'class-validator';
import { DEFAULT_TTLS } from '@rapidauth/tenancy';
import { headerNameProblem, pageUrlProblem, redirectUrisProblem } from './checks';
import { Field, Required, rule } from './field';

const LOGIN_PAGE_MODES = ['default', 'css', 'hosted'] as const;

/** Which login page the service shows: ours, ours with custom CSS, or a hosted one. */
export class LoginPageConfig {
  @rule('loginPageMode', (mode) => (LOGIN_PAGE_MODES.includes(mode) ? undefined : `must be one of: ${LOGIN_PAGE_MODES.join(', ')}`))
  @Required()
  mode: (typeof LOGIN_PAGE_MODES)[number];

  @rule('loginPageUrl', loginPageUrlProblem)
  @ValidateIf((page: LoginPageConfig) => page.url !== undefined || page.mode === 'css' || page.mode === 'hosted')
  url?: string;
}

function loginPageUrlProblem(url: unknown, page: Record<string, unknown>): string | undefined {
  if (page.mode === 'default') return 'must not be set when mode is default';
  if (url === undefined) return 'is required when mode is css or hosted';
  return typeof url === 'string' ? pageUrlProblem(url) : 'must be a string';
}

/** Sends one allowed attribute to data link connectors as an HTTP header. */
export class HeaderMappingConfig {
  @rule('attribute', (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string'))
  @Required()
  attribute: string;

  @rule('header', (value) => (typeof value === 'string' ? headerNameProblem(value) : 'must be a string'))
  @Required()
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
