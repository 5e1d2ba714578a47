import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { CheckField } from '../../components/CheckField';
import type { EditDialogProps } from './EditAction';
import { displayNameProblems } from './name-rule';
import type { Organization } from './types';
import { useEdit } from './use-edit';

interface Editable {
  readonly displayName: string;
  readonly enabled: boolean;
}

/** What `PATCH /v1/organizations/:id` takes: the name is fixed (it is part of the gateway's URLs). */
export function EditOrganizationDialog({ organization, guard, onSaved, onClose }: EditDialogProps & { organization: Organization }) {
  const api = useApi();
  const [displayName, setDisplayName] = useState(organization.displayName);
  const [enabled, setEnabled] = useState(organization.enabled);
  const submission = useEdit(
    { displayName: organization.displayName, enabled: organization.enabled },
    { displayName: displayName.trim(), enabled },
    guard((changes: Partial<Editable>) => api.patch<Organization>(`/v1/organizations/${organization.id}`, changes)),
    onSaved,
    () => displayNameProblems(displayName.trim(), { required: true }),
  );
  return (
    <FormDialog title="Edit organization" submission={submission} submitLabel="Save" onClose={onClose}>
      <LabeledField label="Display name" required problem={submission.error?.problemOf('displayName')}>
        {(control) => <input {...control} value={displayName} autoComplete="off" onChange={(event) => setDisplayName(event.target.value)} />}
      </LabeledField>
      <CheckField
        label="Organization client enabled"
        help={`Off: the organization client (${organization.clientId}) gets no management tokens.`}
        checked={enabled}
        onChange={setEnabled}
      />
    </FormDialog>
  );
}
