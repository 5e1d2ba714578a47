import type { Api } from '../../api/client';
import type { Environment } from '../apps/types';
import type { App, Authority, Organization } from '../organizations/types';

type Target = Authority['target'];

const keyOf = (target: Target): string => `${target.type}:${target.id ?? ''}`;

/**
 * Names authorities' targets readably ("App mobile of acme", "Environment production of mobile"),
 * each target read once; one the caller may not read keeps its id.
 */
export async function targetLabels(api: Api, targets: readonly Target[]): Promise<ReadonlyMap<string, string>> {
  const distinct = [...new Map(targets.map((target) => [keyOf(target), target])).values()];
  const named = await Promise.all(distinct.map(async (target) => [keyOf(target), await labelOf(api, target).catch(() => `${capitalized(target.type)} ${target.id}`)] as const));
  return new Map(named);
}

export const labelFor = (labels: ReadonlyMap<string, string>, target: Target): string => labels.get(keyOf(target)) ?? keyOf(target);

const capitalized = (type: string): string => type.charAt(0).toUpperCase() + type.slice(1);

async function labelOf(api: Api, target: Target): Promise<string> {
  switch (target.type) {
    case 'platform':
      return 'Platform';
    case 'organization':
      return `Organization ${(await api.get<Organization>(`/v1/organizations/${target.id}`)).name}`;
    case 'app': {
      const app = await api.get<App>(`/v1/apps/${target.id}`);
      const organization = await api.get<Organization>(`/v1/organizations/${app.organizationId}`).catch(() => undefined);
      return organization ? `App ${app.name} of ${organization.name}` : `App ${app.name}`;
    }
    case 'environment': {
      const environment = await api.get<Environment>(`/v1/environments/${target.id}`);
      const app = await api.get<App>(`/v1/apps/${environment.appId}`).catch(() => undefined);
      return app ? `Environment ${environment.name} of ${app.name}` : `Environment ${environment.name}`;
    }
  }
}
