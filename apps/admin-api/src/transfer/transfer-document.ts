import type { AppPlatform, AuthServiceType, DpopPolicy, TokenEndpointAuthMethod } from '@rapidauth/database';
import type { IdentityMethodSettings } from '@rapidauth/identity';
import type { EXPORT_FORMAT, EXPORT_VERSION } from './transfer-document.dto';

/** An authority as a document holds it: principals and targets by ref (or username), never by id of this installation. */
export interface ExportedAuthority {
  principal: { type: 'group'; ref: string } | { type: 'organization-client' } | { type: 'admin'; username: string };
  role: string;
  target: { type: 'organization' } | { type: 'app' | 'environment'; ref: string };
}

/** The version-1 export document (docs/admin-api.md#transfer). */
export interface OrganizationDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  source: { issuer: string; organizationId: string };
  organization: { name: string; displayName: string };
  apps: Array<{ ref: string; name: string; displayName: string; defaultEnvironment: string | null }>;
  environments: Array<{
    ref: string;
    app: string;
    name: string;
    appKey: string;
    customScopes: string[];
    usergridCompatibility: boolean;
    identity: { enabledServices: string[]; defaultService: string | null };
    identityMethods: IdentityMethodSettings;
    /** `customToken.secret` when one is set. */
    secretsOmitted: string[];
  }>;
  authServices: Array<{
    ref: string;
    scope: { environment: string } | { organization: true };
    name: string;
    description: string | null;
    type: AuthServiceType;
    enabled: boolean;
    config: Record<string, unknown>;
    secretsOmitted: string[];
  }>;
  clients: Array<{
    ref: string;
    environment: string;
    clientId: string;
    name: string;
    type: 'public' | 'confidential';
    applicationType: 'web' | 'native';
    firstParty: boolean;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    allowedOrigins: string[];
    grantTypes: string[];
    tokenEndpointAuthMethod: TokenEndpointAuthMethod;
    idTokenSignedResponseAlg: 'RS256' | 'ES256';
    /** Absent in documents exported before DPoP: false. */
    dpopBoundAccessTokens?: boolean;
    dpopNonceRequired?: boolean;
    disabled: boolean;
  }>;
  groups: Array<{ ref: string; name: string; description: string | null }>;
  authorities: ExportedAuthority[];
  dataLinks: Array<{ ref: string; environment: string; name: string; backendUrl: string; authService: string; timeoutMs: number; enabled: boolean }>;
  /** Every field but the key, named in `secretsOmitted`. */
  appSignatures: Array<{
    ref: string;
    environment: string;
    identifier: string;
    version: string;
    platform: AppPlatform;
    ocraSuite: string;
    redirectUris: string[];
    scopes: string[];
    pinMaxAttempts: number;
    pinMinLength: number;
    dpop: DpopPolicy;
    clientSecretTtlSeconds: number;
    enabled: boolean;
    secretsOmitted: string[];
  }>;
  omitted: string[];
}
