import { DatabaseError } from 'pg';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { serializeError } from './error-serializer';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const TOKEN_HASH = 'b64-token-hash-5f2c1e9a';

/** A unique violation as the pg driver raises it, wrapped by TypeORM as repositories see it. */
function failedInsert(): QueryFailedError {
  const driverError = Object.assign(new DatabaseError('duplicate key value violates unique constraint "uq_identity_username"', 120, 'error'), {
    code: '23505',
    severity: 'ERROR',
    detail: `Key (password_hash)=(${HASH}) already exists.`,
    constraint: 'uq_identity_username',
    table: 'local_identity',
    routine: '_bt_check_unique',
  });
  return new QueryFailedError('INSERT INTO "local_identity"("username", "password_hash") VALUES ($1, $2)', ['bob', HASH, TOKEN_HASH], driverError);
}

function logged(error: unknown): string {
  const lines: string[] = [];
  const logger = pino({ serializers: { err: serializeError } }, { write: (line: string) => lines.push(line) });
  logger.error({ err: error }, 'unexpected error');
  return lines.join('');
}

describe('serializeError (stops hashes leaking through QueryFailedError into logs)', () => {
  it('drops the statement, its parameters and the driver error, keeping what identifies the failure', () => {
    const line = logged(failedInsert());
    expect(line).not.toContain(HASH);
    expect(line).not.toContain(TOKEN_HASH);
    expect(line).not.toContain('INSERT INTO');
    const { err } = JSON.parse(line);
    expect(err).toEqual({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "uq_identity_username"',
      stack: expect.stringContaining('QueryFailedError'),
      code: '23505',
      severity: 'ERROR',
      constraint: 'uq_identity_username',
      table: 'local_identity',
      routine: '_bt_check_unique',
    });
  });

  it('reduces causes alike', () => {
    const line = logged(new Error('sign-in failed', { cause: failedInsert() }));
    expect(line).not.toContain(HASH);
    expect(JSON.parse(line).err.cause).toMatchObject({ type: 'QueryFailedError', code: '23505' });
  });

  it('passes values that are not errors through', () => {
    expect(serializeError('text')).toBe('text');
    expect(serializeError(undefined)).toBeUndefined();
  });
});
