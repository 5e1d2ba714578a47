import type { ConfigField } from './types';

/**
 * What the form holds for one config key: text for text-like kinds (an integer as typed, a
 * `string[]` one value per line), a boolean for a checkbox, nested values for `object`, rows for
 * `object[]`. Secrets start empty: the API never answers them.
 */
export type FieldValue = string | boolean | FieldValues | readonly FieldValues[];
export interface FieldValues {
  readonly [key: string]: FieldValue;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The form's values for `fields` from `source` (a stored config, or nothing), each absent key at its default. */
export function valuesOf(fields: readonly ConfigField[], source?: Readonly<Record<string, unknown>>): FieldValues {
  return Object.fromEntries(fields.map((field) => [field.key, valueOf(field, source?.[field.key] ?? field.default)]));
}

function valueOf(field: ConfigField, given: unknown): FieldValue {
  if (field.secret) return '';
  switch (field.kind) {
    case 'boolean':
      return given === true;
    case 'string[]':
      return Array.isArray(given) ? given.map(String).join('\n') : '';
    case 'integer':
      return typeof given === 'number' ? String(given) : '';
    case 'object':
      return valuesOf(field.fields ?? [], isRecord(given) ? given : undefined);
    case 'object[]':
      return Array.isArray(given) ? given.map((entry) => valuesOf(field.fields ?? [], isRecord(entry) ? entry : {})) : [];
    default:
      return typeof given === 'string' ? given : '';
  }
}

/** A fresh entry of an `object[]` field: its keys at their defaults. */
export const newRow = (field: ConfigField): FieldValues => valuesOf(field.fields ?? []);
