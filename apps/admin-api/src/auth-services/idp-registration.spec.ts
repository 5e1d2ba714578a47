import { idpRegistration } from './idp-registration';

const PUBLIC_URL = 'https://auth.example.com';
const ID = '5f0c3f0e-8d4b-4a57-9a55-3f1f6f0f1a11';

describe('idpRegistration', () => {
  it('gives redirect types the OAuth2 callback', () => {
    for (const type of ['oidc', 'facebook'] as const) {
      expect(idpRegistration({ id: ID, type, config: {} }, PUBLIC_URL)).toEqual({ callbackUrl: `${PUBLIC_URL}/oauth2/${ID}/callback` });
    }
    expect(idpRegistration({ id: ID, type: 'oauth2', config: { grantType: 'authorization_code' } }, PUBLIC_URL)).toEqual({
      callbackUrl: `${PUBLIC_URL}/oauth2/${ID}/callback`,
    });
  });

  it('gives the password grant and form types nothing to register', () => {
    expect(idpRegistration({ id: ID, type: 'oauth2', config: { grantType: 'password' } }, PUBLIC_URL)).toEqual({});
    for (const type of ['ldap', 'local', 'custom', 'active-directory'] as const) expect(idpRegistration({ id: ID, type, config: {} }, PUBLIC_URL)).toEqual({});
  });

  it('gives SAML types the SP metadata, entity ids and ACS of both versions', () => {
    expect(idpRegistration({ id: ID, type: 'saml-post', config: {} }, PUBLIC_URL)).toEqual({
      spMetadataUrls: { v1: `${PUBLIC_URL}/saml/${ID}/metadata`, v2: `${PUBLIC_URL}/v2/saml/${ID}/metadata` },
      spEntityIds: { v1: 'rapidauth-mobile-identity-connect', v2: `${PUBLIC_URL}/v2/saml/${ID}/metadata` },
      acsUrl: `${PUBLIC_URL}/saml/${ID}/acs`,
    });
  });
});
