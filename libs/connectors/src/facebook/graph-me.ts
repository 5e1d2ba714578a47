import { createHmac } from 'node:crypto';
import { ConnectorError } from '../connectors.errors';
import { graphError, unreachable } from './facebook-errors';
import type { GraphClient } from './facebook-strategy';

const MAX_ME_RESPONSE = 256 * 1024;

/**
 * Graph API `appsecret_proof`: the hex HMAC-SHA256 of the access token keyed by the app secret,
 * which Graph requires of server calls when the app demands it ("Securing Graph API Requests"),
 * so a leaked access token alone cannot call Graph as the app.
 */
export function appsecretProof(accessToken: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(accessToken).digest('hex');
}

/** `meUrl` with the proof of `accessToken` when the service has a client secret. */
export function provenMeUrl(meUrl: string, accessToken: string, clientSecret: string | undefined): string {
  if (clientSecret === undefined) return meUrl;
  const url = new URL(meUrl);
  url.searchParams.set('appsecret_proof', appsecretProof(accessToken, clientSecret));
  return url.toString();
}

/**
 * The signed-in user's `/me` answer: a JSON object of at most 256 KiB.
 * @throws ConnectorError UPSTREAM_UNAVAILABLE (no answer, a timeout, a 5xx or a transient Graph
 * error), UPSTREAM_REJECTED (a Graph error answer, or anything but a JSON object); the detail names
 * the Graph error's type and code, never its message, the token or the proof.
 */
export async function readMe(graph: GraphClient, meUrl: string, accessToken: string, clientSecret: string | undefined): Promise<Record<string, unknown>> {
  const body = await new Promise<string>((resolve, reject) =>
    graph.get(provenMeUrl(meUrl, accessToken, clientSecret), accessToken, (error, data) => (error ? reject(error) : resolve(String(data ?? '')))),
  ).catch((error: unknown) => {
    throw graphError(error, '/me') ?? unreachable(error, '/me');
  });
  if (body.length > MAX_ME_RESPONSE) throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: '/me answer too large' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConnectorError('UPSTREAM_REJECTED', 'the identity provider answer was refused', { detail: '/me did not answer a JSON object' });
  }
  return parsed as Record<string, unknown>;
}
