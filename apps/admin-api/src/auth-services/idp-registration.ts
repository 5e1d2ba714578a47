import type { AuthServiceEntity } from '@rapidauth/database';
import { oauthCallbackUrl } from '@rapidauth/oauth';

/** The fixed SP entity id of v1 SAML services, kept from the product they replace (docs/admin-api.md#auth-services). */
export const SAML_V1_ENTITY_ID = ['rapidauth', 'mobile', 'identity', 'connect'].join('-');

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
      const v2 = `${publicUrl}/v2/saml/${service.id}/metadata`;
      return {
        spMetadataUrls: { v1: `${publicUrl}/saml/${service.id}/metadata`, v2 },
        spEntityIds: { v1: SAML_V1_ENTITY_ID, v2 },
        acsUrl: `${publicUrl}/saml/${service.id}/acs`,
      };
    }
    default:
      return {};
  }
}
