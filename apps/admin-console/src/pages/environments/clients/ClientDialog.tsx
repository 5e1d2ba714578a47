import { useState } from 'react';
import { Dialog } from '../../../components/Dialog';
import { ChoiceGroup } from '../form/ChoiceGroup';
import { Field } from '../form/Field';
import { FormSummary } from '../form/FormSummary';
import { useForm } from '../form/use-form';
import type { ClientWithSecret } from '../types';
import { checkClient, GRANT_TYPES, withType, type ClientForm } from './client-form';

type Flag = 'firstParty' | 'dpopBoundAccessTokens' | 'dpopNonceRequired' | 'enabled';
const FLAGS: ReadonlyArray<{ key: Flag; label: string }> = [
  { key: 'firstParty', label: 'First-party (may use the password grant and token exchange, skips consent)' },
  { key: 'dpopBoundAccessTokens', label: 'DPoP-bound access tokens (every token request carries a DPoP proof)' },
  { key: 'dpopNonceRequired', label: 'DPoP nonce required' },
  { key: 'enabled', label: 'Enabled' },
];

type Lines = 'redirectUris' | 'postLogoutRedirectUris' | 'allowedOrigins';
const LINES: ReadonlyArray<{ key: Lines; label: string; help: string }> = [
  { key: 'redirectUris', label: 'Redirect URIs', help: 'One per line.' },
  { key: 'postLogoutRedirectUris', label: 'Post-logout redirect URIs', help: 'One per line.' },
  { key: 'allowedOrigins', label: 'Allowed origins', help: 'Origins browser apps call from (CORS), one per line, e.g. https://app.example.com.' },
];

/**
 * A client's registration, every field of it: "New client" creates one, "Edit" changes one (its type stays).
 * `send` gets the form and answers the saved client; a refusal stays in the dialog, beside its fields.
 */
export function ClientDialog({ title, initial, editing, send, onSaved, onClose }: {
  title: string;
  initial: ClientForm;
  editing: boolean;
  send: (client: ClientForm) => Promise<ClientWithSecret>;
  onSaved: (client: ClientWithSecret) => void;
  onClose: () => void;
}) {
  const [client, setClient] = useState<ClientForm>(initial);
  const form = useForm<ClientWithSecret>(onSaved);
  const set = <K extends keyof ClientForm>(key: K, value: ClientForm[K]) => setClient((previous) => ({ ...previous, [key]: value }));
  const save = () => form.submit(checkClient(client), () => send(client));
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        ref={form.formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <FormSummary problems={form.problems} />
        <Field label="Name" required problem={form.problemOf('name')}>
          {(control) => <input {...control} required maxLength={200} value={client.name} onChange={(event) => set('name', event.target.value)} />}
        </Field>
        <Field label="Client type" problem={form.problemOf('type')} help={editing ? 'A client keeps its type; register a new client for another.' : 'Confidential clients get a secret; public ones (SPAs, mobile apps) use PKCE.'}>
          {(control) => (
            <select {...control} value={client.type} disabled={editing} onChange={(event) => setClient(withType(client, event.target.value as ClientForm['type']))}>
              <option value="confidential">Confidential</option>
              <option value="public">Public</option>
            </select>
          )}
        </Field>
        <Field label="Application type" problem={form.problemOf('applicationType')}>
          {(control) => (
            <select {...control} value={client.applicationType} onChange={(event) => set('applicationType', event.target.value as ClientForm['applicationType'])}>
              <option value="web">Web</option>
              <option value="native">Native</option>
            </select>
          )}
        </Field>
        {LINES.map((item) => (
          <Field key={item.key} label={item.label} help={item.help} problem={form.problemOf(item.key)}>
            {(control) => <textarea {...control} rows={3} value={client[item.key]} onChange={(event) => set(item.key, event.target.value)} />}
          </Field>
        ))}
        <ChoiceGroup
          legend="Grant types"
          kind="checkbox"
          choices={GRANT_TYPES}
          chosen={client.grantTypes}
          onChange={(next) => set('grantTypes', next)}
          problem={form.problemOf('grantTypes')}
        />
        <Field label="Token endpoint authentication" problem={form.problemOf('tokenEndpointAuthMethod')}>
          {(control) => (
            <select {...control} value={client.tokenEndpointAuthMethod} onChange={(event) => set('tokenEndpointAuthMethod', event.target.value as ClientForm['tokenEndpointAuthMethod'])}>
              {client.type === 'public' ? (
                <option value="none">None (public client)</option>
              ) : (
                <>
                  <option value="client_secret_basic">client_secret_basic</option>
                  <option value="client_secret_post">client_secret_post</option>
                </>
              )}
            </select>
          )}
        </Field>
        <Field label="ID token signing algorithm" problem={form.problemOf('idTokenSignedResponseAlg')}>
          {(control) => (
            <select {...control} value={client.idTokenSignedResponseAlg} onChange={(event) => set('idTokenSignedResponseAlg', event.target.value as ClientForm['idTokenSignedResponseAlg'])}>
              <option value="RS256">RS256</option>
              <option value="ES256">ES256</option>
            </select>
          )}
        </Field>
        {FLAGS.map((flag) => (
          <label key={flag.key} className="check">
            <input type="checkbox" checked={client[flag.key]} onChange={(event) => set(flag.key, event.target.checked)} />
            {flag.label}
          </label>
        ))}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={form.busy}>
            {editing ? 'Save' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
