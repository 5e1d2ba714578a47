import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';
import { useConfirm } from './use-confirm';

/** A destructive action confirmed with one more click; a refusal stays in the dialog with the API's message. */
export function ConfirmAction({ title, message, action, onConfirm, onClose }: {
  title: string;
  message: string;
  action: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { error, busy, confirm } = useConfirm(onConfirm);
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <ErrorBanner error={error} />
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy} onClick={confirm}>
          {action}
        </button>
      </div>
    </Dialog>
  );
}
