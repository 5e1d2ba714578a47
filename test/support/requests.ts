import { TenancyChanges } from '@rapidauth/tenancy';
import type { GatewayInstance } from './gateway-instance';

/** RFC 6749 §2.3.1 HTTP Basic header. */
export function basicAuth(clientId: string, secret: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}` };
}

/** POSTs a form, as OAuth clients do. */
export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

/** RFC 7662 introspection as a confidential client; true when the token is active. */
export async function isActive(baseUrl: string, credentials: { clientId: string; secret: string }, token: string): Promise<boolean> {
  const response = await postForm(`${baseUrl}/oauth/introspect`, { token }, basicAuth(credentials.clientId, credentials.secret));
  return ((await response.json()) as { active: boolean }).active;
}

/** Merges settings into an auth service's stored config, as an admin's edit would (no restart). */
export async function updateServiceConfig(gateway: GatewayInstance, serviceId: string, settings: Record<string, unknown>): Promise<void> {
  await gateway.running.runtime.database.dataSource.query('UPDATE "auth_service" SET "config" = "config" || $1::jsonb WHERE "id" = $2', [
    JSON.stringify(settings),
    serviceId,
  ]);
  await gateway.get(TenancyChanges).announce();
}
