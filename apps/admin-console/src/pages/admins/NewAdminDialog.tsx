import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { newAdminProblems } from './admin-rules';
import type { Admin } from './types';

/** A new admin user; it holds nothing until an authority is granted to it (or to a group it is in). */
export function NewAdminDialog({ onCreated, onClose }: { onCreated: (admin: Admin) => void; onClose: () => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmit(
    () => api.post<Admin>('/v1/admins', { username, password, ...(email.trim() ? { email: email.trim() } : {}) }),
    onCreated,
    () => newAdminProblems({ username, email: email.trim(), password }),
  );
  return (
    <FormDialog title="New admin" submission={submission} onClose={onClose}>
      <LabeledField label="Username" required problem={submission.error?.problemOf('username')}>
        {(control) => <input {...control} value={username} autoComplete="off" onChange={(event) => setUsername(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Email" problem={submission.error?.problemOf('email')}>
        {(control) => <input {...control} type="email" value={email} autoComplete="off" onChange={(event) => setEmail(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Password" required help="At least 10 characters, not a common password." problem={submission.error?.problemOf('password')}>
        {(control) => <input {...control} type="password" value={password} autoComplete="new-password" onChange={(event) => setPassword(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
