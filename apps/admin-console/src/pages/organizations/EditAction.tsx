import { useState, type ReactNode } from 'react';
import { useDenied } from '../../components/use-denied';

export type Guard = ReturnType<typeof useDenied>['guard'];

/** What an edit dialog gets: `guard` wraps its save, so a 403 disables the button that opened it. */
export interface EditDialogProps {
  readonly guard: Guard;
  readonly onSaved: () => void;
  readonly onClose: () => void;
}

/** A page header's "Edit …" button and the dialog it opens; `onSaved` reloads what the page shows. */
export function EditAction({ label, onSaved, dialog }: { label: string; onSaved: () => void; dialog: (props: EditDialogProps) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const { denied, guard } = useDenied();
  return (
    <>
      <button type="button" disabled={denied} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open
        ? dialog({
            guard,
            onClose: () => setOpen(false),
            onSaved: () => {
              setOpen(false);
              onSaved();
            },
          })
        : null}
    </>
  );
}
