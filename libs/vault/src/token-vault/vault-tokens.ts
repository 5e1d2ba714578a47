/** One upstream token: its value (never logged) and, when the upstream said, when it expires. */
export interface VaultToken {
  readonly value: string;
  readonly expiresAt?: Date;
}

/** A login's upstream tokens by name (`access_token`, `refresh_token`, `id_token`, …). */
export type VaultTokens = Readonly<Record<string, VaultToken>>;

type StoredTokens = Record<string, { value: string; expiresAt?: string }>;

export function serializeTokens(tokens: VaultTokens): Buffer {
  const stored: StoredTokens = {};
  for (const [name, token] of Object.entries(tokens)) {
    stored[name] = token.expiresAt ? { value: token.value, expiresAt: token.expiresAt.toISOString() } : { value: token.value };
  }
  return Buffer.from(JSON.stringify(stored), 'utf8');
}

export function parseTokens(plaintext: Buffer): VaultTokens {
  const stored = JSON.parse(plaintext.toString('utf8')) as StoredTokens;
  const tokens: Record<string, VaultToken> = {};
  for (const [name, token] of Object.entries(stored)) {
    tokens[name] = token.expiresAt ? { value: token.value, expiresAt: new Date(token.expiresAt) } : { value: token.value };
  }
  return tokens;
}

/**
 * When the entry stops holding anything usable: the latest expiry of its tokens, or null when one
 * of them never expires (the entry then goes with its family only).
 */
export function upstreamExpiry(tokens: VaultTokens): Date | null {
  let latest: Date | null = null;
  for (const token of Object.values(tokens)) {
    if (!token.expiresAt) return null;
    if (!latest || token.expiresAt > latest) latest = token.expiresAt;
  }
  return latest;
}

/** When the first of the tokens expires (the access token, typically), or null when none does. */
export function earliestExpiry(tokens: VaultTokens): Date | null {
  let earliest: Date | null = null;
  for (const token of Object.values(tokens)) {
    if (token.expiresAt && (!earliest || token.expiresAt < earliest)) earliest = token.expiresAt;
  }
  return earliest;
}
