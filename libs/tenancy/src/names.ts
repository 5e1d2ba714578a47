import { TenancyError } from './tenancy.errors';

/** First path segments the gateway owns (PRODUCT.md): never valid organization names. */
export const RESERVED_NAMES = new Set([
  'v1', 'v2', 'v3', 'oauth', 'saml', 'management', 'datalink', 'health', 'metrics', 'docs', 'login', 'static', '.well-known',
]);

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-case URL-safe names (organizations appear in `/:org/:app/token`). */
export function checkName(field: string, name: string, { organization = false } = {}): string {
  if (!NAME.test(name)) {
    throw new TenancyError('INVALID_NAME', `${field} must be 1-63 lower-case letters, digits or inner "-"`, field);
  }
  if (organization && RESERVED_NAMES.has(name)) {
    throw new TenancyError('RESERVED_NAME', `${field} "${name}" is reserved by the gateway`, field);
  }
  return name;
}
