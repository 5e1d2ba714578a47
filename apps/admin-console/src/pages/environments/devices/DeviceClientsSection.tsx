import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { ListTable, type Column } from '../../../components/ListTable';
import { PagedList } from '../../../components/PagedList';
import { RowActions, ToggleButton } from '../../../components/RowActions';
import { useRowActions } from '../use-row-actions';
import { DeviceProfilesDialog } from './DeviceProfilesDialog';
import type { DeviceClient } from './types';

/** Clients are listed all kinds together: a page of the most the API gives, its device clients shown. */
const LIMIT = 100;

/**
 * The environment's registered devices: the device clients (`kind: "device"`) of its client list, each
 * switched off and on with PATCH `enabled` (off revokes its logins), its user profiles in a dialog.
 */
export function DeviceClientsSection({ environmentId, changes }: { environmentId: string; changes: number }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [viewing, setViewing] = useState<DeviceClient>();
  const clients = useLoad(() => api.get<Page<DeviceClient>>(`/v1/environments/${environmentId}/clients`, { limit: LIMIT, skip }), [api, environmentId, skip, changes]);
  const actions = useRowActions(clients.reload);
  const columns: Column<DeviceClient>[] = [
    { label: 'Name', cell: (device) => device.name },
    { label: 'Client ID', cell: (device) => <code>{device.clientId}</code>, long: true },
    { label: 'Status', cell: (device) => (device.enabled ? 'Enabled' : 'Disabled') },
    {
      label: 'Actions',
      cell: (device) => (
        <RowActions>
          <button type="button" aria-label={`Profiles of ${device.name}`} onClick={() => setViewing(device)}>
            Profiles
          </button>
          <ToggleButton
            enabled={device.enabled}
            name={device.name}
            disabled={!actions.allowed('toggle')}
            onClick={() => void actions.run('toggle', () => api.patch(`/v1/clients/${device.id}`, { enabled: !device.enabled }))}
          />
        </RowActions>
      ),
    },
  ];
  return (
    <section aria-labelledby="device-clients-heading">
      <h2 id="device-clients-heading">Registered devices</h2>
      <ErrorBanner error={actions.error} />
      <PagedList loaded={clients} empty={<EmptyState text="No devices registered yet" />} onSkip={setSkip}>
        {(rows) => {
          const shown = rows.filter((client) => client.kind === 'device');
          return shown.length === 0 ? (
            <EmptyState text="No devices registered yet" />
          ) : (
            <ListTable caption="Device clients of this environment" columns={columns} rows={shown} rowKey={(device) => device.id} />
          );
        }}
      </PagedList>
      {viewing ? <DeviceProfilesDialog device={viewing} onClose={() => setViewing(undefined)} /> : null}
    </section>
  );
}
