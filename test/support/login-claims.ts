import { decodeJwt } from 'jose';
import type { DataSource } from 'typeorm';
import { basicAuth, postForm } from './requests';

/** A login's claims as docs/gateway.md#login-claims lists them; a missing key is a claim the tokens must not carry. */
export interface ExpectedLogin {
  readonly uid: string;
  readonly provider?: string;
  readonly providerUid?: string;
  readonly amr?: readonly string[];
}

const ACCESS_CLAIMS = ['sub', 'uid', 'provider', 'providerUid', 'amr'];
const ID_CLAIMS = ['sub', 'provider', 'providerUid', 'amr'];
const INTROSPECTION_FIELDS = ['active', 'sub', 'uid', 'provider', 'providerUid', 'amr'];

/**
 * The login claims a login's tokens carry: the access token's and (when one was issued) the ID
 * token's, decoded, and the access token's introspection by `introspector` (a confidential client
 * of the environment). Only the claims the login-claims rules speak of are kept, so that an
 * `toEqual` with `expectedLoginClaims` also proves the absent ones absent.
 */
export async function loginClaimsSeen(
  baseUrl: string,
  introspector: { clientId: string; secret: string },
  tokens: { access_token: string; id_token?: string },
): Promise<Record<string, Record<string, unknown>>> {
  const response = await postForm(`${baseUrl}/oauth/introspect`, { token: tokens.access_token }, basicAuth(introspector.clientId, introspector.secret));
  return {
    access: picked(decodeJwt(tokens.access_token), ACCESS_CLAIMS),
    ...(tokens.id_token !== undefined && { id: picked(decodeJwt(tokens.id_token), ID_CLAIMS) }),
    introspection: picked((await response.json()) as Record<string, unknown>, INTROSPECTION_FIELDS),
  };
}

/**
 * What `loginClaimsSeen` must find for a user login: `uid` = `sub` and the login's claims in the
 * access token, `amr` alone beside `sub` in the ID token, `provider` and `providerUid` in the
 * introspection answer (RFC 7662).
 */
export function expectedLoginClaims(login: ExpectedLogin, withIdToken: boolean): Record<string, Record<string, unknown>> {
  const identity = { ...(login.provider !== undefined && { provider: login.provider }), ...(login.providerUid !== undefined && { providerUid: login.providerUid }) };
  const amr = login.amr !== undefined ? { amr: login.amr } : {};
  return {
    access: { sub: login.uid, uid: login.uid, ...identity, ...amr },
    ...(withIdToken && { id: { sub: login.uid, ...amr } }),
    introspection: { active: true, sub: login.uid, uid: login.uid, ...identity },
  };
}

function picked(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => Object.hasOwn(source, name)).map((name) => [name, source[name]]));
}

/**
 * The login an upstream service's tokens must name: the account the access token is for, and
 * that account's identity at the service, as the gateway stored it (`provider` is the service id).
 */
export async function upstreamLogin(dataSource: DataSource, accessToken: string, serviceId: string, amr?: readonly string[]): Promise<ExpectedLogin> {
  const uid = decodeJwt(accessToken).sub!;
  const rows: { provider_uid: string }[] = await dataSource.query(`SELECT "provider_uid" FROM "identity" WHERE "account_id" = $1 AND "provider" = $2`, [uid, serviceId]);
  if (rows.length !== 1) throw new Error(`account ${uid} has ${rows.length} identities at ${serviceId}`);
  return { uid, provider: serviceId, providerUid: rows[0].provider_uid, ...(amr && { amr }) };
}
