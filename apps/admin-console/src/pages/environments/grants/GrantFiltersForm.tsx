import { useState } from 'react';
import { LabeledField } from '../../../components/LabeledField';
import { isUuid } from '../../../components/input-rules';
import { NO_FILTERS, type GrantFilters } from './grant-query';

/** "Enabled", "Client", "Principal", "Title": applied together with "Apply filters". */
export function GrantFiltersForm({ onApply }: { onApply: (filters: GrantFilters) => void }) {
  const [draft, setDraft] = useState<GrantFilters>(NO_FILTERS);
  const [principalProblem, setPrincipalProblem] = useState<string>();
  const set = <K extends keyof GrantFilters>(key: K, value: GrantFilters[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const apply = (filters: GrantFilters) => {
    const principal = filters.principalId.trim();
    const problem = principal !== '' && !isUuid(principal) ? 'A principal is a user id (a UUID).' : undefined;
    setPrincipalProblem(problem);
    if (!problem) onApply(filters);
  };
  return (
    <form
      role="search"
      aria-label="Filter grants"
      className="inline"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        apply(draft);
      }}
    >
      <LabeledField label="Enabled">
        {(control) => (
          <select {...control} value={draft.enabled} onChange={(event) => set('enabled', event.target.value as GrantFilters['enabled'])}>
            <option value="">Any</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </select>
        )}
      </LabeledField>
      <LabeledField label="Client">
        {(control) => <input {...control} maxLength={200} value={draft.clientId} onChange={(event) => set('clientId', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Principal" problem={principalProblem}>
        {(control) => <input {...control} placeholder="User id" value={draft.principalId} onChange={(event) => set('principalId', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Title">
        {(control) => <input {...control} maxLength={200} value={draft.title} onChange={(event) => set('title', event.target.value)} />}
      </LabeledField>
      <button type="submit">Apply filters</button>
      <button
        type="button"
        onClick={() => {
          setDraft(NO_FILTERS);
          apply(NO_FILTERS);
        }}
      >
        Clear filters
      </button>
    </form>
  );
}
