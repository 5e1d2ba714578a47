import { useState } from 'react';
import type { Page } from '../../../api/client';
import type { ApiError } from '../../../api/errors';
import { useApi } from '../../../app/session-context';
import { asApiError, useLoad } from '../../../app/use-load';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LabeledField } from '../../../components/LabeledField';
import type { ClientView, EnvironmentView } from '../types';
import { mapLoaded } from './loaded-map';
import { PickOrType, type Pick } from './PickOrType';
import './grants.css';

/** Clients read per page (the API's largest); the list has no search, so more are read on demand or the id typed. */
export const CLIENT_PAGE = 100;

/**
 * "Client": the environment's appKey and its registered clients, a page at a time ("More clients"),
 * or typed ("Type a client id") when the one wanted is far down a long list or the list is refused.
 */
export function ClientPicker({ environment, value, problem, onChange }: { environment: EnvironmentView; value: string; problem?: string; onChange: (clientId: string) => void }) {
  const api = useApi();
  const [more, setMore] = useState<readonly ClientView[]>([]);
  const [moreError, setMoreError] = useState<ApiError>();
  const [reading, setReading] = useState(false);
  const [typed, setTyped] = useState(false);
  const path = `/v1/environments/${environment.id}/clients`;
  const first = useLoad(() => api.get<Page<ClientView>>(path, { limit: CLIENT_PAGE }), [api, path]);
  const read = first.state === 'ready' ? first.value.rows.length + more.length : 0;
  const total = first.state === 'ready' ? first.value.total : 0;
  const picks = mapLoaded(first, (page): Pick[] => [
    { value: environment.appKey, label: `${environment.name} (appKey)` },
    ...[...page.rows, ...more].map((client) => ({ value: client.clientId, label: `${client.name} (${client.clientId})` })),
  ]);
  const readMore = async () => {
    setReading(true);
    setMoreError(undefined);
    try {
      const next = await api.get<Page<ClientView>>(path, { limit: CLIENT_PAGE, skip: read });
      setMore((previous) => [...previous, ...next.rows]);
    } catch (caught) {
      setMoreError(asApiError(caught));
    } finally {
      setReading(false);
    }
  };
  const listed = first.state === 'ready';
  return (
    <>
      <LabeledField label="Client" required problem={problem} help={listed && !typed && read < total ? `The client the grant signs in through. ${read} of ${total} clients listed.` : 'The client the grant signs in through.'}>
        {(control) => <PickOrType control={control} loaded={picks} typed={typed} value={value} onChange={onChange} placeholder="client_id or appKey" />}
      </LabeledField>
      {listed ? (
        <div className="row-actions picker-actions">
          {!typed && read < total ? (
            <button type="button" disabled={reading} onClick={() => void readMore()}>
              More clients
            </button>
          ) : null}
          <button type="button" onClick={() => setTyped(!typed)}>
            {typed ? 'Choose a client from the list' : 'Type a client id'}
          </button>
        </div>
      ) : null}
      <ErrorBanner error={moreError} />
    </>
  );
}
