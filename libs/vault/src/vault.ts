import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A master key and the id written beside everything it seals. */
export interface VaultKey {
  readonly keyId: string;
  readonly key: Buffer;
}

/** The sealed value is damaged, was sealed for another purpose, or under a key we do not have. */
export class VaultOpenError extends Error {
  readonly code = 'VAULT_OPEN_FAILED';
}

const FORMAT = 'v1';

/**
 * Seals secrets we must read back (signing keys, connector secrets) with AES-256-GCM under the
 * master key. Output: `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url). The `purpose` is bound as
 * associated data, so a value sealed as one thing cannot be opened as another. Keeping old keys
 * in `previous` lets values sealed before a master-key rotation still open.
 */
export class Vault {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: VaultKey,
    previous: readonly VaultKey[] = [],
  ) {
    if (current.key.length !== 32) throw new Error('vault master key must be 32 bytes');
    this.keys = new Map([...previous, current].map((k) => [k.keyId, k.key]));
  }

  get currentKeyId(): string {
    return this.current.keyId;
  }

  /** Every master key id this vault can open: the current one and the previous ones. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  seal(plaintext: Buffer | string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(`${FORMAT}.${this.current.keyId}.${purpose}`));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return [FORMAT, this.current.keyId, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, purpose: string): Buffer {
    const [format, keyId, ivText, bodyText, ...rest] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (format !== FORMAT || !ivText || !bodyText || rest.length > 0) throw new VaultOpenError('malformed sealed value');
    if (!key) throw new VaultOpenError(`sealed under master key "${keyId}", which is not configured`);
    const body = Buffer.from(bodyText, 'base64url');
    if (body.length < 16) throw new VaultOpenError('malformed sealed value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(`${format}.${keyId}.${purpose}`));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    } catch {
      throw new VaultOpenError('sealed value failed authentication');
    }
  }

  /** The same plaintext sealed again under the current master key (master-key rotation). */
  rewrap(sealed: string, purpose: string): string {
    const plaintext = this.open(sealed, purpose);
    try {
      return this.seal(plaintext, purpose);
    } finally {
      plaintext.fill(0);
    }
  }
}
