import { useState } from 'react';
import { useApi } from '../../../app/session-context';
import { FormDialog } from '../../../components/FormDialog';
import { LabeledField } from '../../../components/LabeledField';
import { fieldProblems, useSubmit } from '../../../components/use-submit';
import type { GrantView } from '../types';
import { changedFields, editsOf, type GrantEdits } from './grant-changes';
import { grantName } from './GrantsTable';
import { OpenDriverCheckbox } from './OpenDriverCheckbox';

/** "Edit grant …": title, description and open driver authentication, sent as a PATCH of the fields changed. */
export function EditGrantDialog({ grant, guard, onSaved, onClose }: {
  grant: GrantView;
  /** Wraps the PATCH, to learn of a refusal (403) that should disable "Edit". */
  guard: <T>(send: () => Promise<T>) => () => Promise<T>;
  onSaved: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [edits, setEdits] = useState<GrantEdits>(() => editsOf(grant));
  const set = <K extends keyof GrantEdits>(key: K, value: GrantEdits[K]) => setEdits((previous) => ({ ...previous, [key]: value }));
  const submission = useSubmit(
    guard(async () => {
      const body = changedFields(grant, edits);
      if (Object.keys(body).length > 0) await api.patch<GrantView>(`/v1/authentication-grants/${grant.id}`, body);
    }),
    onSaved,
    () =>
      fieldProblems({
        title: edits.title.trim().length > 200 ? 'At most 200 characters.' : undefined,
        description: edits.description.trim().length > 2000 ? 'At most 2000 characters.' : undefined,
      }),
  );
  const problemOf = (field: string) => submission.error?.problemOf(field);
  return (
    <FormDialog title={`Edit grant ${grantName(grant)}`} submission={submission} submitLabel="Save" onClose={onClose}>
      <LabeledField label="Title" problem={problemOf('title')} help="Empty leaves the grant untitled.">
        {(control) => <input {...control} maxLength={200} value={edits.title} onChange={(event) => set('title', event.target.value)} />}
      </LabeledField>
      <LabeledField label="Description" problem={problemOf('description')}>
        {(control) => <textarea {...control} rows={3} maxLength={2000} value={edits.description} onChange={(event) => set('description', event.target.value)} />}
      </LabeledField>
      <OpenDriverCheckbox
        checked={edits.allowOpenDriverAuthentication}
        problem={problemOf('allowOpenDriverAuthentication')}
        onChange={(checked) => set('allowOpenDriverAuthentication', checked)}
      />
    </FormDialog>
  );
}
