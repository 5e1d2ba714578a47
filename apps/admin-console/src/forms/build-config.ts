import type { FieldProblem } from '../api/errors';
import type { FieldValue, FieldValues } from './form-values';
import type { ConfigField } from './types';

/** A config built from the form: keys left empty are absent; `problems` are what the console checks before sending. */
export interface BuiltConfig {
  readonly config: Record<string, unknown>;
  readonly problems: readonly FieldProblem[];
}

export interface BuildOptions {
  /** On create a required secret must be given; on edit an empty one keeps the stored value. */
  readonly secretsRequired: boolean;
}

interface Built {
  readonly value?: unknown;
  readonly problems: readonly FieldProblem[];
}

// Problems are named as the API names them (`config.baseDn`, `config.headerMappings[0].header`),
// so the console's checks and the API's answers are placed on the fields alike.
const problem = (path: string, message: string): FieldProblem => ({ field: path, message: `${path} ${message}` });

/** The config `values` stand for, checked against the simple rules the API also applies (required, URLs, ranges, list sizes). */
export function buildConfig(fields: readonly ConfigField[], values: FieldValues, options: BuildOptions, path = 'config'): BuiltConfig {
  const config: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const built = buildField(field, values[field.key], `${path}.${field.key}`, options);
    if (built.value !== undefined) config[field.key] = built.value;
    problems.push(...built.problems);
  }
  return { config, problems };
}

/** One key's value, or undefined when it is left empty. */
export function buildField(field: ConfigField, raw: FieldValue | undefined, path: string, options: BuildOptions): Built {
  switch (field.kind) {
    case 'boolean':
      return { value: raw === true, problems: [] };
    case 'string[]':
      return listOf(field, typeof raw === 'string' ? raw.split('\n').map((line) => line.trim()).filter((line) => line !== '') : [], path);
    case 'object': {
      const nested = buildConfig(field.fields ?? [], isValues(raw) ? raw : {}, options, path);
      const empty = Object.keys(nested.config).length === 0 && !field.required;
      return empty ? { problems: [] } : { value: nested.config, problems: nested.problems };
    }
    case 'object[]': {
      const rows = Array.isArray(raw) ? (raw as readonly FieldValues[]) : [];
      const built = rows.map((row, index) => buildConfig(field.fields ?? [], row, options, `${path}[${index}]`));
      const listed = listOf(field, built.map((entry) => entry.config), path);
      return { value: listed.value, problems: [...built.flatMap((entry) => entry.problems), ...listed.problems] };
    }
    default:
      return textOf(field, typeof raw === 'string' ? raw : '', path, options);
  }
}

function textOf(field: ConfigField, raw: string, path: string, options: BuildOptions): Built {
  const text = field.kind === 'pem' ? raw : raw.trim();
  if (text.trim() === '') {
    const mustGive = field.required && (!field.secret || options.secretsRequired);
    return { problems: mustGive ? [problem(path, 'is required')] : [] };
  }
  if (field.kind === 'integer') return integerOf(field, text, path);
  if (field.kind === 'url' && !URL.canParse(text)) return { value: text, problems: [problem(path, 'must be an absolute URL')] };
  return { value: text, problems: [] };
}

function integerOf(field: ConfigField, text: string, path: string): Built {
  const [min, max] = field.range ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  const value = Number(text);
  const fine = /^-?\d+$/.test(text) && value >= min && value <= max;
  return fine ? { value, problems: [] } : { value: text, problems: [problem(path, `must be an integer from ${min} to ${max}`)] };
}

/** A required list may be empty (the API asks only that it is given); an optional empty one is left out. */
function listOf(field: ConfigField, entries: readonly unknown[], path: string): Built {
  if (entries.length === 0) return field.required ? { value: [], problems: [] } : { problems: [] };
  const tooMany = field.maxItems !== undefined && entries.length > field.maxItems;
  return { value: entries, problems: tooMany ? [problem(path, `must have at most ${field.maxItems} entries`)] : [] };
}

const isValues = (value: FieldValue | undefined): value is FieldValues => typeof value === 'object' && value !== null && !Array.isArray(value);
