/** Which entity id the SP presents: v1 the fixed one, v2 (and later API versions) the v2 metadata URL. */
export const SP_ENTITY_ID_VERSIONS = ['v1', 'v2'] as const;
export type SpEntityIdVersion = (typeof SP_ENTITY_ID_VERSIONS)[number];

/** The v1 entity id every SAML service shares (docs/saml.md). */
export const V1_ENTITY_ID = 'rapidauth-mobile-identity-connect';

/** What the IdP admin enters for one SAML service, all under PUBLIC_URL. */
export interface SamlServiceUrls {
  readonly entityIds: { readonly v1: string; readonly v2: string };
  readonly metadataUrls: { readonly v1: string; readonly v2: string };
  /** The Assertion Consumer Service: HTTP-POST binding, both SAML types. */
  readonly acsUrl: string;
}

/** The one place the SP's URLs are formed; the gateway's routes and the connector both use it. */
export function samlServiceUrls(publicUrl: string, serviceId: string): SamlServiceUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(serviceId);
  const v2Metadata = `${base}/v2/saml/${id}/metadata`;
  return {
    entityIds: { v1: V1_ENTITY_ID, v2: v2Metadata },
    metadataUrls: { v1: `${base}/saml/${id}/metadata`, v2: v2Metadata },
    acsUrl: `${base}/saml/${id}/acs`,
  };
}

/** The entity id the service sends as Issuer and requires as Audience. */
export function spEntityId(urls: SamlServiceUrls, version: SpEntityIdVersion): string {
  return urls.entityIds[version];
}
