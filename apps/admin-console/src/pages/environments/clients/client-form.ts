import { isAbsoluteUrl, linesOf } from '../../../components/input-rules';
import type { ClientView } from '../types';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** The grant types a registered client may have (the API's list), with the names admins read. */
export const GRANT_TYPES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'authorization_code', label: 'Authorization code' },
  { value: 'refresh_token', label: 'Refresh token' },
  { value: 'password', label: 'Password (first-party only)' },
  { value: 'client_credentials', label: 'Client credentials (confidential only)' },
  { value: TOKEN_EXCHANGE, label: 'Token exchange (first-party only)' },
  { value: 'urn:rapidauth:grant-type:anonymous', label: 'Anonymous' },
  { value: 'urn:ietf:params:oauth:grant-type:jwt-bearer', label: 'JWT bearer' },
  { value: 'urn:rapidauth:grant-type:mfa-otp', label: 'MFA one-time code' },
  { value: 'urn:rapidauth:grant-type:email-password', label: 'Email and password' },
  { value: 'urn:rapidauth:grant-type:email-otp', label: 'Email one-time code' },
  { value: 'urn:rapidauth:grant-type:phone-otp', label: 'Phone one-time code' },
];

export type ClientType = 'public' | 'confidential';
export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** Every field of a client registration as the form holds it; URIs and origins as one per line. */
export interface ClientForm {
  readonly name: string;
  readonly type: ClientType;
  readonly applicationType: 'web' | 'native';
  readonly firstParty: boolean;
  readonly redirectUris: string;
  readonly postLogoutRedirectUris: string;
  readonly allowedOrigins: string;
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethod: AuthMethod;
  readonly idTokenSignedResponseAlg: 'RS256' | 'ES256';
  readonly dpopBoundAccessTokens: boolean;
  readonly dpopNonceRequired: boolean;
  readonly enabled: boolean;
}

/** The API's defaults for a confidential web client. */
export const NEW_CLIENT: ClientForm = {
  name: '',
  type: 'confidential',
  applicationType: 'web',
  firstParty: false,
  redirectUris: '',
  postLogoutRedirectUris: '',
  allowedOrigins: '',
  grantTypes: ['authorization_code', 'refresh_token'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  idTokenSignedResponseAlg: 'RS256',
  dpopBoundAccessTokens: false,
  dpopNonceRequired: false,
  enabled: true,
};

/** A public client authenticates with `none` and has no client_credentials; a confidential one needs a method. */
export function withType(form: ClientForm, type: ClientType): ClientForm {
  if (type === 'public') {
    return { ...form, type, tokenEndpointAuthMethod: 'none', grantTypes: form.grantTypes.filter((grant) => grant !== 'client_credentials') };
  }
  return { ...form, type, tokenEndpointAuthMethod: form.tokenEndpointAuthMethod === 'none' ? 'client_secret_basic' : form.tokenEndpointAuthMethod };
}

const badUri = (text: string) => linesOf(text).find((uri) => !isAbsoluteUrl(uri));

/** The client rules simple enough to check before sending (the API checks them all). */
export function checkClient(form: ClientForm): Record<string, string | undefined> {
  const redirect = badUri(form.redirectUris);
  const logout = badUri(form.postLogoutRedirectUris);
  const origin = linesOf(form.allowedOrigins).find((value) => !/^https?:\/\/[^/?#]+$/.test(value));
  const firstPartyOnly = form.grantTypes.find((grant) => (grant === 'password' || grant === TOKEN_EXCHANGE) && !form.firstParty);
  const grantProblem =
    form.type === 'public' && form.grantTypes.includes('client_credentials')
      ? 'Client credentials needs a confidential client.'
      : firstPartyOnly
        ? `${GRANT_TYPES.find((grant) => grant.value === firstPartyOnly)?.label ?? firstPartyOnly}: only for first-party clients.`
        : undefined;
  return {
    name: form.name.trim() === '' ? 'Enter a name.' : form.name.trim().length > 200 ? 'At most 200 characters.' : undefined,
    redirectUris: redirect
      ? `"${redirect}" is not an absolute URI.`
      : form.grantTypes.includes('authorization_code') && linesOf(form.redirectUris).length === 0
        ? 'The authorization code grant needs at least one redirect URI.'
        : undefined,
    postLogoutRedirectUris: logout ? `"${logout}" is not an absolute URI.` : undefined,
    allowedOrigins: origin ? `"${origin}" must be an origin such as https://app.example.com.` : undefined,
    grantTypes: grantProblem,
  };
}

/** The body of POST /v1/environments/:id/clients. */
export function clientBody(form: ClientForm) {
  return {
    ...form,
    name: form.name.trim(),
    redirectUris: linesOf(form.redirectUris),
    postLogoutRedirectUris: linesOf(form.postLogoutRedirectUris),
    allowedOrigins: linesOf(form.allowedOrigins),
    grantTypes: [...form.grantTypes],
  };
}

/** A registered client as the form shows it for editing. */
export function formOf(client: ClientView): ClientForm {
  return {
    name: client.name,
    type: client.type as ClientType,
    applicationType: client.applicationType as ClientForm['applicationType'],
    firstParty: client.firstParty,
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    allowedOrigins: client.allowedOrigins.join('\n'),
    grantTypes: client.grantTypes,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod as AuthMethod,
    idTokenSignedResponseAlg: client.idTokenSignedResponseAlg as ClientForm['idTokenSignedResponseAlg'],
    dpopBoundAccessTokens: client.dpopBoundAccessTokens,
    dpopNonceRequired: client.dpopNonceRequired,
    enabled: client.enabled,
  };
}

/** The body of PATCH /v1/clients/:id: only the fields that changed (the type cannot). */
export function changedFields(before: ClientForm, after: ClientForm): Partial<ReturnType<typeof clientBody>> {
  const old = clientBody(before);
  const next = clientBody(after);
  const keys = (Object.keys(next) as Array<keyof typeof next>).filter((key) => key !== 'type' && JSON.stringify(old[key]) !== JSON.stringify(next[key]));
  return Object.fromEntries(keys.map((key) => [key, next[key]]));
}
