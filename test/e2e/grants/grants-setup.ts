import { decodeJwt } from 'jose';
import { LocalIdentities } from '@rapidauth/identity';
import { startAdminTestbed, type AdminAnswer, type AdminTestbed } from '../../support/admin-api';
import { basicAuth, isActive, postForm } from '../../support/requests';
import { createTenant } from '../../support/tenant';

export type Tenant = Awaited<ReturnType<typeof createTenant>>;

/**
 * One installation for the grant suites: the admin testbed (the gateway with its admin API on real
 * PostgreSQL, the bootstrap admin's management token) and helpers speaking HTTP to both.
 */
export class GrantsInstallation {
  testbed: AdminTestbed;

  get gateway() {
    return this.testbed.gateway;
  }

  async start(): Promise<void> {
    this.testbed = await startAdminTestbed();
  }

  async stop(): Promise<void> {
    await this.testbed?.stop();
  }

  /** A management token for `form`; throws when refused. */
  managementToken(form: Record<string, string>): Promise<string> {
    return this.testbed.token(form);
  }

  /** Calls the admin API as `bearer` (the bootstrap admin by default). */
  api(...call: Parameters<AdminTestbed['api']>): Promise<AdminAnswer> {
    return this.testbed.api(...call);
  }

  /** A tenant with a user, a first-party confidential client and a first-party browser (public) client. */
  async tenant(username = 'kiosk') {
    const tenant = await createTenant(this.gateway.provisioner);
    const user = await this.gateway.get(LocalIdentities).create(tenant.environment.id, { username, password: `${username} password ok` });
    const confidential = await this.gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Kiosk backend',
      type: 'confidential',
      firstParty: true,
      grantTypes: ['password', 'refresh_token'],
      allowedOrigins: ['https://kiosk.example.com'],
    });
    const browser = await this.gateway.provisioner.createClient({
      environmentId: tenant.environment.id,
      name: 'Kiosk web app',
      type: 'public',
      firstParty: true,
      grantTypes: ['password'],
      allowedOrigins: ['https://kiosk.example.com'],
    });
    return {
      ...tenant,
      uid: user.accountId,
      confidential: { clientId: confidential.client.clientId, id: confidential.client.id, secret: confidential.clientSecret! },
      browser: { clientId: browser.client.clientId, id: browser.client.id },
    };
  }

  /** POST /oauth/token with the form and headers given. */
  token(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return postForm(`${this.gateway.url}/oauth/token`, form, headers);
  }

  /** A grant login through a confidential client authenticated with HTTP Basic. */
  grantLogin(client: { clientId: string; secret: string }, key: string, secret: string, scope = 'openid offline_access'): Promise<Response> {
    return this.token({ grant_type: 'password', username: key, password: secret, scope }, basicAuth(client.clientId, client.secret));
  }

  /** Whether the environment's own client sees the token as active at introspection. */
  isActive(tenant: Tenant, token: string): Promise<boolean> {
    return isActive(this.gateway.url, { clientId: tenant.environment.appKey, secret: tenant.appSecret }, token);
  }

  query<T = Record<string, unknown>>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.gateway.running.runtime.database.dataSource.query(sql, parameters);
  }
}

export const claimsOf = (accessToken: string) => decodeJwt(accessToken);
