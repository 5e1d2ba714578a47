import { TenancyProvisioner } from '@rapidauth/tenancy';
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
