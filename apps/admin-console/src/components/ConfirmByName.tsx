import { useId, useState } from 'react';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';
import { useConfirm } from './use-confirm';

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
  const { error, busy, confirm } = useConfirm(onConfirm);
  const input = useId();
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
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
