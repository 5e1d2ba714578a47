import { QueryFailedError } from 'typeorm';
import { TenancyError } from './tenancy.errors';

/** First path segments the gateway and the admin API (`console`: the admin console) own: never valid organization names. */
export const RESERVED_NAMES = new Set([
  'v1', 'v2', 'v3', 'oauth', 'saml', 'management', 'datalink', 'health', 'metrics', 'docs', 'login', 'static', 'console', '.well-known',
]);

/** Slugs (they appear in Usergrid URLs `/:org/:app/token`). */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function checkName(field: string, name: string, { organization = false } = {}): string {
  if (!NAME_PATTERN.test(name)) {
    throw new TenancyError('INVALID_NAME', `${field} must be 2-63 lower-case letters, digits or "-", starting with a letter or digit`, field);
  }
  if (organization && RESERVED_NAMES.has(name)) {
    throw new TenancyError('RESERVED_NAME', `${field} "${name}" is reserved by the gateway`, field);
  }
  return name;
}

/** Runs a write, turning a unique-constraint violation into NAME_TAKEN on `field`. */
export async function uniquelyNamed<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      throw new TenancyError('NAME_TAKEN', `${field} is already taken`, field);
    }
    throw error;
  }
}
