/** What an edit form sends as its PATCH: only the fields whose value differs from the loaded one. */
export function changedFields<T extends object>(loaded: T, edited: T): Partial<T> {
  const before = loaded as Record<string, unknown>;
  return Object.fromEntries(Object.entries(edited).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]))) as Partial<T>;
}

export const nothingChanged = (changes: object): boolean => Object.keys(changes).length === 0;
