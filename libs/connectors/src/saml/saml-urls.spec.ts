import { samlServiceUrls, spEntityId, V1_ENTITY_ID } from './saml-urls';

describe('samlServiceUrls', () => {
  it('forms the entity ids, metadata URLs and ACS of a service under PUBLIC_URL', () => {
    const urls = samlServiceUrls('https://auth.example.com/', '3f0c2c4e-9d7a-4a63-8f1e-5b8f0b8f2a11');
    expect(urls).toEqual({
      entityIds: { v1: V1_ENTITY_ID, v2: 'https://auth.example.com/v2/saml/3f0c2c4e-9d7a-4a63-8f1e-5b8f0b8f2a11/metadata' },
      metadataUrls: {
        v1: 'https://auth.example.com/saml/3f0c2c4e-9d7a-4a63-8f1e-5b8f0b8f2a11/metadata',
        v2: 'https://auth.example.com/v2/saml/3f0c2c4e-9d7a-4a63-8f1e-5b8f0b8f2a11/metadata',
      },
      acsUrl: 'https://auth.example.com/saml/3f0c2c4e-9d7a-4a63-8f1e-5b8f0b8f2a11/acs',
    });
    expect(spEntityId(urls, 'v1')).toBe(V1_ENTITY_ID);
    expect(spEntityId(urls, 'v2')).toBe(urls.metadataUrls.v2);
  });

  it('keeps a path prefix of PUBLIC_URL', () => {
    expect(samlServiceUrls('https://example.com/auth', 'svc').acsUrl).toBe('https://example.com/auth/saml/svc/acs');
  });
});
