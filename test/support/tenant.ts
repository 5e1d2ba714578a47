import { TenancyProvisioner, type NewClient } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';
import type { DataSource } from 'typeorm';

/** An organization → app → environment, with the secrets shown once at creation. */
export async function createTenant(provisioner: TenancyProvisioner, options: { customScopes?: string[] } = {}) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const { organization, clientSecret: organizationSecret } = await provisioner.createOrganization({ name: `org-${suffix}` });
  const app = await provisioner.createApp({ organizationId: organization.id, name: 'mobile' });
  const { environment, appSecret, localService } = await provisioner.createEnvironment({
    appId: app.id,
    name: 'production',
    customScopes: options.customScopes ?? ['orders:read', 'orders:write'],
  });
  return { organization, organizationSecret, app, environment, appSecret, localService };
}

/** The provisioner straight on a database, with no gateway running: secrets hashed with a fixed test pepper. */
export function provisionerOn(dataSource: DataSource): TenancyProvisioner {
  return new TenancyProvisioner(dataSource, new SecretHasher(Buffer.alloc(32, 1)));
}

/** Registers a confidential backend job for client_credentials that sends its secret in the form (client_secret_post, RFC 6749 §2.3.1). */
export function createBackendJob(provisioner: TenancyProvisioner, environmentId: string) {
  return provisioner.createClient({
    environmentId,
    name: 'Backend job',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_post',
  });
}

/** Registers a public native app (RFC 8252: PKCE, no secret) in `environmentId`; `fields` are the rest of its registration. */
export async function createNativeApp(provisioner: TenancyProvisioner, environmentId: string, fields: Omit<NewClient, 'environmentId' | 'type' | 'applicationType'>) {
  const { client } = await provisioner.createClient({ environmentId, type: 'public', applicationType: 'native', ...fields });
  return client;
}

/** The first-party mobile app the browser flows sign in to: a loopback redirect (RFC 8252 §7.3), a sign-out landing page, refresh tokens. */
export const ACME_MOBILE = {
  name: 'Acme mobile',
  firstParty: true,
  redirectUris: ['http://127.0.0.1/callback'],
  postLogoutRedirectUris: ['http://127.0.0.1/signed-out'],
  grantTypes: ['authorization_code', 'refresh_token'],
};

/** The first-party mobile app that may use the password grant (RFC 6749 §4.3) besides the code flow. */
export const PASSWORD_APP = {
  name: 'Own mobile app',
  firstParty: true,
  redirectUris: ['com.acme.app:/cb'],
  grantTypes: ['authorization_code', 'refresh_token', 'password'],
};
