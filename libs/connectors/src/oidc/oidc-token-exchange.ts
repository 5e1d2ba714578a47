import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import type { SubjectToken, TokenExchangeConnector, UpstreamIdentity, UpstreamToken } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { AssertionReplays } from '../saml/assertion-replays.repository';
import { upstreamError } from './oidc-errors';

/** The gateway's clock skew on every time-bound check (docs/gateway.md#token-exchange). */
const CLOCK_SKEW_SECONDS = 60;
/** Milliseconds the JWKS request may take. */
const JWKS_TIMEOUT_MS = 10_000;
/** Signature algorithms an ID token may use: asymmetric only, so a public key never verifies an HMAC (RFC 8725 §3.1–3.2). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** A `jti` longer than this is hashed to fit the replay table's key. */
const MAX_JTI_LENGTH = 200;

type IdentityOf = (claims: Record<string, unknown> & { sub: string }, userinfo: Record<string, unknown>, tokens: Readonly<Record<string, UpstreamToken>>) => UpstreamIdentity;

/** What the oidc connector lends its token exchange: the service, the discovered provider (cached there) and its claim mapping. */
export interface OidcExchangeDependencies {
  readonly serviceId: string;
  /** The service's client id at the provider: an exchanged ID token's `aud` must hold it. */
  readonly clientId: string;
  readonly configuration: () => Promise<client.Configuration>;
  /** Shared by every instance: each ID token is exchanged once. */
  readonly replays: AssertionReplays;
  readonly identityOf: IdentityOf;
}

/**
 * RFC 8693 token exchange through an OpenID provider. An ID token is verified here (OIDC Core
 * §3.1.3.7): its signature by the discovered `jwks_uri` (jose's remote key set, asymmetric
 * algorithms the provider advertises), `iss` the discovered issuer (equal to the configured one),
 * `aud` holding our client id, `exp`/`nbf` with 60 s of skew; and it is taken once, across
 * instances, until it expires. An access token is checked by asking the provider's userinfo
 * endpoint for its user (OIDC Core §5.3), which also says it is live.
 */
export function oidcTokenExchange(dependencies: OidcExchangeDependencies): TokenExchangeConnector {
  let jwks: { readonly uri: string; readonly keys: ReturnType<typeof createRemoteJWKSet> } | undefined;
  // One key set per discovered jwks_uri: jose caches it and refetches on an unknown `kid` (after a cooldown).
  const keysAt = (uri: string) => {
    if (jwks?.uri !== uri) jwks = { uri, keys: createRemoteJWKSet(new URL(uri), { timeoutDuration: JWKS_TIMEOUT_MS }) };
    return jwks.keys;
  };

  const fromIdToken = async (token: string, upstream: client.Configuration): Promise<UpstreamIdentity> => {
    const metadata = upstream.serverMetadata();
    if (!metadata.jwks_uri) throw rejected('discovery names no jwks_uri');
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, keysAt(metadata.jwks_uri), {
        issuer: metadata.issuer,
        audience: dependencies.clientId,
        algorithms: idTokenAlgorithms(metadata.id_token_signing_alg_values_supported),
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (isOtherJwtType(verified.protectedHeader.typ)) throw rejected(`id token: typ ${String(verified.protectedHeader.typ).slice(0, 40)}`);
      payload = verified.payload;
    } catch (error) {
      throw verificationError(error);
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0) throw rejected('id token: no sub');
    const expiresAt = new Date(payload.exp! * 1000);
    // Kept until it could no longer be accepted (exp plus the skew), then the row may go.
    const keptUntil = new Date(expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000);
    if (!(await dependencies.replays.claim(dependencies.serviceId, idTokenReplayKey(token, payload.jti), keptUntil))) {
      throw rejected('id token: already exchanged');
    }
    return dependencies.identityOf({ ...payload, sub }, {}, { id_token: { value: token, expiresAt } });
  };

  const fromAccessToken = async (token: string, upstream: client.Configuration): Promise<UpstreamIdentity> => {
    if (!upstream.serverMetadata().userinfo_endpoint) throw rejected('discovery names no userinfo_endpoint');
    let userinfo: client.UserInfoResponse;
    try {
      // No ID token to hold the userinfo `sub` to: the access token's user is whoever userinfo names.
      userinfo = await client.fetchUserInfo(upstream, token, client.skipSubjectCheck);
    } catch (error) {
      throw upstreamError(error, 'UPSTREAM_REJECTED', 'exchange userinfo');
    }
    if (typeof userinfo.sub !== 'string' || userinfo.sub.length === 0) throw rejected('userinfo: no sub');
    return dependencies.identityOf({ sub: userinfo.sub }, { ...userinfo }, { access_token: { value: token } });
  };

  return {
    subjectTokenTypes: ['id_token', 'access_token'],
    async exchange(subject: SubjectToken): Promise<UpstreamIdentity> {
      const upstream = await dependencies.configuration();
      return subject.type === 'id_token' ? fromIdToken(subject.token, upstream) : fromAccessToken(subject.token, upstream);
    },
  };
}

/**
 * The algorithms an ID token may be signed with: those the provider advertises (OIDC Discovery
 * §3 `id_token_signing_alg_values_supported`) that are asymmetric; RS256, OIDC's default, when
 * it advertises none of them. Never `none`, never an HMAC.
 */
export function idTokenAlgorithms(advertised: unknown): string[] {
  const listed = Array.isArray(advertised) ? advertised.filter((alg): alg is string => typeof alg === 'string' && ASYMMETRIC_ALGORITHMS.includes(alg)) : [];
  return listed.length > 0 ? [...new Set(listed)] : ['RS256'];
}

/**
 * The replay cache's key of an ID token: its `jti` when it has one (hashed when too long for the
 * key), else the SHA-256 of the whole token. The prefixes keep the two kinds apart.
 */
export function idTokenReplayKey(token: string, jti: unknown): string {
  if (typeof jti === 'string' && jti.length > 0) return jti.length <= MAX_JTI_LENGTH ? `jti:${jti}` : `jti-sha256:${sha256(jti)}`;
  return `sha256:${sha256(token)}`;
}

/** An explicitly typed JWT of another kind (RFC 8725 §3.11): an access token (RFC 9068 §4), a logout token, a security event. */
export function isOtherJwtType(typ: unknown): boolean {
  if (typ === undefined) return false;
  if (typeof typ !== 'string') return true;
  return typ.toLowerCase().replace(/^application\//, '').endsWith('+jwt');
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

function rejected(detail: string): ConnectorError {
  return new ConnectorError('UPSTREAM_REJECTED', 'the identity provider token was refused', { detail });
}

/**
 * jose's refusal as a ConnectorError: the keys not fetched (timeout, network, a non-200 answer) →
 * UPSTREAM_UNAVAILABLE; any verification failure → UPSTREAM_REJECTED, named by jose's error code
 * for the log (never the token).
 */
function verificationError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = (error as { name?: unknown } | undefined)?.name;
  const keysUnfetched =
    error instanceof errors.JWKSTimeout ||
    name === 'TypeError' ||
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC' && error.message.startsWith('Expected 200 OK'));
  if (keysUnfetched) return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the sign-in service cannot be reached right now', { detail: 'id token: jwks unreachable' });
  const code = error instanceof errors.JOSEError ? error.code : 'unexpected';
  const claim = error instanceof errors.JWTClaimValidationFailed ? ` ${error.claim}` : '';
  return rejected(`id token: ${code}${claim}`);
}
