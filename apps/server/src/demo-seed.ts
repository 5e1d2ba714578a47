import { createHash, randomBytes } from 'node:crypto';
import { OrganizationEntity } from '@rapidauth/database';
import { IdentityError, LocalIdentities, LoginThrottle } from '@rapidauth/identity';
import type { Runtime } from '@rapidauth/runtime';
import { TenancyProvisioner } from '@rapidauth/tenancy';
import { SecretHasher } from '@rapidauth/vault';

export const DEMO_REDIRECT_URI = 'http://127.0.0.1:8080/callback';
export const DEMO_USER = { username: 'demo', password: 'demo-password-123' };

/**
 * Seeds (or re-seeds) the `demo` organization: an app, an environment, a public native client
 * and a user. Re-running replaces it, since its secrets are shown only once.
 */
export async function seedDemo(runtime: Runtime) {
  const { dataSource } = runtime.database;
  await dataSource.manager.delete(OrganizationEntity, { name: 'demo' });
  const provisioner = new TenancyProvisioner(dataSource, new SecretHasher(runtime.config.secretPepper.reveal()));
  const { organization } = await provisioner.createOrganization({ name: 'demo', displayName: 'Demo organization' });
  const app = await provisioner.createApp({ organizationId: organization.id, name: 'demo-app', displayName: 'Demo app' });
  // Codes live 2 minutes here (10 s by default) so a person can paste one by hand.
  const { environment, appSecret } = await provisioner.createEnvironment({
    appId: app.id,
    name: 'development',
    customScopes: ['demo:read'],
    localServiceConfig: { grantTtl: 120 },
  });
  const { client } = await provisioner.createClient({
    environmentId: environment.id,
    name: 'Demo native app',
    type: 'public',
    applicationType: 'native',
    firstParty: true,
    redirectUris: [DEMO_REDIRECT_URI],
    grantTypes: ['authorization_code', 'refresh_token'],
  });
  try {
    await new LocalIdentities(dataSource, new LoginThrottle(dataSource)).create(environment.id, DEMO_USER);
  } catch (error) {
    if (!(error instanceof IdentityError && error.code === 'EXISTING_IDENTITY')) throw error;
  }
  return { environment, appSecret, client };
}

/** What a newcomer pastes: a PKCE pair and the authorization URL built from it. */
export function demoInstructions(publicUrl: string, seeded: Awaited<ReturnType<typeof seedDemo>>): string {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${publicUrl}/v3/oauth/auth`);
  authorize.search = new URLSearchParams({
    client_id: seeded.client.clientId,
    redirect_uri: DEMO_REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  }).toString();
  const appKey = seeded.environment.appKey;
  return `
RapidAuth demo is running.

  Discovery:          ${publicUrl}/.well-known/openid-configuration
  Environment client: ${appKey}   (secret, shown once: ${seeded.appSecret})
  Native app client:  ${seeded.client.clientId}   (public, PKCE)
  Demo user:          ${DEMO_USER.username} / ${DEMO_USER.password}

1. A token for the environment itself (client_credentials):
   curl -s -u '${appKey}:${seeded.appSecret}' -d grant_type=client_credentials -d scope=demo:read ${publicUrl}/oauth/token

2. Sign in as the demo user: open this URL, sign in, and copy "code" from the address the browser
   is sent to (${DEMO_REDIRECT_URI}?code=…; nothing listens there, that is fine):
   ${authorize.toString()}

   then exchange it (within 2 minutes — the demo code's lifetime):
   curl -s -d grant_type=authorization_code -d client_id=${seeded.client.clientId} \\
     -d redirect_uri=${DEMO_REDIRECT_URI} -d code_verifier=${verifier} -d code=PASTE_CODE ${publicUrl}/oauth/token
`;
}
