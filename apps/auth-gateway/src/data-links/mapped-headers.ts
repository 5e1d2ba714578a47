import type { VaultTokens } from '@rapidauth/vault';
import { isReservedHeader } from './forwarded-headers';

/** One `headerMappings` entry of the link's auth service. */
export interface HeaderMapping {
  readonly attribute: string;
  readonly header: string;
}

/** Where mapped values come from: the login's upstream tokens (vault) and its identity's profile. */
export interface AttributeSources {
  readonly tokens: VaultTokens | undefined;
  readonly profile: Readonly<Record<string, unknown>>;
}

/**
 * The service's mappings as stored (validated when saved, read defensively here): entries that
 * are not `{attribute, header}` strings, or that name a header framing the message, are skipped
 * rather than sent.
 */
export function usableMappings(stored: unknown): HeaderMapping[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (entry): entry is HeaderMapping =>
      typeof entry === 'object' && entry !== null &&
      typeof entry.attribute === 'string' && typeof entry.header === 'string' && /^[A-Za-z0-9-]+$/.test(entry.header) &&
      !isReservedHeader(entry.header),
  );
}

/**
 * An attribute's value: the upstream token of that name first (what the login's connector put in
 * the vault, e.g. `client_token`, `access_token`), else the identity's profile attribute of that
 * name (only the service's allowed attributes are kept there). Undefined when neither has it.
 */
export function attributeValue(attribute: string, sources: AttributeSources): unknown {
  const token = sources.tokens && Object.hasOwn(sources.tokens, attribute) ? sources.tokens[attribute] : undefined;
  if (token) return token.value;
  return Object.hasOwn(sources.profile, attribute) ? sources.profile[attribute] : undefined;
}

/** Base64 of the UTF-8 string, or of the JSON of any other value (docs/gateway.md#data-links). */
export function headerValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The headers the mappings set (lower-case names); an attribute the login lacks sets nothing. */
export function mappedHeaders(mappings: readonly HeaderMapping[], sources: AttributeSources): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const mapping of mappings) {
    const value = attributeValue(mapping.attribute, sources);
    if (value !== undefined && value !== null) headers[mapping.header.toLowerCase()] = headerValue(value);
  }
  return headers;
}
