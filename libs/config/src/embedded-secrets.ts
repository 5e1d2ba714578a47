import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The secrets the embedded default generates once and keeps in DATA_DIR. */
export interface EmbeddedSecrets {
  vaultMasterKey: string;
  secretPepper: string;
}

export const EMBEDDED_SECRETS_FILE = 'secrets.json';

/**
 * Reads DATA_DIR/secrets.json, generating what is missing. The file is created owner-only (0600):
 * losing it makes the vault's contents unreadable, so it is written once and never rewritten
 * with different values.
 */
export function readOrCreateEmbeddedSecrets(dataDir: string): { secrets: EmbeddedSecrets; created: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, EMBEDDED_SECRETS_FILE);
  if (existsSync(path)) {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EmbeddedSecrets>;
    if (typeof parsed.vaultMasterKey !== 'string' || typeof parsed.secretPepper !== 'string') {
      throw new Error(`${path} is damaged: it must hold vaultMasterKey and secretPepper`);
    }
    return { secrets: { vaultMasterKey: parsed.vaultMasterKey, secretPepper: parsed.secretPepper }, created: false };
  }
  const secrets: EmbeddedSecrets = {
    vaultMasterKey: `local:${randomBytes(32).toString('base64')}`,
    secretPepper: randomBytes(32).toString('base64'),
  };
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { secrets, created: true };
}
