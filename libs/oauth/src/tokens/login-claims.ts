/** RFC 8176 §2 authentication method references our logins use. */
export type AuthenticationMethod = 'pwd' | 'otp' | 'sms' | 'mfa';

/**
 * Who signed in and how (docs/gateway.md#login-claims): the identity's `provider` and
 * `providerUid`, and the RFC 8176 methods the login proved. Recorded with the login — its browser
 * session, its authorization code, its refresh-token family — so every token of the login carries
 * the same claims without looking the identity up again. Null where the login has none: a grant
 * login has no identity, a redirect login proves nothing RFC 8176 names.
 */
export interface LoginClaims {
  readonly provider: string | null;
  readonly providerUid: string | null;
  readonly amr: readonly AuthenticationMethod[] | null;
}

/** The identity a login signed in. */
export interface SignedInIdentity {
  readonly provider: string;
  readonly providerUid: string;
}

/** An authentication-grant login: the principal is the account itself, no identity. */
export const NO_LOGIN_CLAIMS: LoginClaims = Object.freeze({ provider: null, providerUid: null, amr: null });

/** A username and password checked by us or by the service's directory (RFC 8176 `pwd`). */
export function formLoginClaims(identity: SignedInIdentity): LoginClaims {
  return { provider: identity.provider, providerUid: identity.providerUid, amr: ['pwd'] };
}

/**
 * A login another IdP vouched for (redirect logins, token exchange): RFC 8176 has no method for
 * "another IdP", so `amr` is left out rather than invented.
 */
export function upstreamLoginClaims(identity: SignedInIdentity): LoginClaims {
  return { provider: identity.provider, providerUid: identity.providerUid, amr: null };
}

/** The claims as the tables that record a login store them (their embedded LoginClaimsColumns). */
export function storedLoginClaims(claims: LoginClaims): { provider: string | null; providerUid: string | null; amr: string[] | null } {
  return { provider: claims.provider, providerUid: claims.providerUid, amr: claims.amr ? [...claims.amr] : null };
}

/** The columns `provider`, `provider_uid`, `amr` (text[]) of those tables as SQL parameters, in that order. */
export function loginClaimsColumns(claims: LoginClaims): [provider: string | null, providerUid: string | null, amr: string[] | null] {
  const { provider, providerUid, amr } = storedLoginClaims(claims);
  return [provider, providerUid, amr];
}

/** A login's claims as its record keeps them (the entity's `claims`, or a raw row). */
export function loginClaimsOf(row: { provider: string | null; amr: string[] | null } & ({ providerUid: string | null } | { provider_uid: string | null })): LoginClaims {
  const providerUid = 'providerUid' in row ? row.providerUid : row.provider_uid;
  // Only our minting paths write `amr`, from AuthenticationMethod values.
  return { provider: row.provider, providerUid, amr: row.amr as AuthenticationMethod[] | null };
}

/** What a user access token adds for its login: `uid` (= `sub`), and the login's claims it has. */
export function accessTokenLoginClaims(uid: string, claims: LoginClaims): { uid: string; provider?: string; providerUid?: string; amr?: AuthenticationMethod[] } {
  return { uid, ...identityClaims(claims), ...amrClaim(claims) };
}

/** What an ID token adds for its login (OIDC Core §2 `amr`). */
export function idTokenLoginClaims(claims: LoginClaims): { amr?: AuthenticationMethod[] } {
  return amrClaim(claims);
}

/** What an RFC 7662 answer adds for a user token's login. */
export function introspectionLoginClaims(claims: { provider?: string | null; providerUid?: string | null }): { provider?: string; providerUid?: string } {
  return identityClaims({ provider: claims.provider ?? null, providerUid: claims.providerUid ?? null });
}

function identityClaims(claims: Pick<LoginClaims, 'provider' | 'providerUid'>): { provider?: string; providerUid?: string } {
  return { ...(claims.provider !== null && { provider: claims.provider }), ...(claims.providerUid !== null && { providerUid: claims.providerUid }) };
}

function amrClaim(claims: LoginClaims): { amr?: AuthenticationMethod[] } {
  return claims.amr && claims.amr.length > 0 ? { amr: [...claims.amr] } : {};
}
