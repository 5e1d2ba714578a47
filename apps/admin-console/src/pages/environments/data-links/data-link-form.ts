import type { DataLink } from './types';

/** A data link's fields as the form holds them; the timeout as typed. */
export interface DataLinkForm {
  readonly name: string;
  readonly backendUrl: string;
  readonly authServiceId: string;
  readonly timeoutMs: string;
  readonly enabled: boolean;
}

/** The API's defaults (docs/admin-api.md#data-links). */
export const NEW_DATA_LINK: DataLinkForm = { name: '', backendUrl: '', authServiceId: '', timeoutMs: '10000', enabled: true };

export const formOf = (link: DataLink): DataLinkForm => ({
  name: link.name,
  backendUrl: link.backendUrl,
  authServiceId: link.authServiceId,
  timeoutMs: String(link.timeoutMs),
  enabled: link.enabled,
});

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

function backendUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter an absolute http or https URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Enter an http or https URL.';
  if (url.username || url.password) return 'The URL must not carry credentials.';
  if (value.includes('?') || value.includes('#')) return 'The URL must not carry a query or fragment.';
  return undefined;
}

/** The link rules simple enough to check before sending (the API checks them all). */
export function checkDataLink(form: DataLinkForm): Record<string, string | undefined> {
  const timeout = Number(form.timeoutMs);
  return {
    name: SLUG.test(form.name) ? undefined : '2–63 lower-case letters, digits or "-", starting with a letter or digit.',
    backendUrl: backendUrlProblem(form.backendUrl.trim()),
    authServiceId: form.authServiceId === '' ? 'Pick an auth service.' : undefined,
    timeoutMs: Number.isInteger(timeout) && timeout >= 100 && timeout <= 60_000 ? undefined : 'A whole number of milliseconds from 100 to 60000.',
  };
}

/** The body of POST /v1/environments/:id/data-links. */
export const dataLinkBody = (form: DataLinkForm) => ({
  name: form.name,
  backendUrl: form.backendUrl.trim(),
  authServiceId: form.authServiceId,
  timeoutMs: Number(form.timeoutMs),
  enabled: form.enabled,
});

/** The body of PATCH /v1/data-links/:id: only the fields that changed. */
export function changedFields(before: DataLinkForm, after: DataLinkForm): Partial<ReturnType<typeof dataLinkBody>> {
  const old = dataLinkBody(before);
  const next = dataLinkBody(after);
  const keys = (Object.keys(next) as Array<keyof typeof next>).filter((key) => old[key] !== next[key]);
  return Object.fromEntries(keys.map((key) => [key, next[key]]));
}
