import { useState } from 'react';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { DeviceClient } from './types';

interface DeviceForm {
  readonly name: string;
  readonly dpopNonceRequired: boolean;
}

/** Only what changed; the API takes nothing else of a device client besides `enabled` (the rest is its registration's). */
function changesOf(device: DeviceClient, form: DeviceForm): Partial<DeviceForm> {
  return {
    ...(form.name.trim() !== device.name && { name: form.name.trim() }),
    ...(form.dpopNonceRequired !== device.dpopNonceRequired && { dpopNonceRequired: form.dpopNonceRequired }),
  };
}

/** "Edit" of a device client: its name and whether its DPoP proofs must carry server nonces (RFC 9449 §8). */
export function DeviceClientDialog({ device, send, onSaved, onClose }: {
  device: DeviceClient;
  send: (changes: Partial<DeviceForm>) => Promise<unknown>;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState<DeviceForm>({ name: device.name, dpopNonceRequired: device.dpopNonceRequired });
  const changes = changesOf(device, form);
  const submission = useSubmit(
    () => (Object.keys(changes).length === 0 ? Promise.resolve() : send(changes)),
    onSaved,
    () => fieldProblems({ name: form.name.trim() ? undefined : 'A name is required.' }),
  );
  return (
    <FormDialog title={`Edit device ${device.name}`} submission={submission} submitLabel="Save" onClose={onClose}>
      <LabeledField label="Name" required problem={submission.error?.problemOf('name')} help="The device set it when it registered; it reads the new one over its registration.">
        {(control) => <input {...control} maxLength={200} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />}
      </LabeledField>
      <label className="check">
        <input type="checkbox" checked={form.dpopNonceRequired} onChange={(event) => setForm({ ...form, dpopNonceRequired: event.target.checked })} />
        DPoP nonce required (its proofs must carry a server nonce)
      </label>
    </FormDialog>
  );
}
