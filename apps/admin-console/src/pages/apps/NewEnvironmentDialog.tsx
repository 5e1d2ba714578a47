import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { Dialog } from '../../components/Dialog';
import { FormWithErrors } from '../../components/FormWithErrors';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { nameProblems } from '../organizations/name-rule';
import type { EnvironmentWithSecret } from './types';

export function NewEnvironmentDialog({ appId, onCreated, onClose }: { appId: string; onCreated: (environment: EnvironmentWithSecret) => void; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const { error, busy, submit } = useSubmit(() => api.post<EnvironmentWithSecret>(`/v1/apps/${appId}/environments`, { name }), onCreated, () => nameProblems(name));
  return (
    <Dialog title="New environment" onClose={onClose}>
      <FormWithErrors error={error} busy={busy} submitLabel="Create" onSubmit={submit} onCancel={onClose}>
        <LabeledField label="Name" required help="For example production or staging: lower-case letters, digits and -." problem={error?.problemOf('name')}>
          {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
        </LabeledField>
      </FormWithErrors>
    </Dialog>
  );
}
