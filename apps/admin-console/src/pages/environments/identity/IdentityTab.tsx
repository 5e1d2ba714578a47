import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/States';
import type { AuthServiceSummary, EnvironmentIdentity, EnvironmentView } from '../types';
import { IdentityForm } from './IdentityForm';
import { SignInMethodsSection } from './SignInMethodsSection';

/** Which auth services the environment's users sign in through, and the default (PUT …/identity); then its own sign-in methods. */
export function IdentityTab({ environment }: { environment: EnvironmentView }) {
  const api = useApi();
  const loaded = useLoad(
    () =>
      Promise.all([
        api.get<Page<AuthServiceSummary>>('/v1/auth-services', { environmentId: environment.id, limit: 100 }),
        api.get<EnvironmentIdentity>(`/v1/environments/${environment.id}/identity`),
      ]),
    [api, environment.id],
  );
  return (
    <>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorBanner error={loaded.error} /> : null}
      {loaded.state === 'ready' ? <IdentityForm environmentId={environment.id} services={loaded.value[0].rows} identity={loaded.value[1]} /> : null}
      <SignInMethodsSection environmentId={environment.id} />
    </>
  );
}
