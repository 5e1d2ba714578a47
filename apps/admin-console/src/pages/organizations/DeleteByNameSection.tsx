import { useState } from 'react';
import { ConfirmByName } from '../../components/ConfirmByName';
import { PageSection } from '../../components/PageSection';
import { useDenied } from '../../components/use-denied';

/**
 * A page's "Delete" part: what goes with the thing, "Delete <what>", and a confirmation by typing its
 * name; a 403 disables the button.
 */
export function DeleteByNameSection({ what, name, explanation, warning, remove }: {
  /** "organization", "app": in the button, the dialog title and the refusal. */
  what: string;
  name: string;
  explanation: string;
  warning: string;
  /** Deletes it and leaves the page. */
  remove: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const { denied, guard } = useDenied();
  return (
    <PageSection title="Delete">
      <p>{explanation}</p>
      <button type="button" className="danger" disabled={denied} onClick={() => setConfirming(true)}>
        Delete {what}
      </button>
      {denied ? <p>You may not delete this {what}.</p> : null}
      {confirming ? <ConfirmByName title={`Delete ${what}`} name={name} action="Delete" warning={warning} onClose={() => setConfirming(false)} onConfirm={guard(remove)} /> : null}
    </PageSection>
  );
}
