import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { nameProblems } from './name-rule';
import type { Group } from './types';

export function NewGroupDialog({ organizationId, onCreated, onClose }: { organizationId: string; onCreated: (group: Group) => void; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const submission = useSubmit(
    () => api.post<Group>('/v1/groups', { name, organizationId, ...(description.trim() ? { description: description.trim() } : {}) }),
    onCreated,
    () => [...nameProblems(name), ...(description.length > 500 ? [{ field: 'description', message: 'Use at most 500 characters.' }] : [])],
  );
  return (
    <FormDialog title="New group" submission={submission} onClose={onClose}>
      <LabeledField label="Name" required problem={submission.error?.problemOf('name')}>
        {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Description" problem={submission.error?.problemOf('description')}>
        {(control) => <textarea {...control} value={description} rows={3} onChange={(event) => setDescription(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
