import { createContext, useContext } from 'react';
import { fieldIds } from '../components/field-notes';

/** What every input of one form shares: its element ids and the problems placed on it, by API path. */
export interface FormPaths {
  idOf(path: string): string;
  problemOf(path: string): string | undefined;
}

export const FormPathsContext = createContext<FormPaths>({ idOf: (path) => path, problemOf: () => undefined });

export const useFormPaths = (): FormPaths => useContext(FormPathsContext);

/** The ids of an input and of the texts that describe it, as LabeledField names them. */
export function describedBy(paths: FormPaths, path: string) {
  const id = paths.idOf(path);
  const problem = paths.problemOf(path);
  const { helpId, problemId } = fieldIds(id);
  return {
    id,
    helpId,
    problemId,
    problem,
    inputProps: {
      id,
      'aria-describedby': problem ? `${helpId} ${problemId}` : helpId,
      'aria-invalid': problem !== undefined,
    },
  };
}
