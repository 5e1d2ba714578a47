import type { FieldProblem } from '../api/errors';
import { buildField } from './build-config';
import type { FieldValues } from './form-values';
import type { ConfigField, EditedService, UpdateServiceBody } from './types';

/** Key order does not matter to the API: compare values as sorted JSON. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The PATCH for an edited service: only the keys whose effective value changed (an empty key
 * means its default). A secret left empty keeps its stored value and is not sent; a `cleared`
 * key is sent as null, back to its default (docs/admin-api.md#auth-service-configuration).
 */
export function updateBody(
  fields: readonly ConfigField[],
  service: EditedService,
  edited: { readonly name: string; readonly description: string; readonly values: FieldValues; readonly cleared: ReadonlySet<string> },
): { readonly body: UpdateServiceBody; readonly problems: readonly FieldProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    if (edited.cleared.has(field.key)) {
      config[field.key] = null;
      continue;
    }
    const built = buildField(field, edited.values[field.key], `config.${field.key}`, { secretsRequired: false });
    problems.push(...built.problems);
    if (field.secret) {
      if (built.value !== undefined) config[field.key] = built.value;
      continue;
    }
    const before = service.config[field.key] ?? field.default;
    if (canonical(built.value ?? field.default) !== canonical(before)) config[field.key] = built.value ?? null;
  }
  const body: UpdateServiceBody = {};
  const name = edited.name.trim();
  if (name !== service.name) body.name = name;
  if (edited.description !== (service.description ?? '')) body.description = edited.description;
  if (Object.keys(config).length > 0) body.config = config;
  return { body, problems };
}
