import type { FieldProblem } from '../../../api/errors';
import { linesOf } from '../../../components/input-rules';
import type { IdentityMethods } from './identity-methods';
import { METHOD_FIELDS, type MethodField } from './method-fields';

/** The form's values by dotted path: checkboxes as booleans, everything else as typed. */
export type MethodsForm = Readonly<Record<string, string | boolean>>;

type Json = string | number | boolean | null | readonly string[];

/** The form's "Remove the stored secret" checkbox: not a setting, it turns the secret into null. */
export const REMOVE_SECRET = 'customToken.secret/remove';

const read = (settings: IdentityMethods, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], settings);

/** The form over an answer; the secret is never in it (the answer has only `secretSet`). */
export function formOf(settings: IdentityMethods): MethodsForm {
  const entries = METHOD_FIELDS.map((field): [string, string | boolean] => {
    const value = read(settings, field.path);
    if (field.kind === 'boolean') return [field.path, value === true];
    if (field.kind === 'secret') return [field.path, ''];
    if (field.kind === 'lines') return [field.path, ((value as readonly string[] | undefined) ?? []).join('\n')];
    return [field.path, value === null || value === undefined ? '' : String(value)];
  });
  return Object.fromEntries([...entries, [REMOVE_SECRET, false]]);
}

/** What a field's input means to the API: a cleared number or text is null, the setting's default again. */
function valueOf(field: MethodField, raw: string | boolean): Json {
  if (typeof raw === 'boolean') return raw;
  switch (field.kind) {
    case 'integer':
      return raw.trim() === '' ? null : Number(raw.trim());
    case 'lines':
      return linesOf(raw);
    case 'choice':
      return raw;
    default:
      return raw.trim() === '' ? null : raw;
  }
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

function put(target: Record<string, unknown>, path: string, value: Json): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((node, key) => {
    node[key] ??= {};
    return node[key] as Record<string, unknown>;
  }, target);
  parent[keys[keys.length - 1]] = value;
}

/**
 * The RFC 7396 merge patch from `before` to `after`: only the members that changed, nested as the
 * settings are. A secret is sent only when one was typed (empty keeps the stored one), null when
 * the stored one is to be removed.
 */
export function methodsPatch(before: MethodsForm, after: MethodsForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of METHOD_FIELDS) {
    const next = valueOf(field, after[field.path]);
    if (field.kind === 'secret') {
      if (next !== null) put(patch, field.path, next);
      else if (after[REMOVE_SECRET] === true) put(patch, field.path, null);
    } else if (!same(valueOf(field, before[field.path]), next)) put(patch, field.path, next);
  }
  return patch;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const ENTRY_RULES = {
  // An origin is scheme, host and port only (RFC 6454 §6.1), as the API compares them.
  origin: { passes: isOrigin, problem: (line: string) => `"${line}" is not an origin: scheme, host and optional port, such as https://app.example.com.` },
  country: { passes: (line: string) => /^[A-Z]{2}$/.test(line), problem: (line: string) => `"${line}" is not a two-letter country code in capitals, such as FR.` },
};

function problemOf(field: MethodField, raw: string | boolean): string | undefined {
  if (typeof raw === 'boolean') return undefined;
  const value = raw.trim();
  switch (field.kind) {
    case 'integer': {
      if (value === '') return undefined;
      const number = Number(value);
      return /^-?\d+$/.test(value) && number >= field.min && number <= field.max ? undefined : `A whole number from ${field.min} to ${field.max}.`;
    }
    case 'lines': {
      const rule = ENTRY_RULES[field.entry];
      const wrong = linesOf(raw).find((line) => !rule.passes(line));
      return wrong === undefined ? undefined : rule.problem(wrong);
    }
    case 'secret':
      return raw === '' || (raw.length >= field.minLength && raw.length <= field.maxLength) ? undefined : `From ${field.minLength} to ${field.maxLength} characters.`;
    default:
      return undefined;
  }
}

/** The rules simple enough to check before sending, under the paths the API would name (it checks them all). */
export function checkMethods(form: MethodsForm): FieldProblem[] {
  return METHOD_FIELDS.flatMap((field) => {
    const message = problemOf(field, form[field.path]);
    return message === undefined ? [] : [{ field: field.path, message }];
  });
}
