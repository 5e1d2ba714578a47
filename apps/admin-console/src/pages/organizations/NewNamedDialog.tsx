import { useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { LabeledField } from '../../components/LabeledField';
import { useSubmit } from '../../components/use-submit';
import { displayNameProblems, nameProblems } from './name-rule';

/** What "New organization" and "New app" send: the name, and the display name when one was typed. */
export interface NamedBody {
  readonly name: string;
  readonly displayName?: string;
}

/** A dialog creating something with a name (the API's slug rule) and an optional display name. */
export function NewNamedDialog<T>({ title, nameHelp, create, onCreated, onClose }: {
  title: string;
  nameHelp: string;
  create: (body: NamedBody) => Promise<T>;
  onCreated: (created: T) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const submission = useSubmit(
    () => create({ name, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }),
    onCreated,
    () => [...nameProblems(name), ...displayNameProblems(displayName.trim())],
  );
  return (
    <FormDialog title={title} submission={submission} onClose={onClose}>
      <LabeledField label="Name" required help={nameHelp} problem={submission.error?.problemOf('name')}>
        {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
      </LabeledField>
      <LabeledField label="Display name" problem={submission.error?.problemOf('displayName')}>
        {(control) => <input {...control} value={displayName} autoComplete="off" onChange={(event) => setDisplayName(event.target.value)} />}
      </LabeledField>
    </FormDialog>
  );
}
