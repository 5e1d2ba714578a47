import { decodeJwt } from 'jose';
import type { AdminTestbed } from './admin-api';
import { basicAuth, postForm } from './requests';

/** The environment whose users sign in, and its own confidential client (appKey / appSecret). */
export interface AccountTenant {
  readonly environment: { readonly id: string; readonly appKey: string };
  readonly appSecret: string;
}

export interface Tokens {
  readonly access_token: string;
  readonly refresh_token: string;
}

/** An account endpoint's answer: status, headers and the parsed JSON body (none for 204). */
export interface AccountAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, any>;
}

/** Signs a user in with the password grant (RFC 6749 §4.3) through the environment's own client. */
export async function passwordLogin(gatewayUrl: string, tenant: AccountTenant, username: string, password: string): Promise<Tokens> {
  const response = await postForm(`${gatewayUrl}/oauth/token`, { grant_type: 'password', username, password }, basicAuth(tenant.environment.appKey, tenant.appSecret));
  const body = (await response.json()) as Tokens;
  if (response.status !== 200) throw new Error(`password login refused (${response.status}): ${JSON.stringify(body)}`);
  return body;
}

/** A local user created over the admin API and signed in with the password grant: its uid, identity, credentials and tokens. */
export async function signedInUser(testbed: AdminTestbed, tenant: AccountTenant, username: string) {
  const password = `${username} has a strong password`;
  const { body: user } = await testbed.api('POST', `/v1/environments/${tenant.environment.id}/users`, { username, password });
  if (!user.uid) throw new Error(`user not created: ${JSON.stringify(user)}`);
  return { uid: user.uid as string, identityId: user.identities[0].id as string, username, password, tokens: await passwordLogin(testbed.gateway.url, tenant, username, password) };
}

/** Refreshes the login (RFC 6749 §6): the answer's status, and the new tokens when it is 200. */
export async function refresh(gatewayUrl: string, tenant: AccountTenant, refreshToken: string): Promise<{ status: number; tokens: Tokens }> {
  const response = await postForm(`${gatewayUrl}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, basicAuth(tenant.environment.appKey, tenant.appSecret));
  return { status: response.status, tokens: (await response.json()) as Tokens };
}

/**
 * The same login as if the user had signed in `seconds` ago: its family's `auth_time` moved back,
 * then refreshed, so the new access token carries the old `auth_time` (refresh keeps the login's).
 */
export async function agedLogin(testbed: AdminTestbed, tenant: AccountTenant, tokens: Tokens, seconds: number): Promise<Tokens> {
  const { sid } = decodeJwt(tokens.access_token);
  await testbed.gateway.running.runtime.database.dataSource.query(
    `UPDATE "refresh_token_family" SET "auth_time" = "auth_time" - make_interval(secs => $2) WHERE "id" = $1`,
    [sid, seconds],
  );
  const refreshed = await refresh(testbed.gateway.url, tenant, tokens.refresh_token);
  if (refreshed.status !== 200) throw new Error(`refresh refused (${refreshed.status})`);
  return refreshed.tokens;
}

/** Calls an account endpoint with `Authorization: Bearer <token>` (none when `token` is null), a JSON body when given. */
export async function accountCall(gatewayUrl: string, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<AccountAnswer> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: {
      ...(token !== null && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}
