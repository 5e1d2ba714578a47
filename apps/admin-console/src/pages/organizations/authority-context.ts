import type { Api, Page } from '../../api/client';
import type { Admin } from '../admins/types';
import type { Environment } from '../apps/types';
import type { App, Authority, Group, Organization, Role } from './types';

/** What naming and granting authorities on an organization needs: its roles, targets and principals. */
export interface AuthorityContext {
  readonly organizationClientId: string;
  readonly roles: readonly Role[];
  readonly targets: readonly AuthorityTarget[];
  readonly groups: readonly Group[];
  /** Undefined when the caller may not list admins (platform `admins:read`): admin ids are then typed. */
  readonly admins: readonly Admin[] | undefined;
}

export interface AuthorityTarget {
  readonly key: string;
  readonly label: string;
  readonly type: 'organization' | 'app' | 'environment';
  readonly id: string;
}

const MOST = 100;

export async function loadAuthorityContext(api: Api, organization: Organization): Promise<AuthorityContext> {
  const [roles, apps, groups, admins] = await Promise.all([
    api.get<{ rows: Role[] }>('/v1/roles'),
    api.get<Page<App>>(`/v1/organizations/${organization.id}/apps`, { limit: MOST }).catch(() => undefined),
    api.get<Page<Group>>('/v1/groups', { organizationId: organization.id, limit: MOST }).catch(() => undefined),
    api.get<Page<Admin>>('/v1/admins', { limit: MOST }).catch(() => undefined),
  ]);
  const appTargets = await Promise.all((apps?.rows ?? []).map((app) => appAndEnvironmentTargets(api, app)));
  const targets: AuthorityTarget[] = [{ key: `organization:${organization.id}`, label: `Organization ${organization.name}`, type: 'organization', id: organization.id }, ...appTargets.flat()];
  return { organizationClientId: organization.clientId, roles: roles.rows, targets, groups: groups?.rows ?? [], admins: admins?.rows };
}

/** An app, then each of its environments, named by the app ("Environment production of mobile"). */
async function appAndEnvironmentTargets(api: Api, app: App): Promise<AuthorityTarget[]> {
  const environments = await api.get<Page<Environment>>(`/v1/apps/${app.id}/environments`, { limit: MOST }).catch(() => undefined);
  return [
    { key: `app:${app.id}`, label: `App ${app.name}`, type: 'app', id: app.id },
    ...(environments?.rows ?? []).map((environment) => ({ key: `environment:${environment.id}`, label: `Environment ${environment.name} of ${app.name}`, type: 'environment' as const, id: environment.id })),
  ];
}

export function principalLabel(principal: Authority['principal'], context: AuthorityContext): string {
  switch (principal.type) {
    case 'admin':
      return `Admin ${context.admins?.find((admin) => admin.id === principal.id)?.username ?? principal.id}`;
    case 'group':
      return `Group ${context.groups.find((group) => group.id === principal.id)?.name ?? principal.id}`;
    case 'organization-client':
      return principal.id === context.organizationClientId ? 'Organization client' : `Organization client ${principal.id}`;
  }
}
