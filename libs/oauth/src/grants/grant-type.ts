import type { AppClient } from '../clients/resolved-client';

/** What a grant decided: who the tokens are for and with which scope. The endpoint mints them. */
export interface GrantOutcome {
  readonly subject: { kind: 'client' } | { kind: 'user'; accountId: string; identityId: string };
  readonly scope: readonly string[];
}

export interface GrantRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly client: AppClient;
  readonly now: Date;
}

/**
 * One grant type (CONVENTIONS.md §2): its parameters and its `authorize` step. The token endpoint
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
