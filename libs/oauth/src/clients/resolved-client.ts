import type { AuthServiceEntity, TokenEndpointAuthMethod } from '@rapidauth/database';
import type { ServiceTokenSettings } from '@rapidauth/tenancy';

/** The auth service a request goes through, with its token settings resolved. */
export interface ResolvedService {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly settings: ServiceTokenSettings;
  /** The stored row, cached with the client, for ServiceConnectors.open (which keeps one connector per row version). */
  readonly stored: AuthServiceEntity;
}

/**
 * An application client as the token paths see it: an environment's own client (`appKey`, or
 * `appKey.serviceId` selecting a service) or a registered client. `clientId` is the exact string
 * sent, which codes, `aud` of ID tokens and the `client_id` claim are bound to.
 */
export interface AppClient {
  readonly kind: 'app';
  readonly clientId: string;
  readonly source: 'environment' | 'registered';
  /** Shown to users on the login and consent pages; null for an environment's own client. */
  readonly name: string | null;
  readonly environmentId: string;
  readonly organizationId: string;
  readonly type: 'public' | 'confidential';
  readonly applicationType: 'web' | 'native';
  readonly firstParty: boolean;
  readonly grantTypes: readonly string[];
  readonly authMethods: readonly TokenEndpointAuthMethod[];
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly idTokenSignedResponseAlg: 'RS256' | 'ES256';
  /** RFC 9449: whether every token request needs a proof (§5.2 `dpop_bound_access_tokens`), and whether proofs need a server nonce (§8). */
  readonly dpop?: { readonly boundAccessTokens: boolean; readonly nonceRequired: boolean };
  /**
   * Device clients (docs/gateway.md#device-profiles): the app signature they registered with (null
   * once it is deleted) and the scopes it approves, the most the device may be granted.
   */
  readonly device?: { readonly appSignatureId: string | null; readonly scopes: readonly string[] };
  /** Scopes beyond the OIDC ones that this environment defines. */
  readonly customScopes: readonly string[];
  readonly service: ResolvedService;
  /** HMAC of the secret; never exposed. Null for public clients. */
  readonly secretHash: string | null;
  /** When the secret stops authenticating (RFC 7591 §3.2.1); absent or null: never. */
  readonly secretExpiresAt?: Date | null;
}

/** An organization client: may introspect its organization's tokens, gets nothing from /oauth/token. */
export interface OrganizationClient {
  readonly kind: 'organization';
  readonly clientId: string;
  readonly organizationId: string;
  readonly secretHash: string | null;
}

export type ClientPrincipal = AppClient | OrganizationClient;
