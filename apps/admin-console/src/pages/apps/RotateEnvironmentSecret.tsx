import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { ConfirmAction } from '../../components/ConfirmAction';
import { SecretOnce, type ShownValue } from '../../components/SecretOnce';
import { useDenied } from '../../components/use-denied';
import type { EnvironmentWithSecret } from './types';

/** "Rotate secret": a new appSecret, shown once; the old one stops authenticating at once (docs/admin-api.md). */
export function RotateEnvironmentSecret({ environment }: { environment: { readonly id: string; readonly name: string } }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<readonly ShownValue[]>();
  const { denied, guard } = useDenied();
  return (
    <>
      <button type="button" disabled={denied} onClick={() => setConfirming(true)}>
        Rotate secret
      </button>
      {confirming ? (
        <ConfirmAction
          title="Rotate the environment secret"
          message={`Apps using the current appSecret of ${environment.name} stop authenticating at once, until they get the new one.`}
          action="Rotate"
          onClose={() => setConfirming(false)}
          onConfirm={guard(async () => {
            const rotated = await api.post<EnvironmentWithSecret>(`/v1/environments/${environment.id}/rotate-secret`);
            setConfirming(false);
            setIssued([
              { label: 'App key', value: rotated.appKey },
              { label: 'App secret', value: rotated.appSecret },
            ]);
          })}
        />
      ) : null}
      {issued ? <SecretOnce title="New environment secret" values={issued} onDone={() => setIssued(undefined)} /> : null}
    </>
  );
}
