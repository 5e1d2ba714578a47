import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SEALED_PURPOSES } from '../purposes';
import { Vault, VaultOpenError } from '../vault';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An entry as stored: the data key sealed by the master key, and the plaintext sealed by the data key. */
export interface Envelope {
  readonly masterKeyId: string;
  readonly wrappedKey: string;
  readonly ciphertext: string;
}

/**
 * Envelope encryption of one vault entry: a fresh random 32-byte data key encrypts the plaintext
 * with AES-256-GCM (random 96-bit IV, the entry id as associated data, so an entry's ciphertext
 * does not open under another entry's id), and the master key seals the data key with the entry
 * id in its purpose. Rotating the master key rewraps the data key only; the ciphertext stays.
 */
export function sealEnvelope(vault: Vault, entryId: string, plaintext: Buffer): Envelope {
  const dataKey = randomBytes(32);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(Buffer.from(entryId));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      masterKeyId: vault.currentKeyId,
      wrappedKey: vault.seal(dataKey, SEALED_PURPOSES.vaultEntryKey(entryId)),
      ciphertext: [FORMAT, iv.toString('base64url'), body.toString('base64url')].join('.'),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The plaintext of an entry; VaultOpenError when either layer is damaged or belongs to another entry. */
export function openEnvelope(vault: Vault, entryId: string, envelope: Pick<Envelope, 'wrappedKey' | 'ciphertext'>): Buffer {
  const [format, ivText, bodyText, ...rest] = envelope.ciphertext.split('.');
  if (format !== FORMAT || !ivText || !bodyText || rest.length > 0) throw new VaultOpenError('malformed vault entry');
  const body = Buffer.from(bodyText, 'base64url');
  if (body.length < TAG_BYTES) throw new VaultOpenError('malformed vault entry');
  const dataKey = vault.open(envelope.wrappedKey, SEALED_PURPOSES.vaultEntryKey(entryId));
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(ivText, 'base64url'));
    decipher.setAAD(Buffer.from(entryId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new VaultOpenError('vault entry failed authentication');
  } finally {
    dataKey.fill(0);
  }
}
