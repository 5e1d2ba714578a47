import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../app/session-context';
import { ConfirmByName } from '../../components/ConfirmByName';
import { useDenied } from '../../components/use-denied';

/** "Delete environment", confirmed by its name; then back to its app. */
export function DeleteEnvironmentAction({ environment }: { environment: { readonly id: string; readonly name: string; readonly appId: string } }) {
  const api = useApi();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const { denied, guard } = useDenied();
  return (
    <>
      <button type="button" className="danger" disabled={denied} onClick={() => setConfirming(true)}>
        Delete environment
      </button>
      {confirming ? (
        <ConfirmByName
          title="Delete environment"
          name={environment.name}
          action="Delete"
          warning={`This deletes ${environment.name} with its clients, users, auth services, authentication grants, data links and app signatures, and signs out every user in it. Audit events are kept. It cannot be undone.`}
          onClose={() => setConfirming(false)}
          onConfirm={guard(async () => {
            await api.delete(`/v1/environments/${environment.id}`);
            navigate(`/apps/${environment.appId}`, { replace: true });
          })}
        />
      ) : null}
    </>
  );
}
