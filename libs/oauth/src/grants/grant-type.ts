import type { AppClient, ResolvedService } from '../clients/resolved-client';
import type { LoginClaims } from '../tokens/login-claims';
import type { ScopePolicy } from '../tokens/scopes';

/** A user's login the tokens belong to: its family (`sid`), when and through which service, who and how (as its family records them). */
export interface LoginContext {
  readonly familyId: string;
  readonly authTime: Date;
  readonly serviceId: string;
  readonly claims: LoginClaims;
  readonly nonce?: string;
  readonly grantId?: string;
}

/**
 * What a grant decided: who the tokens are for, and the scope their login or code holds (for a
 * `request` scope policy, the scope it was given). The endpoint derives the tokens' scope from it
 * by the grant's scope policy, and mints them.
 */
export type GrantOutcome =
  | { readonly subject: { kind: 'client' }; readonly scope: readonly string[] }
  | {
      /** `identityId` is null for a grant login, whose principal is the account itself. */
      readonly subject: { kind: 'user'; accountId: string; identityId: string | null };
      readonly scope: readonly string[];
      readonly login: LoginContext;
      /** The service whose token settings apply when it is not the client's (grant logins take `local`'s). */
      readonly service?: ResolvedService;
      /** Issued by the grant when the service allows refresh and the client has the grant type. */
      readonly refreshToken?: string;
      /** When the account ends (anonymous accounts): no token outlives it. */
      readonly accountExpiresAt?: Date | null;
      /** A login that enrolled its authenticator: the recovery codes it confirmed, answered once. */
      readonly recoveryCodes?: readonly string[];
    };

export interface GrantRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly client: AppClient;
  /** Whether the client proved a secret; false for `client_id` alone (public clients, open-driver grant logins). */
  readonly clientAuthenticated: boolean;
  readonly now: Date;
  /** The caller's address (after TRUST_PROXY), for lockout and rate limits. */
  readonly ip: string;
  /** The request's id (its request line's), passed on to upstream logins (the custom adaptor's `requestId`). */
  readonly requestId?: string;
  /** RFC 9449: the thumbprint of the key the request's DPoP proof proved, when it carried one. */
  readonly dpopJkt?: string;
  /**
   * The scope the endpoint granted before the grant runs, by a `request` scope policy (the login
   * records it); empty for the other policies, whose scope is the login's or the code's.
   */
  readonly scope: readonly string[];
  /**
   * The tokens' scope given the scope the grant's login or code holds, by the scope policy
   * (throws invalid_scope). A grant that spends something to find that scope (a refresh token)
   * calls it before spending, so a refused scope spends nothing.
   */
  readonly tokenScope: (held: readonly string[]) => string[];
}

/**
 * One grant type (RFC 6749 §4): its parameters, its scope policy and its `authorize` step. The
 * token endpoint owns the shared steps — parameter checks, client authentication, whether the
 * client may use the grant, the scope, minting and the response.
 */
export interface GrantType {
  readonly name: string;
  /** Parameters of the grant's request, beyond grant_type and client authentication; others are ignored. */
  readonly parameters: readonly string[];
  readonly requiredParameters: readonly string[];
  /** Public clients may not use it (client_credentials). */
  readonly confidentialOnly: boolean;
  /** Where the tokens' scope comes from; the endpoint applies it (tokens/scopes.ts). */
  readonly scopePolicy: ScopePolicy;
  /**
   * RFC 8693 §2.2.1: the `issued_token_type` a token exchange answers with. A grant that has one
   * answers the access token it names (and a refresh token), never an ID token.
   */
  readonly issuedTokenType?: string;
  /** Refusals of the grant's own that come before the scope is decided (whether this client may use it so). */
  checkRequest?(request: Omit<GrantRequest, 'scope' | 'tokenScope'>): void;
  authorize(request: GrantRequest): Promise<GrantOutcome>;
}
