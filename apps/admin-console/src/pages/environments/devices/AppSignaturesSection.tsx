import { useState } from 'react';
import type { Page } from '../../../api/client';
import { useApi } from '../../../app/session-context';
import { useLoad } from '../../../app/use-load';
import { ConfirmAction } from '../../../components/ConfirmAction';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { PagedList } from '../../../components/PagedList';
import { SecretOnce } from '../../../components/SecretOnce';
import type { Revealed } from '../Revealed';
import { TabToolbar } from '../TabToolbar';
import { useRowActions } from '../use-row-actions';
import { AppSignatureDialog } from './AppSignatureDialog';
import { AppSignaturesTable, signatureName } from './AppSignaturesTable';
import { changedFields, formOf, NEW_SIGNATURE, signatureBody } from './signature-form';
import type { AppSignature, AppSignatureWithSecret, RevokedDevices } from './types';

const LIMIT = 25;

const revokedText = (name: string, { devices, revokedLogins }: RevokedDevices) =>
  `${name}: ${devices} ${devices === 1 ? 'device' : 'devices'} disabled, ${revokedLogins} ${revokedLogins === 1 ? 'login' : 'logins'} revoked.`;

/** The builds of the environment's mobile apps whose devices may register (docs/admin-api.md#app-signatures). */
export function AppSignaturesSection({ environmentId, onDevicesChanged }: { environmentId: string; onDevicesChanged: () => void }) {
  const api = useApi();
  const [skip, setSkip] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AppSignature>();
  const [revoking, setRevoking] = useState<AppSignature>();
  const [deleting, setDeleting] = useState<AppSignature>();
  const [revealed, setRevealed] = useState<Revealed>();
  const [revoked, setRevoked] = useState<string>();
  const signatures = useLoad(() => api.get<Page<AppSignature>>(`/v1/environments/${environmentId}/app-signatures`, { limit: LIMIT, skip }), [api, environmentId, skip]);
  const actions = useRowActions(signatures.reload);
  return (
    <section aria-labelledby="app-signatures-heading">
      <TabToolbar title="App signatures" headingId="app-signatures-heading" action="New app signature" onAction={() => setCreating(true)} />
      <ErrorBanner error={actions.error} />
      <p role="status">{revoked ?? ''}</p>
      <PagedList loaded={signatures} empty={<EmptyState text="No app signatures yet" />} onSkip={setSkip}>
        {(rows) => <AppSignaturesTable signatures={rows} allowed={actions.allowed} onEdit={setEditing} onRevoke={setRevoking} onDelete={setDeleting} />}
      </PagedList>
      {creating ? (
        <AppSignatureDialog
          title="New app signature"
          initial={NEW_SIGNATURE}
          editing={false}
          send={(signature) => api.post<AppSignatureWithSecret>(`/v1/environments/${environmentId}/app-signatures`, signatureBody(signature))}
          onClose={() => setCreating(false)}
          onSaved={(created) => {
            setCreating(false);
            signatures.reload();
            const { secret } = created as AppSignatureWithSecret;
            setRevealed({ title: `App signature ${signatureName(created)} created`, values: [{ label: 'OCRA key', value: secret }] });
          }}
        />
      ) : null}
      {editing ? (
        <AppSignatureDialog
          title={`Edit app signature ${signatureName(editing)}`}
          initial={formOf(editing)}
          editing
          send={(signature) => api.patch<AppSignature>(`/v1/app-signatures/${editing.id}`, changedFields(formOf(editing), signature))}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            signatures.reload();
          }}
        />
      ) : null}
      {revoking ? (
        <ConfirmAction
          title={`Revoke the devices of ${signatureName(revoking)}?`}
          message="Every device registered with this build is disabled and its logins are revoked at once; the devices must register again."
          action="Revoke devices"
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            const answer = await api.post<RevokedDevices>(`/v1/app-signatures/${revoking.id}/revoke-devices`);
            setRevoking(undefined);
            setRevoked(revokedText(signatureName(revoking), answer));
            onDevicesChanged();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmAction
          title={`Delete app signature ${signatureName(deleting)}?`}
          message="Its devices are revoked first: they stay, disabled, and this build can no longer register."
          action="Delete"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete(`/v1/app-signatures/${deleting.id}`);
            setDeleting(undefined);
            signatures.reload();
            onDevicesChanged();
          }}
        />
      ) : null}
      {revealed ? <SecretOnce title={revealed.title} values={revealed.values} onDone={() => setRevealed(undefined)} /> : null}
    </section>
  );
}
