import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Generated high-entropy secrets (client, app, organization and grant secrets) are stored as
 * HMAC-SHA256 keyed with SECRET_PEPPER: with 256 random bits a slow hash adds nothing but cost
 * (argon2 here would cap client_credentials at a few hundred per second), and the pepper keeps a
 * stolen table useless. Passwords, chosen by people, use argon2id instead.
 */
export class SecretHasher {
  constructor(private readonly pepper: Buffer) {
    if (pepper.length < 32) throw new Error('SECRET_PEPPER must be at least 32 bytes');
  }

  /** A new secret: 32 random bytes, base64url (43 characters, no dots). */
  static generate(): string {
    return randomBytes(32).toString('base64url');
  }

  hash(secret: string): string {
    return createHmac('sha256', this.pepper).update(secret, 'utf8').digest('hex');
  }

  /** Constant-time comparison of the presented secret's HMAC with the stored one. */
  verify(secret: string, storedHash: string | null | undefined): boolean {
    const presented = Buffer.from(this.hash(secret), 'hex');
    const stored = Buffer.from(storedHash ?? '', 'hex');
    // Compare against something of the right length anyway, so a missing hash costs the same.
    const comparable = stored.length === presented.length ? stored : Buffer.alloc(presented.length);
    return timingSafeEqual(presented, comparable) && stored.length === presented.length;
  }
}
