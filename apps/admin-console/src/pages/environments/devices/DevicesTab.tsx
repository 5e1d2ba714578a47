import { useState } from 'react';
import type { EnvironmentView } from '../types';
import { AppSignaturesSection } from './AppSignaturesSection';
import { DeviceClientsSection } from './DeviceClientsSection';

/** App signatures and the devices registered with them; revoking or deleting a signature reloads the devices. */
export function DevicesTab({ environment }: { environment: EnvironmentView }) {
  const [changes, setChanges] = useState(0);
  return (
    <>
      <AppSignaturesSection environmentId={environment.id} onDevicesChanged={() => setChanges((count) => count + 1)} />
      <DeviceClientsSection environmentId={environment.id} changes={changes} />
    </>
  );
}
