import { DomainError } from '@rapidauth/errors';

/** The admin API's own refusals (docs/admin-api.md#errors); not-found cases are NotFoundError. */
export type AdminErrorCode = 'NAME_TAKEN' | 'NOT_EMPTY' | 'LAST_OWNER' | 'IMPORT_CONFLICT' | 'UNSUPPORTED_EXPORT_VERSION';

/** A change the admin API refuses as it stands; `field` names the offending input. */
export class AdminError extends DomainError {
  declare readonly code: AdminErrorCode;

  constructor(code: AdminErrorCode, message: string, field?: string) {
    super(code, message, { field });
  }
}

/** The change would leave no enabled admin owning the platform, and bootstrap only runs on an empty table. */
export class LastOwnerError extends AdminError {
  constructor() {
    super('LAST_OWNER', 'this would leave the platform without an owner: make another admin owner first');
  }
}

/** One reason an import cannot be carried out as asked: `path` names the document (or body) field. */
export interface ImportConflict {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** An import that would collide with what the installation holds; nothing was written. */
export class ImportConflictError extends AdminError {
  constructor(readonly conflicts: readonly ImportConflict[]) {
    super('IMPORT_CONFLICT', 'the import conflicts with this installation: see `conflicts`');
  }
}
