// The users file: a JSON array of {username, salt, hash, id, email?, attributes?, disabled?}, the
// password hashed with scrypt (RFC 7914) under a random 16-byte salt, both base64.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt);
const KEY_LENGTH = 64;
const COST = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** Longer passwords are refused unhashed: scrypt's cost must not be the caller's to choose. */
export const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(password, salt = randomBytes(16)) {
  const hash = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, COST);
  return { salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function passwordMatches(password, { salt, hash }) {
  const expected = Buffer.from(hash, 'base64');
  const presented = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64'), KEY_LENGTH, COST);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

/** Read on every request, so that users added or disabled take effect without a restart. */
export async function readUsers(file) {
  try {
    const users = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(users)) throw new Error(`${file} must hold a JSON array of users`);
    return users;
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw error;
  }
}

export async function writeUsers(file, users) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/** User names compare case-insensitively, after Unicode normalisation. */
export const sameUsername = (a, b) => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
