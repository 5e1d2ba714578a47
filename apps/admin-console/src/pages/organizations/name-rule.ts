import type { FieldProblem } from '../../api/errors';

/** The admin API's slug rule for organization, app, environment and group names (docs/admin-api.md#errors, INVALID_NAME). */
const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
const MAX_DISPLAY_NAME = 200;

export function nameProblems(name: string, field = 'name'): FieldProblem[] {
  if (name.length === 0) return [{ field, message: 'Name is required.' }];
  if (!NAME.test(name)) return [{ field, message: 'Use 2–63 lower-case letters, digits or "-", starting with a letter or digit.' }];
  return [];
}

/** A display name: optional when creating, 1–200 characters when sent. */
export function displayNameProblems(displayName: string, { required = false } = {}): FieldProblem[] {
  if (displayName.length === 0) return required ? [{ field: 'displayName', message: 'Display name is required.' }] : [];
  if (displayName.length > MAX_DISPLAY_NAME) return [{ field: 'displayName', message: `Use at most ${MAX_DISPLAY_NAME} characters.` }];
  return [];
}
