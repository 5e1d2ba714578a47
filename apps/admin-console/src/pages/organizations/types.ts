/** Answers of the admin API's organization, app, group, role and authority routes (docs/admin-api.md). */
export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** The organization client's id, also its principal id in authorities. */
  readonly clientId: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrganizationWithSecret extends Organization {
  readonly clientSecret: string;
}

export interface App {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly displayName: string;
  readonly defaultEnvironmentId: string | null;
  readonly createdAt: string;
}

export interface Group {
  readonly id: string;
  readonly organizationId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: string;
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly string[];
  readonly builtIn: boolean;
}

export type PrincipalType = 'admin' | 'organization-client' | 'group';
export type TargetType = 'platform' | 'organization' | 'app' | 'environment';

export interface Authority {
  readonly id: string;
  readonly principal: { readonly type: PrincipalType; readonly id: string };
  readonly role: string;
  readonly target: { readonly type: TargetType; readonly id?: string | null };
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface GroupMember {
  readonly adminId: string;
  readonly username: string;
  readonly addedAt: string;
}
