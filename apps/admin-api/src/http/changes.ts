/**
 * The fields a PATCH body actually set. DTO classes define every declared property (ES2022 class
 * fields), so absent ones arrive as `undefined` and must not overwrite stored values.
 */
export function changes<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
