import { useId, useState } from 'react';
import type { ApiError } from '../api/errors';
import { useSession } from '../app/session-context';
import { asApiError } from '../app/use-load';
import { ErrorBanner } from '../components/ErrorBanner';

export function SignInPage() {
  const { signIn, notice } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const ids = { username: useId(), password: useId() };
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username, password);
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Sign in to RapidAuth</h1>
      {notice && !error ? (
        <p role="status" className="banner notice">
          {notice}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={ids.username}>Username</label>
        <input id={ids.username} name="username" autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} />
        <label htmlFor={ids.password}>Password</label>
        <input id={ids.password} name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <ErrorBanner error={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
