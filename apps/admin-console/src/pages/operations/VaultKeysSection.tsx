import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ListTable, type Column } from '../../components/ListTable';
import { Loading } from '../../components/States';
import { SEALED_KINDS } from './sealed-kinds';
import type { MasterKey, MasterKeys, VaultRotation } from './types';
import { VaultRotationResult } from './VaultRotationResult';

const COLUMNS: Column<MasterKey>[] = [
  { label: 'Key', long: true, cell: (key) => <code>{key.keyId}</code> },
  { label: 'Use', cell: (key) => (key.current ? 'Current: seals' : 'Previous: only opens') },
  ...SEALED_KINDS.map((kind): Column<MasterKey> => ({ label: kind.label, cell: (key) => key[kind.key] })),
];

/**
 * The vault's master keys and what each seals; "Rotate vault key" seals again under the current key
 * what a previous one sealed (docs/operations.md). Hidden when the caller may not read them.
 */
export function VaultKeysSection() {
  const api = useApi();
  const keys = useLoad(() => api.get<MasterKeys>('/v1/vault/keys'), [api]);
  const [confirming, setConfirming] = useState(false);
  const [rotation, setRotation] = useState<VaultRotation>();
  if (keys.state === 'loading') return <Loading />;
  if (keys.state === 'failed') return keys.error.status === 403 || keys.error.status === 404 ? null : <ErrorBanner error={keys.error} />;
  const { currentKeyId } = keys.value;
  return (
    <section aria-labelledby="vault-heading">
      <h2 id="vault-heading">Vault master keys</h2>
      <ListTable caption="What each master key seals" columns={COLUMNS} rows={keys.value.keys} rowKey={(key) => key.keyId} />
      {rotation ? <VaultRotationResult rotation={rotation} /> : null}
      <div className="actions start">
        <button type="button" onClick={() => setConfirming(true)}>
          Rotate vault key
        </button>
      </div>
      {confirming ? (
        <ConfirmAction
          title="Rotate vault key?"
          message={`Everything a previous master key sealed is sealed again under the current key, ${currentKeyId}, in batches. Every instance must already run with ${currentKeyId} as VAULT_MASTER_KEY; drop a previous key only once it seals nothing.`}
          action="Rotate"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            setRotation(await api.post<VaultRotation>('/v1/vault/rotate'));
            setConfirming(false);
            keys.reload();
          }}
        />
      ) : null}
    </section>
  );
}
