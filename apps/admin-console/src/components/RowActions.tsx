import type { ReactNode } from 'react';

/** A row's buttons, side by side (wrapping on a narrow screen); each names its row in its accessible name. */
export function RowActions({ children }: { children: ReactNode }) {
  return <div className="row-actions">{children}</div>;
}

/** "Disable" / "Enable" for the row called `name`, named e.g. "Disable shop". */
export function ToggleButton({ enabled, name, disabled, onClick }: { enabled: boolean; name: string; disabled?: boolean; onClick: () => void }) {
  const action = enabled ? 'Disable' : 'Enable';
  return (
    <button type="button" aria-label={`${action} ${name}`} disabled={disabled} onClick={onClick}>
      {action}
    </button>
  );
}

/** "Delete" for the row called `name`, a danger action named e.g. "Delete shop". */
export function DeleteButton({ name, disabled, onClick }: { name: string; disabled?: boolean; onClick: () => void }) {
  return (
    <button type="button" className="danger" aria-label={`Delete ${name}`} disabled={disabled} onClick={onClick}>
      Delete
    </button>
  );
}
