import type { ApiError } from '../../../api/errors';

/** What is wrong with a form: a sentence for the summary and a message per field. */
export interface Problems {
  readonly summary: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** `redirectUris[2]` and `config.baseDn` name the field `redirectUris` / `config`: problems are shown beside the whole input. */
const fieldOf = (name: string): string => name.replace(/[.[].*$/, '');

export function problemsOfError(error: ApiError): Problems {
  const fields: Record<string, string> = {};
  for (const problem of error.fields) fields[fieldOf(problem.field)] ??= problem.message;
  return { summary: error.shown, fields };
}

/** The console's own checks before sending; undefined when every field passes. */
export function localProblems(checks: Readonly<Record<string, string | undefined>>): Problems | undefined {
  const fields = Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return Object.keys(fields).length === 0 ? undefined : { summary: 'Fix the fields marked below.', fields };
}
