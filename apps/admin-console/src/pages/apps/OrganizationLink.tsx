import { Link } from 'react-router';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import type { Organization } from '../organizations/types';

/** The way back to the app's organization, by its name once known (a caller scoped to the app may not read it). */
export function OrganizationLink({ organizationId }: { organizationId: string }) {
  const api = useApi();
  const organization = useLoad(() => api.get<Organization>(`/v1/organizations/${organizationId}`), [api, organizationId]);
  if (organization.state === 'failed') return null;
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link to={`/organizations/${organizationId}`}>{organization.state === 'ready' ? `Organization ${organization.value.name}` : 'Organization'}</Link>
    </nav>
  );
}
