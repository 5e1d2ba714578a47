import * as client from 'openid-client';
import type { ConnectionCheck, ConnectionTester } from '../connector';
import { CHECK_TIMEOUT_MS, noAnswer, timedCheck, type CheckOutcome } from '../testers/endpoint-checks';
import type { OidcConfig } from './oidc.config';

const MAX_JWKS_RESPONSE = 256 * 1024;

/** Why openid-client's discovery failed, in our words: its error codes, or the fetch failure it wraps. */
function discoveryFailure(error: unknown): string {
  if (error instanceof client.ClientError) {
    // openid-client wraps a fetch failure it does not recognise (another realm's TypeError) without a code.
    if (error.code === undefined && error.cause) return discoveryFailure(error.cause);
    if (error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return 'the discovered issuer is not the configured issuer';
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return noAnswer({ name: 'TimeoutError' }, 'the issuer');
    const status = (error.cause as { status?: unknown } | undefined)?.status;
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && typeof status === 'number') return `the discovery document answered HTTP ${status}`;
    return `the discovery document is not usable (${error.code ?? 'invalid'})`;
  }
  if (error instanceof client.ResponseBodyError) return `the discovery document answered HTTP ${error.status}`;
  return noAnswer(error, 'the issuer');
}

async function jwksKeyCount(jwksUri: string): Promise<CheckOutcome> {
  let body: string;
  try {
    const answer = await fetch(jwksUri, { redirect: 'manual', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    if (answer.status !== 200) {
      await answer.body?.cancel();
      return [false, `the JWKS answered HTTP ${answer.status}`];
    }
    body = await answer.text();
  } catch (error) {
    return [false, noAnswer(error, 'the JWKS')];
  }
  let keys: unknown;
  try {
    keys = body.length <= MAX_JWKS_RESPONSE ? (JSON.parse(body) as { keys?: unknown }).keys : undefined;
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys)) return [false, 'the JWKS is not a JSON key set'];
  const usable = keys.filter((key) => key && typeof key === 'object' && typeof (key as { kty?: unknown }).kty === 'string').length;
  return usable > 0 ? [true, `discovery names the configured issuer; the JWKS has ${usable} key(s)`] : [false, 'the JWKS has no keys'];
}

/**
 * `discovery`: the issuer's metadata (OIDC Discovery §4) fetched as logins fetch it, its `issuer`
 * exactly the configured one (§4.3), authorization and token endpoints present, and the JWKS
 * reachable with at least one key to verify ID tokens with.
 */
async function discoveryCheck(config: OidcConfig): Promise<CheckOutcome> {
  const issuer = new URL(config.issuer);
  const options = { timeout: CHECK_TIMEOUT_MS / 1000, ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}) };
  let metadata: client.ServerMetadata;
  try {
    metadata = (await client.discovery(issuer, config.clientId, undefined, undefined, options)).serverMetadata();
  } catch (error) {
    return [false, discoveryFailure(error)];
  }
  const missing = (['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const).filter((key) => typeof metadata[key] !== 'string');
  if (missing.length > 0) return [false, `the discovery document has no ${missing.join(', ')}`];
  return jwksKeyCount(metadata.jwks_uri!);
}

/** A dry run of an OpenID Connect config (nothing saved, no user signed in). */
export function oidcTester(config: OidcConfig): ConnectionTester {
  return {
    async test(): Promise<readonly ConnectionCheck[]> {
      return [await timedCheck('discovery', () => discoveryCheck(config))];
    },
  };
}
