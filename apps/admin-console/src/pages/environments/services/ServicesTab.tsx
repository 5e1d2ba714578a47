import { useCallback, useState } from 'react';
import type { Page } from '../../../api/client';
import type { ApiError } from '../../../api/errors';
import { useApi } from '../../../app/session-context';
import { asApiError, useLoad } from '../../../app/use-load';
import { ConfirmByName } from '../../../components/ConfirmByName';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Pager } from '../../../components/Pager';
import { LoadFailed, Loading } from '../../../components/States';
import { ServiceForm } from '../../../forms/ServiceForm';
import type { ConnectionTestResult, CreateServiceBody, ServiceType, TestNewServiceBody, TestStoredServiceBody, UpdateServiceBody } from '../../../forms/types';
import { ServicesTable } from './ServicesTable';
import { CallbackUrls } from './CallbackUrls';
import { SpMetadata } from './SpMetadata';
import type { AuthService } from './types';
import './services.css';
import { TabToolbar } from '../TabToolbar';

const LIMIT = 20;

type Open = { readonly kind: 'add' } | { readonly kind: 'edit'; readonly service: AuthService } | { readonly kind: 'delete'; readonly service: AuthService };

/** An environment's auth services (its own and its organization's): add, edit (both with a connection test), disable or enable, delete. */
export function ServicesTab({ environmentId, organizationId }: { environmentId: string; organizationId: string }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [open, setOpen] = useState<Open>();
  const [actionError, setActionError] = useState<ApiError>();
  const types = useLoad(() => api.get<ServiceType[]>('/v1/auth-service-types'), [api]);
  const services = useLoad(() => api.get<Page<AuthService>>('/v1/auth-services', { environmentId, limit: LIMIT, skip }), [api, environmentId, skip]);
  const { reload } = services;

  const done = useCallback(() => {
    setOpen(undefined);
    reload();
  }, [reload]);

  const toggle = async (service: AuthService) => {
    setActionError(undefined);
    try {
      await api.post(`/v1/auth-services/${service.id}/${service.enabled ? 'disable' : 'enable'}`);
      reload();
    } catch (caught) {
      setActionError(asApiError(caught));
    }
  };

  if (types.state === 'failed') return <LoadFailed error={types.error} />;
  if (services.state === 'failed') return <LoadFailed error={services.error} />;
  if (types.state === 'loading' || services.state === 'loading') return <Loading />;
  const page = services.value;

  return (
    <section className="services-tab" aria-labelledby="services-heading">
      <TabToolbar title="Auth services" headingId="services-heading" action="Add a service" onAction={() => setOpen({ kind: 'add' })} />
      <ErrorBanner error={actionError} />
      {page.total === 0 ? (
        <p>No auth services yet.</p>
      ) : (
        <>
          <ServicesTable
            services={page.rows}
            types={types.value}
            onEdit={(service) => setOpen({ kind: 'edit', service })}
            onToggle={(service) => void toggle(service)}
            onDelete={(service) => setOpen({ kind: 'delete', service })}
          />
          <Pager total={page.total} limit={page.limit} skip={page.skip} onSkip={setSkip} />
          <CallbackUrls services={page.rows} />
          <SpMetadata services={page.rows} />
        </>
      )}
      {open?.kind === 'add' && (
        <Dialog title="Add a service" onClose={() => setOpen(undefined)}>
          <ServiceForm
            types={types.value}
            environmentId={environmentId}
            organizationId={organizationId}
            submitLabel="Create service"
            onCancel={() => setOpen(undefined)}
            onCreate={async (body: CreateServiceBody) => {
              await api.post('/v1/auth-services', body);
              done();
            }}
            onTest={(body: TestNewServiceBody) => api.post<ConnectionTestResult>('/v1/auth-services/test', body)}
          />
        </Dialog>
      )}
      {open?.kind === 'edit' && (
        <Dialog title={`Edit ${open.service.name}`} onClose={() => setOpen(undefined)}>
          <ServiceForm
            types={types.value}
            environmentId={environmentId}
            organizationId={organizationId}
            service={open.service}
            submitLabel="Save changes"
            onCancel={() => setOpen(undefined)}
            onUpdate={async (body: UpdateServiceBody) => {
              await api.patch(`/v1/auth-services/${open.service.id}`, body);
              done();
            }}
            onTest={(body: TestStoredServiceBody) => api.post<ConnectionTestResult>(`/v1/auth-services/${open.service.id}/test`, body)}
          />
        </Dialog>
      )}
      {open?.kind === 'delete' && (
        <ConfirmByName
          title={`Delete ${open.service.name}`}
          name={open.service.name}
          action="Delete"
          warning="Logins through this service are revoked. An environment's default service cannot be deleted: choose another default first."
          onClose={() => setOpen(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/auth-services/${open.service.id}`);
            done();
          }}
        />
      )}
    </section>
  );
}
