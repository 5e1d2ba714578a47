import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { FormWithErrors } from './FormWithErrors';
import type { Submission } from './use-submit';

/** A dialog holding one form ("New app", "New user", ...): its refusal shown in it, "Cancel" closes it. */
export function FormDialog({ title, submission, submitLabel = 'Create', onClose, children }: {
  title: string;
  submission: Submission;
  submitLabel?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <FormWithErrors error={submission.error} busy={submission.busy} submitLabel={submitLabel} onSubmit={submission.submit} onCancel={onClose}>
        {children}
      </FormWithErrors>
    </Dialog>
  );
}
