import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session-context';
import { ConfirmByName } from '../../components/ConfirmByName';
import { PageSection } from '../../components/PageSection';
import type { Organization } from './types';

/** Deletes the organization with everything beneath it (`?cascade=true`); every login beneath it is revoked. */
export function DeleteOrganizationSection({ organization }: { organization: Organization }) {
  const api = useApi();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  return (
    <PageSection title="Delete">
      <p>Deletes the organization, its apps, environments, services, clients and users. Audit events are kept.</p>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete organization
      </button>
      {confirming ? (
        <ConfirmByName
          title="Delete organization"
          name={organization.name}
          action="Delete"
          warning={`This deletes ${organization.name} and everything in it, and signs out every user of its apps. It cannot be undone.`}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await api.delete(`/v1/organizations/${organization.id}`, { cascade: true });
            navigate('/organizations', { replace: true });
          }}
        />
      ) : null}
    </PageSection>
  );
}
