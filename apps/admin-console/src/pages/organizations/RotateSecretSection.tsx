import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { PageSection } from '../../components/PageSection';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import { useDenied } from '../../components/use-denied';
import type { Organization, OrganizationWithSecret } from './types';

/** A new organization client secret, shown once; management tokens obtained with the old one stop working (docs/admin-api.md). */
export function RotateSecretSection({ organization }: { organization: Organization }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<readonly ShownValue[]>();
  const { denied, guard } = useDenied();
  return (
    <PageSection title="Rotate secret">
      <p>Issues a new secret for the organization client ({organization.clientId}). Tokens obtained with the old secret stop working at once.</p>
      <button type="button" disabled={denied} onClick={() => setConfirming(true)}>
        Rotate secret
      </button>
      {denied ? <p>You may not rotate this organization's secret.</p> : null}
      {confirming ? (
        <ConfirmAction
          title="Rotate the organization secret"
          message={`Scripts using the current secret of ${organization.name} stop working until they get the new one.`}
          action="Rotate"
          onClose={() => setConfirming(false)}
          onConfirm={guard(async () => {
            const rotated = await api.post<OrganizationWithSecret>(`/v1/organizations/${organization.id}/rotate-secret`);
            setConfirming(false);
            setIssued([
              { label: 'Client id', value: rotated.clientId },
              { label: 'Client secret', value: rotated.clientSecret },
            ]);
          })}
        />
      ) : null}
      {issued ? <SecretOnce title="New organization secret" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </PageSection>
  );
}
