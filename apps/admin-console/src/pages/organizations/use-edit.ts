import type { FieldProblem } from '../../api/errors';
import { useSubmit } from '../../components/use-submit';
import { changedFields, nothingChanged } from './changed-fields';

/**
 * Saves an edit form as a PATCH of the changed fields only; with nothing changed no call is made and
 * `onSaved` gets undefined.
 */
export function useEdit<B extends object, T>(loaded: B, edited: B, save: (changes: Partial<B>) => Promise<T>, onSaved: (saved: T | undefined) => void, check: () => readonly FieldProblem[]) {
  return useSubmit(
    async () => {
      const changes = changedFields(loaded, edited);
      return nothingChanged(changes) ? undefined : save(changes);
    },
    onSaved,
    check,
  );
}
