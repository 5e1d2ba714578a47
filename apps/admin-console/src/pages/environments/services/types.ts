import type { EditedService } from '../../../forms/types';

/** GET /v1/auth-services rows (docs/admin-api.md#auth-service-configuration); secrets are only named in `secretsSet`. */
export interface AuthService extends EditedService {
  readonly id: string;
  readonly enabled: boolean;
  readonly loginAvailable: boolean;
  /** oauth2 (authorization_code), oidc, facebook: the redirect URI to register at the IdP. */
  readonly callbackUrl?: string;
  /** SAML types: the SP metadata URLs on the gateway's public URL. */
  readonly spMetadataUrls?: { readonly v1: string; readonly v2: string };
}
