import { useState } from 'react';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import { checkSignature, type SignatureForm } from './signature-form';
import type { AppSignature } from './types';

type Text = 'ocraSuite' | 'pinMaxAttempts' | 'pinMinLength' | 'clientSecretTtlSeconds';
const TEXTS: ReadonlyArray<{ key: Text; label: string; help: string; numeric?: boolean }> = [
  { key: 'ocraSuite', label: 'OCRA suite', help: 'RFC 6287, e.g. OCRA-1:HOTP-SHA256-8:QH64-T1M (no counter, PIN or session part).' },
  { key: 'pinMaxAttempts', label: 'PIN attempts', help: 'Wrong PINs before a profile is revoked: 1 to 10.', numeric: true },
  { key: 'pinMinLength', label: 'PIN minimum length', help: '4 to 12.', numeric: true },
  { key: 'clientSecretTtlSeconds', label: 'Device secret lifetime (s)', help: '0: device secrets never expire.', numeric: true },
];

/**
 * "New app signature" and "Edit": every field the API takes; a build's identifier, version and platform are
 * fixed once created. The key is write-only: left empty the API generates one (on edit: keeps the one set).
 */
export function AppSignatureDialog({ title, initial, editing, send, onSaved, onClose }: {
  title: string;
  initial: SignatureForm;
  editing: boolean;
  send: (signature: SignatureForm) => Promise<AppSignature>;
  onSaved: (signature: AppSignature) => void;
  onClose: () => void;
}) {
  const [signature, setSignature] = useState<SignatureForm>(initial);
  const submission = useSubmit(() => send(signature), onSaved, () => fieldProblems(checkSignature(signature)));
  const problemOf = (field: string) => submission.error?.problemOf(field);
  const set = <K extends keyof SignatureForm>(key: K, value: SignatureForm[K]) => setSignature((previous) => ({ ...previous, [key]: value }));
  return (
    <FormDialog title={title} submission={submission} submitLabel={editing ? 'Save' : 'Create'} onClose={onClose}>
      <LabeledField label="Identifier" required problem={problemOf('identifier')} help="The Android package name or iOS bundle id, e.g. com.example.bank.">
        {(control) => <input {...control} maxLength={200} disabled={editing} value={signature.identifier} onChange={(event) => set('identifier', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Version" required problem={problemOf('version')}>
        {(control) => <input {...control} maxLength={50} disabled={editing} value={signature.version} onChange={(event) => set('version', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Platform" problem={problemOf('platform')}>
        {(control) => (
          <select {...control} disabled={editing} value={signature.platform} onChange={(event) => set('platform', event.target.value as SignatureForm['platform'])}>
            <option value="android">Android</option>
            <option value="ios">iOS</option>
          </select>
        )}
      </LabeledField>
      <LabeledField label="Redirect URIs" required problem={problemOf('redirectUris')} help="One per line: com.example.bank:/cb, a claimed https URI or http://127.0.0.1.">
        {(control) => <textarea {...control} rows={2} value={signature.redirectUris} onChange={(event) => set('redirectUris', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Scopes" problem={problemOf('scopes')} help="One per line: OpenID Connect scopes and the environment's custom scopes.">
        {(control) => <textarea {...control} rows={2} value={signature.scopes} onChange={(event) => set('scopes', event.target.value)} />}
      </LabeledField>
      {TEXTS.map((item) => (
        <LabeledField key={item.key} label={item.label} help={item.help} problem={problemOf(item.key)}>
          {(control) => <input {...control} type={item.numeric ? 'number' : 'text'} value={signature[item.key]} onChange={(event) => set(item.key, event.target.value)} />}
        </LabeledField>
      ))}
      <LabeledField
        label="OCRA key (hex)"
        problem={problemOf('secret')}
        help={editing ? 'Leave empty to keep the key; a suite with another hash needs a new key of its length.' : 'Leave empty to generate one: it is shown once.'}
      >
        {(control) => <input {...control} autoComplete="off" value={signature.secret} onChange={(event) => set('secret', event.target.value)} />}
      </LabeledField>
      <LabeledField label="DPoP" problem={problemOf('dpop')} help="Whether device clients must bind their tokens (RFC 9449).">
        {(control) => (
          <select {...control} value={signature.dpop} onChange={(event) => set('dpop', event.target.value as SignatureForm['dpop'])}>
            <option value="required">Required</option>
            <option value="allowed">Allowed</option>
          </select>
        )}
      </LabeledField>
      <label className="check">
        <input type="checkbox" checked={signature.enabled} onChange={(event) => set('enabled', event.target.checked)} />
        Enabled (new devices may register)
      </label>
    </FormDialog>
  );
}
