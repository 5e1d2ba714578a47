import type { ApiError } from '../../api/errors';
import { LabeledField } from '../../components/LabeledField';
import type { Organization } from '../organizations/types';
import type { AuditFilterValues } from './types';

const OUTCOMES = ['success', 'failure', 'denied'] as const;

/** The audit log's filters; each change applies at once. */
export function AuditFilters({ values, organizations, problems, onChange }: {
  values: AuditFilterValues;
  organizations: readonly Organization[];
  problems: ApiError | undefined;
  onChange: (values: AuditFilterValues) => void;
}) {
  const set = (key: keyof AuditFilterValues) => (event: { target: { value: string } }) => onChange({ ...values, [key]: event.target.value });
  return (
    <form className="audit-filters" role="search" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <LabeledField label="Organization" problem={problems?.problemOf('organizationId')}>
        {(control) => (
          <select {...control} value={values.organizationId} onChange={set('organizationId')}>
            <option value="">All (platform)</option>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      <LabeledField label="Action" problem={problems?.problemOf('action')}>
        {(control) => <input {...control} value={values.action} placeholder="client.create" autoComplete="off" onChange={set('action')} />}
      </LabeledField>
      <LabeledField label="Outcome" problem={problems?.problemOf('outcome')}>
        {(control) => (
          <select {...control} value={values.outcome} onChange={set('outcome')}>
            <option value="">Any</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </select>
        )}
      </LabeledField>
      <LabeledField label="From" problem={problems?.problemOf('from')}>
        {(control) => <input {...control} type="datetime-local" value={values.from} onChange={set('from')} />}
      </LabeledField>
      <LabeledField label="To" problem={problems?.problemOf('to')}>
        {(control) => <input {...control} type="datetime-local" value={values.to} onChange={set('to')} />}
      </LabeledField>
    </form>
  );
}
