import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { nameProblems } from '../organizations/name-rule';
import type { EnvironmentWithSecret } from './types';

export function NewEnvironmentDialog({ appId, onCreated, onClose }: { appId: string; onCreated: (environment: EnvironmentWithSecret) => void; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const submission = useSubmit(() => api.post<EnvironmentWithSecret>(`/v1/apps/${appId}/environments`, { name }), onCreated, () => nameProblems(name));
  return (
    <FormDialog title="New environment" submission={submission} onClose={onClose}>
      <LabeledField label="Name" required help="For example production or staging: lower-case letters, digits and -." problem={submission.error?.problemOf('name')}>
        {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
