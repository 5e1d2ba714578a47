/** One invalid input: `field` is a path such as `name`, `principal.id` or `config.headerMappings[0].header`. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * What a lib refuses, with a stable catalogue `code` (docs/admin-api.md#errors) and the inputs at
 * fault. Libs never choose an HTTP status: the app that serves the request maps codes to answers,
 * so clients and tests branch on `code`, never on the message.
 */
export abstract class DomainError extends Error {
  /** The one input at fault, when there is one. */
  readonly field?: string;
  /** Every input at fault: the `field` with the message, or the list the error was given. */
  readonly fields: readonly FieldProblem[];

  protected constructor(
    readonly code: string,
    message: string,
    at: { field?: string; fields?: readonly FieldProblem[] } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.field = at.field;
    this.fields = at.fields ?? (at.field ? [{ field: at.field, message }] : []);
  }
}
