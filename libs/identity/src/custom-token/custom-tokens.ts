import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { IdentityError } from '../identity.errors';
import type { CustomTokenAlgorithm } from '../settings/identity-method-settings';
import { CustomTokenReplays } from './custom-token-replays.repository';

/** An environment's `customToken` settings, with its key opened: the secret (HS256) or the public key. */
export interface CustomTokenPolicy {
  readonly algorithm: CustomTokenAlgorithm;
  readonly key: Uint8Array | KeyObject;
  /** The `iss` the backend must name; null accepts any. */
  readonly issuer: string | null;
  readonly maxAgeSeconds: number;
  /** Accepted `aud` values: the issuer (PUBLIC_URL) and the token endpoint. */
  readonly audiences: readonly string[];
}

/** Whom a custom token names: `sub` is the identity's providerUid. */
export interface CustomTokenSubject {
  readonly providerUid: string;
  readonly displayName?: string;
}

/** JWT time claims are checked with this tolerance (docs/security.md#clock-skew). */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Far above any sensible custom token, far below the request size limits. */
export const MAX_CUSTOM_TOKEN_LENGTH = 8192;
const MAX_PROVIDER_UID = 255;
const MAX_JTI = 255;
const MAX_DISPLAY_NAME = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Custom tokens (docs/security.md#custom-tokens): a JWT the customer's backend signs with the
 * environment's key, exchanged for our tokens (RFC 7523 §2.1 and §3). Only the configured
 * algorithm is accepted (never `none`, never an HMAC under a public key); `sub`, `aud`, `exp`,
 * `iat` and `jti` are required; `exp` may lie at most `maxAgeSeconds` after `iat`; each `jti` is
 * accepted once per environment, on every instance. Every refusal is INVALID_TOKEN and names no
 * part of the token.
 */
@Injectable()
export class CustomTokens {
  constructor(private readonly replays: CustomTokenReplays) {}

  /** @throws IdentityError INVALID_TOKEN */
  async verify(environmentId: string, token: unknown, policy: CustomTokenPolicy, now = new Date()): Promise<CustomTokenSubject> {
    if (typeof token !== 'string' || token.length === 0) throw invalid('a custom token is required');
    if (token.length > MAX_CUSTOM_TOKEN_LENGTH) throw invalid(`the custom token is longer than ${MAX_CUSTOM_TOKEN_LENGTH} characters`);
    const payload = await verifiedPayload(token, policy, now);
    const subject = checkedSubject(payload, policy);
    const expiresAt = new Date((payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000);
    if (!(await this.replays.claim(environmentId, payload.jti!, expiresAt))) throw invalid('this custom token was already used (its jti is single use)');
    return subject;
  }
}

async function verifiedPayload(token: string, policy: CustomTokenPolicy, now: Date): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, policy.key, {
      algorithms: [policy.algorithm],
      audience: [...policy.audiences],
      issuer: policy.issuer ?? undefined,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      maxTokenAge: policy.maxAgeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
    });
    return payload;
  } catch (error) {
    throw invalid(refusal(error, policy));
  }
}

function checkedSubject(payload: JWTPayload, policy: CustomTokenPolicy): CustomTokenSubject {
  if (payload.exp! - payload.iat! > policy.maxAgeSeconds) {
    throw invalid(`the custom token's exp lies more than ${policy.maxAgeSeconds} s (maxAgeSeconds) after its iat`);
  }
  if (!isBoundedText(payload.sub, MAX_PROVIDER_UID)) throw invalid(`the custom token's sub must be 1-${MAX_PROVIDER_UID} characters without control characters`);
  if (!isBoundedText(payload.jti, MAX_JTI)) throw invalid(`the custom token's jti must be 1-${MAX_JTI} characters without control characters`);
  const displayName = payload.displayName;
  if (displayName !== undefined && !isBoundedText(displayName, MAX_DISPLAY_NAME)) {
    throw invalid(`the custom token's displayName must be 1-${MAX_DISPLAY_NAME} characters without control characters`);
  }
  return { providerUid: payload.sub!, ...(displayName !== undefined && { displayName: displayName as string }) };
}

function isBoundedText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !CONTROL.test(value);
}

/** What was wrong, in our words: jose's messages may quote claim values. */
function refusal(error: unknown, policy: CustomTokenPolicy): string {
  if (error instanceof joseErrors.JWTExpired) return 'the custom token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the custom token's ${error.claim} claim is missing or not acceptable`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return `the custom token must be signed with ${policy.algorithm}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "the custom token's signature does not verify with the environment's key";
  if (error instanceof joseErrors.JOSEError) return 'the custom token is not a well-formed signed JWT';
  throw error;
}

function invalid(message: string): IdentityError {
  return new IdentityError('INVALID_TOKEN', message, { field: 'token' });
}
