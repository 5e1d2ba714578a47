import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { UserView } from '../types';

/** The API refuses passwords under 10 characters (and common ones, which only it knows). */
const MIN_PASSWORD = 10;

/** "New user": a local account with a username and password. */
export function CreateUserDialog({ environmentId, onCreated, onClose }: { environmentId: string; onCreated: (user: UserView) => void; onClose: () => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submission = useSubmit(
    () => api.post<UserView>(`/v1/environments/${environmentId}/users`, { username: username.trim(), ...(email !== '' && { email }), password }),
    onCreated,
    () =>
      fieldProblems({
        username: username.trim() === '' ? 'Enter a username.' : username.length > 128 ? 'At most 128 characters.' : undefined,
        email: email !== '' && !/^[^\s@]+@[^\s@]+$/.test(email) ? 'Enter an email address such as alice@example.com.' : undefined,
        password: password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : undefined,
      }),
  );
  const problemOf = (field: string) => submission.error?.problemOf(field);
  return (
    <FormDialog title="New user" submission={submission} onClose={onClose}>
      <LabeledField label="Username" required problem={problemOf('username')}>
        {(control) => <input {...control} autoComplete="off" value={username} onChange={(event) => setUsername(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Email" problem={problemOf('email')}>
        {(control) => <input {...control} type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Password" required help={`At least ${MIN_PASSWORD} characters, not a common password.`} problem={problemOf('password')}>
        {(control) => <input {...control} type="password" required autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
