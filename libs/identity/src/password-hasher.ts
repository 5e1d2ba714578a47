import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's parameters (19 MiB, t=2, p=1), written out so a library default change
 * cannot silently weaken them. Hashes are PHC strings carrying their own parameters.
 */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string | Buffer): Promise<string> {
  return hash(password, OPTIONS);
}

/** Constant-time inside argon2; false (never an exception) for a malformed stored hash. */
export async function verifyPassword(storedHash: string, password: string | Buffer): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends one verification against a throwaway hash and answers false: for unknown users, so
 * they cost the same time as a wrong password and nobody learns who exists.
 */
export async function verifyAgainstNobody(password: string | Buffer): Promise<false> {
  dummyHash ??= hashPassword('timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
