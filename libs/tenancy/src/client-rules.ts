import type { ClientEntity, TokenEndpointAuthMethod } from '@rapidauth/database';
import { redirectUriProblem } from './redirect-uris';
import { TenancyError } from './tenancy.errors';

/** A client registration as admins (and tests) describe it; unset fields take the defaults below. */
export interface NewClient {
  environmentId: string;
  name: string;
  type: 'public' | 'confidential';
  applicationType?: 'web' | 'native';
  firstParty?: boolean;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  allowedOrigins?: string[];
  grantTypes?: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  idTokenSignedResponseAlg?: 'RS256' | 'ES256';
  /** RFC 9449 §5.2: every token request must carry a DPoP proof. */
  dpopBoundAccessTokens?: boolean;
  /** RFC 9449 §8: DPoP proofs must carry a server nonce. */
  dpopNonceRequired?: boolean;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** The grant types a registered client may have (an environment's own client has them all). */
export const CLIENT_GRANT_TYPES: readonly string[] = [
  'authorization_code',
  'refresh_token',
  'password',
  'client_credentials',
  TOKEN_EXCHANGE,
  'urn:rapidauth:grant-type:anonymous',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:rapidauth:grant-type:mfa-otp',
  'urn:rapidauth:grant-type:email-password',
  'urn:rapidauth:grant-type:email-otp',
  'urn:rapidauth:grant-type:phone-otp',
];

export type ClientSettings = Pick<
  ClientEntity,
  | 'name'
  | 'type'
  | 'applicationType'
  | 'firstParty'
  | 'redirectUris'
  | 'postLogoutRedirectUris'
  | 'allowedOrigins'
  | 'grantTypes'
  | 'tokenEndpointAuthMethod'
  | 'idTokenSignedResponseAlg'
  | 'dpopBoundAccessTokens'
  | 'dpopNonceRequired'
>;

/**
 * A client's settings with defaults applied, or TenancyError INVALID_CLIENT_SETTINGS naming the
 * field (client rules: public clients authenticate with `none` and get no
 * client_credentials; the password grant and token exchange are for first-party clients (they
 * skip consent); redirect URIs by RFC 8252).
 */
export function clientSettings(input: NewClient): ClientSettings {
  const applicationType = input.applicationType ?? 'web';
  const settings: ClientSettings = {
    name: input.name?.trim(),
    type: input.type,
    applicationType,
    firstParty: input.firstParty ?? false,
    redirectUris: input.redirectUris ?? [],
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    allowedOrigins: input.allowedOrigins ?? [],
    grantTypes: input.grantTypes ?? ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? (input.type === 'public' ? 'none' : 'client_secret_basic'),
    idTokenSignedResponseAlg: input.idTokenSignedResponseAlg ?? 'RS256',
    dpopBoundAccessTokens: input.dpopBoundAccessTokens ?? false,
    dpopNonceRequired: input.dpopNonceRequired ?? false,
  };
  checkClient(settings);
  return settings;
}

function checkClient(settings: ClientSettings): void {
  const fail = (field: string, message: string): never => {
    throw new TenancyError('INVALID_CLIENT_SETTINGS', `${field} ${message}`, field);
  };
  const { type, grantTypes, tokenEndpointAuthMethod: authMethod } = settings;
  if (!settings.name) fail('name', 'is required');
  if (type === 'public' && authMethod !== 'none') fail('tokenEndpointAuthMethod', 'must be "none" for public clients');
  if (type === 'confidential' && authMethod === 'none') fail('tokenEndpointAuthMethod', 'must authenticate a confidential client');
  for (const grant of grantTypes) if (!CLIENT_GRANT_TYPES.includes(grant)) fail('grantTypes', `"${grant}" is not supported`);
  if (type === 'public' && grantTypes.includes('client_credentials')) fail('grantTypes', 'client_credentials needs a confidential client');
  if (grantTypes.includes('password') && !settings.firstParty) fail('grantTypes', 'password is only for first-party clients');
  if (grantTypes.includes(TOKEN_EXCHANGE) && !settings.firstParty) fail('grantTypes', `${TOKEN_EXCHANGE} is only for first-party clients`);
  for (const [field, uris] of [['redirectUris', settings.redirectUris], ['postLogoutRedirectUris', settings.postLogoutRedirectUris]] as const) {
    for (const uri of uris) {
      const problem = redirectUriProblem(uri, settings.applicationType);
      if (problem) fail(field, `"${uri}" ${problem}`);
    }
  }
  if (grantTypes.includes('authorization_code') && settings.redirectUris.length === 0) fail('redirectUris', 'are required for authorization_code');
  for (const origin of settings.allowedOrigins) {
    if (!/^https?:\/\/[^/?#]+$/.test(origin)) fail('allowedOrigins', `"${origin}" must be an origin such as https://app.example.com`);
  }
}
