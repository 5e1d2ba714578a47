import type { FieldProblem } from '@rapidauth/errors';
import { IdentityError } from '../identity.errors';

/** A settings change refused: every field at fault at once (`customToken.secret`, `otp.length`, …), nothing changed. */
export class InvalidProviderSettingsError extends IdentityError {
  override readonly fields: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    const message = problems.length === 1 ? `${problems[0].field}: ${problems[0].message}` : 'the identity-method settings are invalid';
    super('INVALID_PROVIDER_SETTINGS', message, { field: problems.length === 1 ? problems[0].field : undefined });
    this.fields = problems;
  }
}
