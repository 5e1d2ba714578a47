import type { FieldProblem } from '../../api/errors';

/** The admin API's slug rule for organization, app, environment and group names (docs/admin-api.md#errors, INVALID_NAME). */
const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function nameProblems(name: string, field = 'name'): FieldProblem[] {
  if (name.length === 0) return [{ field, message: 'Name is required.' }];
  if (!NAME.test(name)) return [{ field, message: 'Use 2–63 lower-case letters, digits or "-", starting with a letter or digit.' }];
  return [];
}
