import type { Environment } from '../apps/types';

/** Answers of the admin API the environment page reads (apps/admin-api DTOs, docs/admin-api.md). */

/** The parts of an environment (GET /v1/environments/:id) the environment page reads. */
export type EnvironmentView = Pick<Environment, 'id' | 'appId' | 'organizationId' | 'name' | 'appKey' | 'defaultServiceId'>;

export interface AppView {
  readonly id: string;
  readonly name: string;
}

export interface AuthServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly scope: { readonly environmentId: string } | { readonly organizationId: string };
}

export interface EnvironmentIdentity {
  readonly enabledServices: readonly string[];
  readonly defaultService: string | null;
}

export interface ClientView {
  readonly id: string;
  readonly clientId: string;
  readonly name: string;
  readonly kind: 'registered' | 'device' | string;
  readonly type: 'public' | 'confidential' | string;
  readonly applicationType: string;
  readonly firstParty: boolean;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly grantTypes: readonly string[];
  readonly tokenEndpointAuthMethod: string;
  readonly idTokenSignedResponseAlg: string;
  readonly dpopBoundAccessTokens: boolean;
  readonly dpopNonceRequired: boolean;
  readonly enabled: boolean;
}

export interface ClientWithSecret extends ClientView {
  readonly clientSecret?: string;
}

export interface IdentityView {
  readonly id: string;
  readonly provider: string;
  readonly providerUid: string;
  readonly username: string | null;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly lastLoginAt: string | null;
}

/** A user as `GET /v1/users/:uid` and the user list answer it (apps/admin-api/src/users/users.dto.ts). */
export interface UserView {
  readonly uid: string;
  readonly environmentId: string;
  readonly disabled: boolean;
  readonly lastLoginAt: string | null;
  readonly identities: readonly IdentityView[];
  readonly createdAt: string;
}

export interface GrantView {
  readonly id: string;
  readonly key: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly principalDomainId: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly allowOpenDriverAuthentication: boolean;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface GrantWithSecret extends GrantView {
  readonly secret: string;
}
