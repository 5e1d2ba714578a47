import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { Dialog } from '../../../components/Dialog';
import { ChoiceGroup } from '../form/ChoiceGroup';
import { Field } from '../form/Field';
import { FormSummary } from '../form/FormSummary';
import { useForm } from '../form/use-form';
import type { ClientWithSecret } from '../types';
import { checkClient, clientBody, GRANT_TYPES, NEW_CLIENT, withType, type ClientForm } from './client-form';

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

/** "New client": every field of a registration; the answer (with a confidential client's secret) goes to `onCreated`. */
export function CreateClientDialog({ environmentId, onCreated, onClose }: {
  environmentId: string;
  onCreated: (client: ClientWithSecret) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [client, setClient] = useState<ClientForm>(NEW_CLIENT);
  const form = useForm<ClientWithSecret>(onCreated);
  const set = <K extends keyof ClientForm>(key: K, value: ClientForm[K]) => setClient((previous) => ({ ...previous, [key]: value }));
  const create = () => form.submit(checkClient(client), () => api.post<ClientWithSecret>(`/v1/environments/${environmentId}/clients`, clientBody(client)));
  return (
    <Dialog title="New client" onClose={onClose}>
      <form
        ref={form.formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <FormSummary problems={form.problems} />
        <Field label="Name" required problem={form.problemOf('name')}>
          {(control) => <input {...control} required maxLength={200} value={client.name} onChange={(event) => set('name', event.target.value)} />}
        </Field>
        <Field label="Client type" problem={form.problemOf('type')} help="Confidential clients get a secret; public ones (SPAs, mobile apps) use PKCE.">
          {(control) => (
            <select {...control} value={client.type} onChange={(event) => setClient(withType(client, event.target.value as ClientForm['type']))}>
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
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
