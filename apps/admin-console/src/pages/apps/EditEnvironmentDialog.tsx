import { useState } from 'react';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { linesOf } from '../../components/input-rules';
import { CheckField } from '../../components/CheckField';
import type { EditDialogProps } from '../organizations/EditAction';
import { useEdit } from '../organizations/use-edit';
import { customScopeProblems } from './environment-rules';
import type { Environment } from './types';

interface Editable {
  readonly customScopes: readonly string[];
  readonly usergridCompatibility: boolean;
}

/**
 * What `PATCH /v1/environments/:id` takes: its custom scopes and Usergrid compatibility. The name
 * is fixed: it is part of the environment's URLs and appKey.
 */
export function EditEnvironmentDialog({ environment, guard, onSaved, onClose }: EditDialogProps & { environment: Environment }) {
  const api = useApi();
  const [scopes, setScopes] = useState(environment.customScopes.join('\n'));
  const [usergridCompatibility, setUsergridCompatibility] = useState(environment.usergridCompatibility);
  const customScopes = linesOf(scopes);
  const submission = useEdit(
    { customScopes: [...environment.customScopes], usergridCompatibility: environment.usergridCompatibility },
    { customScopes, usergridCompatibility },
    guard((changes: Partial<Editable>) => api.patch<Environment>(`/v1/environments/${environment.id}`, changes)),
    onSaved,
    () => customScopeProblems(customScopes),
  );
  return (
    <FormDialog title="Edit environment" submission={submission} submitLabel="Save" onClose={onClose}>
      <LabeledField label="Custom scopes" help="Scopes beyond the OpenID Connect ones, one per line, e.g. orders:read." problem={submission.error?.problemOf('customScopes')}>
        {(control) => <textarea {...control} value={scopes} rows={4} onChange={(event) => setScopes(event.target.value)} />}
      </LabeledField>
      <CheckField
        label="Usergrid compatibility"
        help="When this is the app's default environment, POST /:org/:app/token signs its users in without a client credential."
        checked={usergridCompatibility}
        onChange={setUsergridCompatibility}
      />
    </FormDialog>
  );
}
