import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError } from '../../app/use-load';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { RotatedKeys } from './types';

/** "Rotate signing keys", confirmed first: new keys are published now and sign once published long enough. */
export function SigningKeysSection() {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [rotated, setRotated] = useState<RotatedKeys['rotated']>();
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setRotated((await api.post<RotatedKeys>('/v1/signing-keys/rotate')).rotated);
      setConfirming(false);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">Signing keys</h2>
      {rotated ? (
        <ul aria-label="Rotated keys">
          {rotated.map((key) => (
            <li key={key.kid}>
              {key.alg} key {key.kid} signs from {new Date(key.activatesAt).toLocaleString()}
            </li>
          ))}
        </ul>
      ) : null}
      {!confirming ? <ErrorBanner error={error} /> : null}
      <button type="button" onClick={() => setConfirming(true)}>
        Rotate signing keys
      </button>
      {confirming ? (
        <Dialog title="Rotate signing keys?" onClose={() => setConfirming(false)}>
          <p>New ES256 and RS256 keys are published at once and start signing after the publish lead; tokens signed by the current keys stay valid until they expire.</p>
          <ErrorBanner error={error} />
          <div className="actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void rotate()} disabled={busy}>
              Rotate
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
