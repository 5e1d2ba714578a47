import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { ListTable, type Column } from '../../../components/ListTable';
import { PagedList } from '../../../components/PagedList';
import { DeleteButton, RowActions, ToggleButton } from '../../../components/RowActions';
import { useRowActions } from '../use-row-actions';
import { DeviceClientDialog } from './DeviceClientDialog';
import { DeviceProfilesDialog } from './DeviceProfilesDialog';
import type { DeviceClient } from './types';

const LIMIT = 25;

/**
 * The environment's registered devices: its device clients (`kind=device`, so the pager counts them alone),
 * each renamed, switched off and on with PATCH `enabled` (off revokes its logins), deleted, its user
 * profiles in a dialog.
 */
export function DeviceClientsSection({ environmentId, changes }: { environmentId: string; changes: number }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [viewing, setViewing] = useState<DeviceClient>();
  const [editing, setEditing] = useState<DeviceClient>();
  const [deleting, setDeleting] = useState<DeviceClient>();
  const devices = useLoad(
    () => api.get<Page<DeviceClient>>(`/v1/environments/${environmentId}/clients`, { kind: 'device', limit: LIMIT, skip }),
    [api, environmentId, skip, changes],
  );
  const actions = useRowActions(devices.reload);
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
          <button type="button" aria-label={`Edit ${device.name}`} onClick={() => setEditing(device)}>
            Edit
          </button>
          <ToggleButton
            enabled={device.enabled}
            name={device.name}
            disabled={!actions.allowed('toggle')}
            onClick={() => void actions.run('toggle', () => api.patch(`/v1/clients/${device.id}`, { enabled: !device.enabled }))}
          />
          <DeleteButton name={device.name} disabled={!actions.allowed('delete')} onClick={() => setDeleting(device)} />
        </RowActions>
      ),
    },
  ];
  return (
    <section aria-labelledby="device-clients-heading">
      <h2 id="device-clients-heading">Registered devices</h2>
      <ErrorBanner error={actions.error} />
      <PagedList loaded={devices} empty={<EmptyState text="No devices registered yet" />} onSkip={setSkip}>
        {(rows) => <ListTable caption="Device clients of this environment" columns={columns} rows={rows} rowKey={(device) => device.id} />}
      </PagedList>
      {viewing ? <DeviceProfilesDialog device={viewing} onClose={() => setViewing(undefined)} /> : null}
      {editing ? (
        <DeviceClientDialog
          device={editing}
          send={(changed) => api.patch(`/v1/clients/${editing.id}`, changed)}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            devices.reload();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete device ${deleting.name}?`}
          message="Every profile's tokens stop working at once and its registration is gone: the device must register again."
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/clients/${deleting.id}`);
            setDeleting(undefined);
            devices.reload();
          }}
        />
      ) : null}
    </section>
  );
}
