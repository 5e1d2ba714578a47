import { useState } from 'react';
import { ChoiceGroup } from '../../../components/ChoiceGroup';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
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
  const submission = useSubmit(() => send(client), onSaved, () => fieldProblems(checkClient(client)));
  const problemOf = (field: string) => submission.error?.problemOf(field);
  const set = <K extends keyof ClientForm>(key: K, value: ClientForm[K]) => setClient((previous) => ({ ...previous, [key]: value }));
  return (
    <FormDialog title={title} submission={submission} submitLabel={editing ? 'Save' : 'Create'} onClose={onClose}>
      <LabeledField label="Name" required problem={problemOf('name')}>
        {(control) => <input {...control} maxLength={200} value={client.name} onChange={(event) => set('name', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Client type" problem={problemOf('type')} help={editing ? 'A client keeps its type; register a new client for another.' : 'Confidential clients get a secret; public ones (SPAs, mobile apps) use PKCE.'}>
        {(control) => (
          <select {...control} value={client.type} disabled={editing} onChange={(event) => setClient(withType(client, event.target.value as ClientForm['type']))}>
            <option value="confidential">Confidential</option>
            <option value="public">Public</option>
          </select>
        )}
      </LabeledField>
      <LabeledField label="Application type" problem={problemOf('applicationType')}>
        {(control) => (
          <select {...control} value={client.applicationType} onChange={(event) => set('applicationType', event.target.value as ClientForm['applicationType'])}>
            <option value="web">Web</option>
            <option value="native">Native</option>
          </select>
        )}
      </LabeledField>
      {LINES.map((item) => (
        <LabeledField key={item.key} label={item.label} help={item.help} problem={problemOf(item.key)}>
          {(control) => <textarea {...control} rows={3} value={client[item.key]} onChange={(event) => set(item.key, event.target.value)} />}
        </LabeledField>
      ))}
      <ChoiceGroup
        legend="Grant types"
        kind="checkbox"
        choices={GRANT_TYPES}
        chosen={client.grantTypes}
        onChange={(next) => set('grantTypes', next)}
        problem={problemOf('grantTypes')}
      />
      <LabeledField label="Token endpoint authentication" problem={problemOf('tokenEndpointAuthMethod')}>
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
      </LabeledField>
      <LabeledField label="ID token signing algorithm" problem={problemOf('idTokenSignedResponseAlg')}>
        {(control) => (
          <select {...control} value={client.idTokenSignedResponseAlg} onChange={(event) => set('idTokenSignedResponseAlg', event.target.value as ClientForm['idTokenSignedResponseAlg'])}>
            <option value="RS256">RS256</option>
            <option value="ES256">ES256</option>
          </select>
        )}
      </LabeledField>
      {FLAGS.map((flag) => (
        <label key={flag.key} className="check">
          <input type="checkbox" checked={client[flag.key]} onChange={(event) => set(flag.key, event.target.checked)} />
          {flag.label}
        </label>
      ))}
    </FormDialog>
  );
}
