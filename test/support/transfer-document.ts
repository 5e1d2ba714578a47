type Json = Record<string, any>;

/** The lists of an export document whose objects carry a `ref` (docs/admin-api.md#transfer). */
const KINDS = ['apps', 'environments', 'authServices', 'clients', 'groups', 'dataLinks', 'appSignatures'] as const;

/**
 * An export document with source ids, export time and source left out, so that two installations'
 * documents compare: refs become the kind and position of what they name.
 */
export function comparable(document: Json): Json {
  const names = new Map<string, string>();
  for (const kind of KINDS) {
    (document[kind] ?? []).forEach((object: Json, index: number) => names.set(object.ref, `${kind}[${index}]`));
  }
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return names.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replace(child)]));
    return value;
  };
  const { exportedAt: _exportedAt, source: _source, ...rest } = document;
  return replace(rest) as Json;
}
