import { randomBytes } from 'node:crypto';
import { Vault, VaultOpenError } from './vault';

const key = (keyId: string) => ({ keyId, key: randomBytes(32) });

describe('Vault', () => {
  it('seals and opens, never showing the plaintext', () => {
    const vault = new Vault(key('k1'));
    const sealed = vault.seal('private key material', 'signing-key');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('private key material');
    expect(vault.open(sealed, 'signing-key').toString()).toBe('private key material');
    expect(vault.seal('same', 'p')).not.toBe(vault.seal('same', 'p'));
  });

  it('refuses a value sealed for another purpose, tampered with, or under an unknown key', () => {
    const vault = new Vault(key('k1'));
    const sealed = vault.seal('secret', 'signing-key');
    expect(() => vault.open(sealed, 'connector-secret')).toThrow(VaultOpenError);
    const [v, id, iv, body] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => vault.open([v, id, iv, flipped.toString('base64url')].join('.'), 'signing-key')).toThrow(VaultOpenError);
    expect(() => new Vault(key('k2')).open(sealed, 'signing-key')).toThrow(/master key "k1"/);
    expect(() => vault.open('garbage', 'signing-key')).toThrow(VaultOpenError);
  });

  it('opens values sealed under a previous master key after rotation', () => {
    const old = key('k1');
    const sealed = new Vault(old).seal('secret', 'p');
    const rotated = new Vault(key('k2'), [old]);
    expect(rotated.open(sealed, 'p').toString()).toBe('secret');
    expect(rotated.seal('new', 'p')).toMatch(/^v1\.k2\./);
  });

  it('rewraps a value under the current key for the same purpose only, and lists the keys it can open', () => {
    const old = key('k1');
    const next = key('k2');
    const sealed = new Vault(old).seal('secret', 'p');
    const rotated = new Vault(next, [old]);
    expect(rotated.keyIds.sort()).toEqual(['k1', 'k2']);
    const rewrapped = rotated.rewrap(sealed, 'p');
    expect(rewrapped).toMatch(/^v1\.k2\./);
    expect(new Vault(next).open(rewrapped, 'p').toString()).toBe('secret');
    expect(() => rotated.rewrap(sealed, 'other purpose')).toThrow(VaultOpenError);
  });
});
