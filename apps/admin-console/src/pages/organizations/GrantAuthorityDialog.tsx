import { useState } from 'react';
import type { FieldProblem } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import type { AuthorityContext } from './authority-context';
import type { Authority, PrincipalType } from './types';

const PRINCIPAL_TYPES: readonly { value: PrincipalType; label: string }[] = [
  { value: 'admin', label: 'Admin' },
  { value: 'group', label: 'Group' },
  { value: 'organization-client', label: 'Organization client' },
];

/** Grants a role to an admin, a group or the organization client, on the organization, one of its apps or their environments. */
export function GrantAuthorityDialog({ context, targetKey, onGranted, onClose }: {
  context: AuthorityContext;
  targetKey: string;
  onGranted: (authority: Authority) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [principalType, setPrincipalType] = useState<PrincipalType>('admin');
  const [principalId, setPrincipalId] = useState('');
  const [role, setRole] = useState('');
  const [target, setTarget] = useState(targetKey);
  const chosenTarget = context.targets.find((candidate) => candidate.key === target) ?? context.targets[0];
  const principal = principalType === 'organization-client' ? context.organizationClientId : principalId.trim();
  const check = (): FieldProblem[] => [
    ...(principal ? [] : [{ field: 'principal.id', message: principalType === 'group' ? 'Choose a group.' : 'Choose an admin.' }]),
    ...(role ? [] : [{ field: 'role', message: 'Choose a role.' }]),
  ];
  const submission = useSubmit(
    () => api.post<Authority>('/v1/authorities', { principal: { type: principalType, id: principal }, role, target: { type: chosenTarget.type, id: chosenTarget.id } }),
    onGranted,
    check,
  );
  return (
    <FormDialog title="Grant a role" submission={submission} submitLabel="Grant" onClose={onClose}>
      <LabeledField label="Principal type" required problem={submission.error?.problemOf('principal.type')}>
        {(control) => (
          <select
            {...control}
            value={principalType}
            onChange={(event) => {
              setPrincipalType(event.target.value as PrincipalType);
              setPrincipalId('');
            }}
          >
            {PRINCIPAL_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      {principalType === 'admin' ? <AdminChoice context={context} value={principalId} onChange={setPrincipalId} problem={submission.error?.problemOf('principal.id')} /> : null}
      {principalType === 'group' ? (
        <LabeledField label="Group" required problem={submission.error?.problemOf('principal.id')}>
          {(control) => (
            <select {...control} value={principalId} onChange={(event) => setPrincipalId(event.target.value)}>
              <option value="">Choose a group</option>
              {context.groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          )}
        </LabeledField>
      ) : null}
      <LabeledField label="Role" required problem={submission.error?.problemOf('role')}>
        {(control) => (
          <select {...control} value={role} onChange={(event) => setRole(event.target.value)}>
            <option value="">Choose a role</option>
            {context.roles.map((candidate) => (
              <option key={candidate.id} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      <LabeledField label="Target" required problem={submission.error?.problemOf('target.id') ?? submission.error?.problemOf('target.type')}>
        {(control) => (
          <select {...control} value={chosenTarget.key} onChange={(event) => setTarget(event.target.value)}>
            {context.targets.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.label}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
    </FormDialog>
  );
}

/** A select of the admins when the caller may list them, else their id typed. */
function AdminChoice({ context, value, onChange, problem }: { context: AuthorityContext; value: string; onChange: (id: string) => void; problem: string | undefined }) {
  if (!context.admins) {
    return (
      <LabeledField label="Admin id" required problem={problem}>
        {(control) => <input {...control} value={value} autoComplete="off" onChange={(event) => onChange(event.target.value)} />}
      </LabeledField>
    );
  }
  return (
    <LabeledField label="Admin" required problem={problem}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose an admin</option>
          {context.admins?.map((admin) => (
            <option key={admin.id} value={admin.id}>
              {admin.username}
            </option>
          ))}
        </select>
      )}
    </LabeledField>
  );
}
