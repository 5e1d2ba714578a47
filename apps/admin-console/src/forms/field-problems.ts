import type { FieldProblem } from '../api/errors';
import type { FieldValues } from './form-values';
import type { ConfigField } from './types';

/** A rendered input: the path the API names it by (`config.loginPage.url`, `config.headerMappings[0].header`) and its label. */
export interface InputPath {
  readonly path: string;
  readonly label: string;
}

/** Every input the form renders for `fields`, rows of `object[]` fields included, in form order. */
export function inputPaths(fields: readonly ConfigField[], values: FieldValues, prefix = 'config'): InputPath[] {
  return fields.flatMap((field) => {
    const path = `${prefix}.${field.key}`;
    const value = values[field.key];
    if (field.kind === 'object') return inputPaths(field.fields ?? [], (value ?? {}) as FieldValues, path);
    if (field.kind === 'object[]') {
      const rows = Array.isArray(value) ? (value as readonly FieldValues[]) : [];
      return [{ path, label: field.label }, ...rows.flatMap((row, index) => inputPaths(field.fields ?? [], row, `${path}[${index}]`))];
    }
    return [{ path, label: field.label }];
  });
}

export interface PlacedProblems {
  /** Messages under each input, by path. */
  readonly byPath: ReadonlyMap<string, string>;
  /** Every problem as a sentence naming its field by label, for the summary. */
  readonly summary: readonly string[];
}

/**
 * Places each problem on the input it is about: its own path, else the nearest enclosing one
 * (`config.redirectUris[2]` is a line of the Redirect URIs textarea, `config.loginPage` its fieldset's first input).
 */
export function placeProblems(problems: readonly FieldProblem[], inputs: readonly InputPath[]): PlacedProblems {
  const byPath = new Map<string, string>();
  const summary = problems.map((problem) => {
    const input = inputOf(problem.field, inputs);
    const sentence = input ? sentenceOf(problem, input) : problem.message;
    if (input) byPath.set(input.path, byPath.has(input.path) ? `${byPath.get(input.path)} ${sentence}` : sentence);
    return sentence;
  });
  return { byPath, summary };
}

function inputOf(field: string, inputs: readonly InputPath[]): InputPath | undefined {
  for (let path = field; path !== 'config'; ) {
    const input = inputs.find((candidate) => candidate.path === path) ?? inputs.find((candidate) => candidate.path.startsWith(`${path}.`) || candidate.path.startsWith(`${path}[`));
    if (input) return input;
    const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === path) return undefined;
    path = parent;
  }
  return undefined;
}

/** "config.redirectUris[2] must be …" → "Redirect URIs, line 3: must be …" */
function sentenceOf(problem: FieldProblem, input: InputPath): string {
  const entry = /^\[(\d+)\]/.exec(problem.field.slice(input.path.length));
  const name = entry ? `${input.label}, line ${Number(entry[1]) + 1}` : input.label;
  return problem.message.startsWith(`${problem.field} `) ? `${name} ${problem.message.slice(problem.field.length + 1)}` : `${name}: ${problem.message}`;
}
