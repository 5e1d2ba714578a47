import { useParams } from 'react-router';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { LoadFailed, Loading, NotFound } from '../../components/States';
import { AppsSection } from './AppsSection';
import { AuthoritiesSection } from './AuthoritiesSection';
import { DeleteOrganizationSection } from './DeleteOrganizationSection';
import { EditAction } from './EditAction';
import { EditOrganizationDialog } from './EditOrganizationDialog';
import { GroupsSection } from './GroupsSection';
import { isUuid } from '../../components/input-rules';
import { RotateSecretSection } from './RotateSecretSection';
import type { Organization } from './types';
import './organizations.css';

export function OrganizationPage() {
  const { organizationId = '' } = useParams();
  return isUuid(organizationId) ? <OrganizationView organizationId={organizationId} /> : <NotFound back="/organizations" what="organization" />;
}

function OrganizationView({ organizationId }: { organizationId: string }) {
  const api = useApi();
  const organization = useLoad(() => api.get<Organization>(`/v1/organizations/${organizationId}`), [api, organizationId]);
  if (organization.state === 'loading') return <Loading />;
  if (organization.state === 'failed') return <LoadFailed error={organization.error} back="/organizations" what="organization" />;
  const shown = organization.value;
  return (
    <article>
      <div className="toolbar">
        <h1>{shown.name}</h1>
        <EditAction label="Edit organization" onSaved={organization.reload} dialog={(props) => <EditOrganizationDialog organization={shown} {...props} />} />
      </div>
      {shown.displayName && shown.displayName !== shown.name ? <p className="subtitle">{shown.displayName}</p> : null}
      {shown.enabled ? null : <p className="banner notice">The organization client is disabled: it gets no management tokens.</p>}
      <AppsSection organizationId={shown.id} />
      <GroupsSection organizationId={shown.id} />
      <AuthoritiesSection organization={shown} />
      <RotateSecretSection organization={shown} />
      <DeleteOrganizationSection organization={shown} />
    </article>
  );
}
