import { useState } from 'react';
import type { Page } from '../../api/client';
import { useApi } from '../../app/session-context';
import { useLoad } from '../../app/use-load';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import type { EditDialogProps } from '../organizations/EditAction';
import { displayNameProblems } from '../organizations/name-rule';
import type { App } from '../organizations/types';
import { useEdit } from '../organizations/use-edit';
import type { Environment } from './types';

const MOST = 100;

interface Editable {
  readonly displayName: string;
  readonly defaultEnvironmentId: string;
}

/**
 * What `PATCH /v1/apps/:id` takes: the display name and the default environment (the one the
 * gateway's app-level routes use). The name is fixed; a default once set can be moved, not unset.
 */
export function EditAppDialog({ app, guard, onSaved, onClose }: EditDialogProps & { app: App }) {
  const api = useApi();
  const [displayName, setDisplayName] = useState(app.displayName);
  const [defaultEnvironmentId, setDefaultEnvironmentId] = useState(app.defaultEnvironmentId ?? '');
  const environments = useLoad(() => api.get<Page<Environment>>(`/v1/apps/${app.id}/environments`, { limit: MOST }), [api, app.id]);
  const submission = useEdit(
    { displayName: app.displayName, defaultEnvironmentId: app.defaultEnvironmentId ?? '' },
    { displayName: displayName.trim(), defaultEnvironmentId },
    guard((changes: Partial<Editable>) => api.patch<App>(`/v1/apps/${app.id}`, changes)),
    onSaved,
    () => displayNameProblems(displayName.trim(), { required: true }),
  );
  const rows = environments.state === 'ready' ? environments.value.rows : [];
  return (
    <FormDialog title="Edit app" submission={submission} submitLabel="Save" onClose={onClose}>
      <LabeledField label="Display name" required problem={submission.error?.problemOf('displayName')}>
        {(control) => <input {...control} value={displayName} autoComplete="off" onChange={(event) => setDisplayName(event.target.value)} />}
      </LabeledField>
      <LabeledField
        label="Default environment"
        help={rows.length === 0 ? 'The app has no environments yet.' : 'The environment the app-level routes of the gateway use.'}
        problem={submission.error?.problemOf('defaultEnvironmentId')}
      >
        {(control) => (
          <select {...control} value={defaultEnvironmentId} disabled={rows.length === 0} onChange={(event) => setDefaultEnvironmentId(event.target.value)}>
            {app.defaultEnvironmentId === null ? <option value="">None</option> : null}
            {rows.map((environment) => (
              <option key={environment.id} value={environment.id}>
                {environment.name}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
    </FormDialog>
  );
}
