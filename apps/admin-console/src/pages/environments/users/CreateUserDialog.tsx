import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../form/Field';
import { FormSummary } from '../form/FormSummary';
import { useForm } from '../form/use-form';
import type { UserView } from '../types';

/** The API refuses passwords under 10 characters (and common ones, which only it knows). */
const MIN_PASSWORD = 10;

/** "New user": a local account with a username and password. */
export function CreateUserDialog({ environmentId, onCreated, onClose }: { environmentId: string; onCreated: (user: UserView) => void; onClose: () => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm<UserView>(onCreated);
  const create = () =>
    form.submit(
      {
        username: username.trim() === '' ? 'Enter a username.' : username.length > 128 ? 'At most 128 characters.' : undefined,
        email: email !== '' && !/^[^\s@]+@[^\s@]+$/.test(email) ? 'Enter an email address such as alice@example.com.' : undefined,
        password: password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : undefined,
      },
      () => api.post<UserView>(`/v1/environments/${environmentId}/users`, { username: username.trim(), ...(email !== '' && { email }), password }),
    );
  return (
    <Dialog title="New user" onClose={onClose}>
      <form
        ref={form.formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <FormSummary problems={form.problems} />
        <Field label="Username" required problem={form.problemOf('username')}>
          {(control) => <input {...control} required autoComplete="off" value={username} onChange={(event) => setUsername(event.target.value)} />}
        </Field>
        <Field label="Email" problem={form.problemOf('email')}>
          {(control) => <input {...control} type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
        </Field>
        <Field label="Password" required help={`At least ${MIN_PASSWORD} characters, not a common password.`} problem={form.problemOf('password')}>
          {(control) => <input {...control} type="password" required autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={form.busy}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
