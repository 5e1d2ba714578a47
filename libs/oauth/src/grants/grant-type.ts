import type { AppClient, ResolvedService } from '../clients/resolved-client';

/** A user's login the tokens belong to: its family (`sid`), when and through which service. */
export interface LoginContext {
  readonly familyId: string;
  readonly authTime: Date;
  readonly serviceId: string;
  readonly nonce?: string;
  readonly grantId?: string;
}

/** What a grant decided: who the tokens are for and with which scope. The endpoint mints them. */
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
    };

export interface GrantRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly client: AppClient;
  /** Whether the client proved a secret; false for `client_id` alone (public clients, open-driver grant logins). */
  readonly clientAuthenticated: boolean;
  readonly now: Date;
  /** The caller's address (after TRUST_PROXY), for lockout and rate limits. */
  readonly ip: string;
}

/**
 * One grant type (RFC 6749 §4): its parameters and its `authorize` step. The token endpoint
 * owns the shared steps — parameter checks, client authentication, whether the client may use the
 * grant, minting and the response.
 */
export interface GrantType {
  readonly name: string;
  /** Parameters the grant reads, beyond grant_type and client authentication; others are ignored. */
  readonly parameters: readonly string[];
  readonly requiredParameters: readonly string[];
  /** Public clients may not use it (client_credentials). */
  readonly confidentialOnly: boolean;
  authorize(request: GrantRequest): Promise<GrantOutcome>;
}
