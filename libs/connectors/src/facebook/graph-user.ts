import { MAX_PROVIDER_UID } from '../checked-identities';
import type { FacebookConfig } from './facebook.config';

/**
 * Fields of the Graph API User node a login may ask `/me` for. Graph answers a whole-request error
 * for a field the node does not have, so an allowed attribute that is not one of these (a vault
 * token name such as `client_token`, an attribute meant for another type) is never asked for.
 */
const USER_FIELDS = new Set([
  'id',
  'name',
  'first_name',
  'last_name',
  'middle_name',
  'short_name',
  'name_format',
  'email',
  'picture',
  'birthday',
  'gender',
  'link',
  'location',
  'hometown',
  'age_range',
  'languages',
  'token_for_business',
]);

/** The User fields each Facebook Login permission releases; a field not granted is left out of the answer, not refused. */
const PERMISSION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  public_profile: ['name', 'first_name', 'last_name', 'middle_name', 'short_name', 'name_format', 'picture'],
  email: ['email'],
  user_birthday: ['birthday'],
  user_gender: ['gender'],
  user_link: ['link'],
  user_location: ['location'],
  user_hometown: ['hometown'],
  user_age_range: ['age_range'],
};

type UserFieldsConfig = Pick<FacebookConfig, 'userIdAttribute' | 'uniqueUserContextField' | 'scope' | 'allowedAttributes'>;

/**
 * What `/me?fields=` asks for: `id`, the fields that may name the user, those the requested
 * permissions release, and the allowed attributes that are User fields; each once, in that order.
 */
export function graphFields(config: UserFieldsConfig): string[] {
  const permissions = (config.scope ?? '').split(' ').filter(Boolean);
  const wanted = [
    'id',
    config.userIdAttribute,
    config.uniqueUserContextField,
    ...permissions.flatMap((permission) => PERMISSION_FIELDS[permission] ?? []),
    ...(config.allowedAttributes ?? []).filter((attribute) => USER_FIELDS.has(attribute)),
  ];
  return [...new Set(wanted.filter((field): field is string => typeof field === 'string' && field.length > 0))];
}

/** A Graph API URL under the configured versioned base (`graphApiUrl`), whatever trailing slash it was given. */
export function graphUrl(graphApiUrl: string, path: string): string {
  return `${graphApiUrl.replace(/\/+$/, '')}${path}`;
}

/** `/me` asking for `fields`. */
export function meUrl(graphApiUrl: string, fields: readonly string[]): string {
  const url = new URL(graphUrl(graphApiUrl, '/me'));
  url.searchParams.set('fields', fields.join(','));
  return url.toString();
}

/**
 * The user's id at Facebook as the service names it: the `userIdAttribute` field of `/me`, else
 * (that field missing or unusable) the `uniqueUserContextField` one. A string or number of 1–255
 * characters; undefined when neither is, which refuses the login.
 */
export function providerUidOf(me: Readonly<Record<string, unknown>>, config: Pick<FacebookConfig, 'userIdAttribute' | 'uniqueUserContextField'>): string | undefined {
  for (const field of [config.userIdAttribute, config.uniqueUserContextField]) {
    if (!field) continue;
    const value = me[field];
    const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
    if (text && text.length <= MAX_PROVIDER_UID) return text;
  }
  return undefined;
}
