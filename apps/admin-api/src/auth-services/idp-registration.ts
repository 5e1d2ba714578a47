import { samlServiceUrls } from '@rapidauth/connectors';
import type { AuthServiceEntity } from '@rapidauth/database';
import { oauthCallbackUrl } from '@rapidauth/oauth';

/** What the IdP's admin registers for a service: our callback, or our SAML SP endpoints. */
export interface IdpRegistration {
  callbackUrl?: string;
  spMetadataUrls?: { v1: string; v2: string };
  spEntityIds?: { v1: string; v2: string };
  acsUrl?: string;
}

/**
 * The answer's IdP-facing URLs (docs/admin-api.md#auth-services): oauth2 by authorization code,
 * oidc and facebook redirect back to the callback; both SAML types have SP metadata, entity ids
 * and an ACS. Other types register nothing at an IdP.
 */
export function idpRegistration(service: Pick<AuthServiceEntity, 'id' | 'type' | 'config'>, publicUrl: string): IdpRegistration {
  switch (service.type) {
    case 'oauth2':
      return service.config?.grantType === 'authorization_code' ? { callbackUrl: oauthCallbackUrl(publicUrl, service.id) } : {};
    case 'oidc':
    case 'facebook':
      return { callbackUrl: oauthCallbackUrl(publicUrl, service.id) };
    case 'saml-redirect':
    case 'saml-post': {
      const { metadataUrls, entityIds, acsUrl } = samlServiceUrls(publicUrl, service.id);
      return { spMetadataUrls: metadataUrls, spEntityIds: entityIds, acsUrl };
    }
    default:
      return {};
  }
}
