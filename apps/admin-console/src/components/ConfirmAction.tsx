import { useState } from 'react';
import type { ApiError } from '../api/errors';
import { asApiError } from '../app/use-load';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';

/** A destructive action confirmed with one more click; a refusal stays in the dialog with the API's message. */
export function ConfirmAction({ title, message, action, onConfirm, onClose }: {
  title: string;
  message: string;
  action: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
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
      <p>{message}</p>
      <ErrorBanner error={error} />
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          {action}
        </button>
      </div>
    </Dialog>
  );
}
