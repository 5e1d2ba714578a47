import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { nameProblems } from './name-rule';
import type { App } from './types';

export function NewAppDialog({ organizationId, onCreated, onClose }: { organizationId: string; onCreated: (app: App) => void; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const submission = useSubmit(
    () => api.post<App>(`/v1/organizations/${organizationId}/apps`, { name, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }),
    onCreated,
    () => [...nameProblems(name), ...(displayName.length > 200 ? [{ field: 'displayName', message: 'Use at most 200 characters.' }] : [])],
  );
  return (
    <FormDialog title="New app" submission={submission} onClose={onClose}>
      <LabeledField label="Name" required help="Lower-case letters, digits and -; unique in the organization." problem={submission.error?.problemOf('name')}>
        {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Display name" problem={submission.error?.problemOf('displayName')}>
        {(control) => <input {...control} value={displayName} autoComplete="off" onChange={(event) => setDisplayName(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
