import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/States';
import type { AuthServiceSummary, EnvironmentIdentity, EnvironmentView } from '../types';
import { IdentityForm } from './IdentityForm';

/** Which auth services the environment's users sign in through, and the default (PUT …/identity). */
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
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return <ErrorBanner error={loaded.error} />;
  const [services, identity] = loaded.value;
  return <IdentityForm environmentId={environment.id} services={services.rows} identity={identity} />;
}
