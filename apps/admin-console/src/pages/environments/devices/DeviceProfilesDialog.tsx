import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { Dialog } from '../../../components/Dialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { ListTable, type Column } from '../../../components/ListTable';
import { Loading } from '../../../components/States';
import type { DeviceClient, DeviceProfile } from './types';

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : 'Never');
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** A device client's live user profiles (its logins), each ended with "Delete profile" (docs/admin-api.md#device-profiles). */
export function DeviceProfilesDialog({ device, onClose }: { device: DeviceClient; onClose: () => void }) {
  const api = useApi();
  const [deleting, setDeleting] = useState<DeviceProfile>();
  const profiles = useLoad(() => api.get<{ profiles: DeviceProfile[] }>(`/v1/clients/${device.id}/profiles`), [api, device.id]);
  const columns: Column<DeviceProfile>[] = [
    { label: 'User', cell: (profile) => <code>{profile.uid}</code>, long: true },
    { label: 'Signed in', cell: (profile) => when(profile.createdAt) },
    { label: 'Last used', cell: (profile) => when(profile.lastUsedAt) },
    { label: 'PIN', cell: (profile) => yesNo(profile.pinSet) },
    { label: 'Biometric', cell: (profile) => yesNo(profile.biometricSet) },
    {
      label: 'Actions',
      cell: (profile) => (
        <button type="button" className="danger" aria-label={`Delete profile of ${profile.uid}`} onClick={() => setDeleting(profile)}>
          Delete profile
        </button>
      ),
    },
  ];
  return (
    <Dialog title={`Profiles of ${device.name}`} onClose={onClose}>
      {profiles.state === 'loading' ? <Loading /> : null}
      {profiles.state === 'failed' ? <ErrorBanner error={profiles.error} /> : null}
      {profiles.state === 'ready' && profiles.value.profiles.length === 0 ? <p>No profiles on this device</p> : null}
      {profiles.state === 'ready' && profiles.value.profiles.length > 0 ? (
        <ListTable caption="Users signed in on this device" columns={columns} rows={profiles.value.profiles} rowKey={(profile) => profile.profileId} />
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {deleting ? (
        <ConfirmAction
          title={`Delete the profile of ${deleting.uid}?`}
          message="Its tokens stop working at once and its PIN and biometric key are removed; the device's other profiles stay."
          action="Delete profile"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/clients/${device.id}/profiles/${deleting.profileId}`);
            setDeleting(undefined);
            profiles.reload();
          }}
        />
      ) : null}
    </Dialog>
  );
}
