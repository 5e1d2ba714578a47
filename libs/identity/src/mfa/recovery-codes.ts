import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SecretHasher } from '@rapidauth/vault';
import { DataSource, type EntityManager } from 'typeorm';
import { IdentityError } from '../identity.errors';
import { RecoveryCodeRepository } from './recovery-code.repository';

export const RECOVERY_CODE_COUNT = 10;

/** Crockford's base32 in lower case: no i, l, o or u to misread; 5 bits a character. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const HALF = 5;
/** Two groups of five characters: 50 random bits each. */
const SHAPE = new RegExp(`^[${ALPHABET}]{${2 * HALF}}$`);

/**
 * Single-use recovery codes for an account with a second factor (docs/security.md#second-factor):
 * shown once, stored as HMAC-SHA256 (SECRET_PEPPER), each spent by one winner.
 */
@Injectable()
export class RecoveryCodes {
  private readonly codes: RecoveryCodeRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: SecretHasher,
  ) {
    this.codes = new RecoveryCodeRepository(dataSource);
  }

  /** Ten new codes, voiding every older one; in `manager`'s transaction when given. */
  async regenerate(accountId: string, now: Date = new Date(), manager?: EntityManager): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
    const hashes = codes.map((code) => this.hasher.hash(normalize(code) as string));
    if (manager) await this.codes.replace(manager, accountId, hashes, now);
    else await this.dataSource.transaction((inner) => this.codes.replace(inner, accountId, hashes, now));
    return codes;
  }

  /** Spends the account's code if `code` is one of its unused ones; INVALID_OTP otherwise. */
  async consume(accountId: string, code: unknown, now: Date = new Date()): Promise<void> {
    const presented = normalize(code);
    if (presented === undefined) throw invalidCode();
    const unused = await this.codes.unused(accountId);
    // Every stored hash is compared in constant time; the lookup does not stop at the match.
    const matches = unused.filter((row) => this.hasher.verify(presented, row.code_hash));
    if (matches.length === 0 || !(await this.codes.use(matches[0].id, now))) throw invalidCode();
  }

  left(accountId: string): Promise<number> {
    return this.codes.countUnused(accountId);
  }

  /** Voids every code of the account (the factor is removed). */
  deleteAll(accountId: string, manager: EntityManager): Promise<void> {
    return this.codes.deleteAll(manager, accountId);
  }
}

function newCode(): string {
  const group = () => Array.from({ length: HALF }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}`;
}

/** A code as typed: any case, with or without the hyphen and spaces; undefined when it cannot be a code. */
function normalize(code: unknown): string | undefined {
  if (typeof code !== 'string' || code.length > 32) return undefined;
  const compact = code.toLowerCase().replace(/[\s-]/g, '');
  return SHAPE.test(compact) ? compact : undefined;
}

const invalidCode = () => new IdentityError('INVALID_OTP', 'the recovery code is wrong or already used', { field: 'code' });
