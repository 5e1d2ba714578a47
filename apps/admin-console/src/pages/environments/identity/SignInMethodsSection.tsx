import { useId } from 'react';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/States';
import type { IdentityMethods } from './identity-methods';
import { SignInMethodsForm } from './SignInMethodsForm';
import './sign-in-methods.css';

/** "Sign-in methods": the environment's identity methods (GET/PATCH …/identity-methods); hidden when the API hides them (403/404). */
export function SignInMethodsSection({ environmentId }: { environmentId: string }) {
  const api = useApi();
  const headingId = useId();
  const loaded = useLoad(() => api.get<IdentityMethods>(`/v1/environments/${environmentId}/identity-methods`), [api, environmentId]);
  if (loaded.state === 'failed' && (loaded.error.status === 403 || loaded.error.status === 404)) return null;
  return (
    <section aria-labelledby={headingId} className="sign-in-methods-section">
      <h2 id={headingId}>Sign-in methods</h2>
      <p className="muted">The logins the gateway keeps itself, their codes, second factor and messages.</p>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorBanner error={loaded.error} /> : null}
      {loaded.state === 'ready' ? <SignInMethodsForm environmentId={environmentId} initial={loaded.value} /> : null}
    </section>
  );
}
