import type { ReactNode } from 'react';

/** The ids of the texts describing the control `id`: `${id}-help`, `${id}-problem`. */
export const fieldIds = (id: string) => ({ helpId: `${id}-help`, problemId: `${id}-problem` });

const shown = (text: ReactNode) => text !== undefined && text !== null && text !== '';

/** What the control `id` is described by: its help and its problem, those present. */
export function describedByOf(id: string, help: ReactNode, problem: string | undefined): string | undefined {
  const { helpId, problemId } = fieldIds(id);
  return [shown(help) ? helpId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
}

/** The help and the problem under the control `id`, under the ids it is described by. */
export function FieldNotes({ id, help, problem }: { id: string; help?: ReactNode; problem?: string }) {
  const { helpId, problemId } = fieldIds(id);
  return (
    <>
      {shown(help) ? (
        <p id={helpId} className="help">
          {help}
        </p>
      ) : null}
      {problem ? (
        <p id={problemId} className="field-error">
          {problem}
        </p>
      ) : null}
    </>
  );
}
