import { randomBytes, randomUUID } from 'node:crypto';
import { SEALED_PURPOSES } from '../purposes';
import { Vault, VaultOpenError } from '../vault';
import { openEnvelope, sealEnvelope, type Envelope } from './envelope';
import { parseTokens, serializeTokens, upstreamExpiry } from './vault-tokens';

const key = (keyId: string) => ({ keyId, key: randomBytes(32) });

/** Flips one bit of the binary part (after the last dot) of a `….<base64url>` value; a negative byte counts from the end. */
function flipped(value: string, byte = 0): string {
  const dot = value.lastIndexOf('.');
  const body = Buffer.from(value.slice(dot + 1), 'base64url');
  body[byte < 0 ? body.length + byte : byte] ^= 1;
  return `${value.slice(0, dot + 1)}${body.toString('base64url')}`;
}

describe('vault entry envelope', () => {
  const vault = new Vault(key('k1'));
  const tokens = { access_token: { value: 'upstream-at', expiresAt: new Date('2030-01-01T00:00:00Z') }, refresh_token: { value: 'upstream-rt' } };

  it('round-trips the tokens, sealing a fresh data key per entry under the current master key', () => {
    const id = randomUUID();
    const envelope = sealEnvelope(vault, id, serializeTokens(tokens));
    expect(envelope.masterKeyId).toBe('k1');
    expect(envelope.wrappedKey).toMatch(/^v1\.k1\./);
    expect(`${envelope.wrappedKey} ${envelope.ciphertext}`).not.toContain('upstream-');
    expect(parseTokens(openEnvelope(vault, id, envelope))).toEqual(tokens);

    const again = sealEnvelope(vault, id, serializeTokens(tokens));
    expect(again.ciphertext).not.toBe(envelope.ciphertext);
    expect(vault.open(again.wrappedKey, SEALED_PURPOSES.vaultEntryKey(id))).not.toEqual(vault.open(envelope.wrappedKey, SEALED_PURPOSES.vaultEntryKey(id)));
  });

  describe('refuses a damaged entry, or another entry’s', () => {
    const id = randomUUID();
    const envelope = sealEnvelope(vault, id, serializeTokens(tokens));
    const cases: Array<[string, string, Envelope]> = [
      ['a flipped byte in the ciphertext', id, { ...envelope, ciphertext: flipped(envelope.ciphertext) }],
      ['a flipped byte in the authentication tag', id, { ...envelope, ciphertext: flipped(envelope.ciphertext, -1) }],
      ['a flipped byte in the wrapped key', id, { ...envelope, wrappedKey: flipped(envelope.wrappedKey) }],
      ['the entry id swapped (associated data)', randomUUID(), envelope],
      ['another entry’s data key', id, { ...envelope, wrappedKey: sealEnvelope(vault, id, Buffer.from('x')).wrappedKey }],
      ['a truncated ciphertext', id, { ...envelope, ciphertext: envelope.ciphertext.split('.').slice(0, 2).join('.') }],
    ];
    it.each(cases)('%s', (_, entryId, damaged) => {
      expect(() => openEnvelope(vault, entryId, damaged)).toThrow(VaultOpenError);
      expect(() => openEnvelope(vault, id, envelope)).not.toThrow();
    });
  });

  it('keeps opening across a two-key rotation: the old key opens until the data key is rewrapped, then only the new one is needed', () => {
    const old = key('k1');
    const id = randomUUID();
    const envelope = sealEnvelope(new Vault(old), id, serializeTokens(tokens));
    const next = key('k2');
    const rotated = new Vault(next, [old]);
    expect(parseTokens(openEnvelope(rotated, id, envelope))).toEqual(tokens);

    const rewrapped = { ...envelope, wrappedKey: rotated.rewrap(envelope.wrappedKey, SEALED_PURPOSES.vaultEntryKey(id)) };
    expect(rewrapped.wrappedKey).toMatch(/^v1\.k2\./);
    const newOnly = new Vault(next);
    expect(parseTokens(openEnvelope(newOnly, id, rewrapped))).toEqual(tokens);
    expect(() => openEnvelope(newOnly, id, envelope)).toThrow(/master key "k1"/);
    expect(() => rotated.rewrap(envelope.wrappedKey, SEALED_PURPOSES.vaultEntryKey(randomUUID()))).toThrow(VaultOpenError);
  });

  it('records when the last token expires, or null when one never does', () => {
    const soon = new Date('2030-01-01T00:00:00Z');
    const later = new Date('2031-01-01T00:00:00Z');
    expect(upstreamExpiry({ a: { value: 'a', expiresAt: soon }, b: { value: 'b', expiresAt: later } })).toEqual(later);
    expect(upstreamExpiry(tokens)).toBeNull();
  });
});
