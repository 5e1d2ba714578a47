import { useId, useState } from 'react';
import type { ApiError } from '../api/errors';
import { asApiError } from '../app/use-load';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';

/** A destructive action confirmed by typing the target's name. */
export function ConfirmByName({ title, name, action, warning, onConfirm, onClose }: {
  title: string;
  name: string;
  action: string;
  warning: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const input = useId();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p>{warning}</p>
        <label htmlFor={input}>Type {name} to confirm</label>
        <input id={input} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={typed !== name || busy}>
            {action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
