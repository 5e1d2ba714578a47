import { ConfigError } from '@rapidauth/config';
import { DatabaseUnavailableError } from '@rapidauth/database';
import { startupFailureLines } from './run-main';

describe('startupFailureLines', () => {
  it('prints one line per configuration problem', () => {
    expect(startupFailureLines(new ConfigError(['PORT: must be a port number (1-65535)', 'LOG_LEVEL: must be one of x']))).toEqual([
      'invalid configuration: PORT: must be a port number (1-65535)',
      'invalid configuration: LOG_LEVEL: must be one of x',
    ]);
  });

  it('prints a database failure as its one-line message', () => {
    expect(startupFailureLines(new DatabaseUnavailableError('cannot connect to PostgreSQL at db:5432/x: ECONNREFUSED'))).toEqual([
      'cannot connect to PostgreSQL at db:5432/x: ECONNREFUSED',
    ]);
  });

  it('explains a port already in use', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:3000'), { code: 'EADDRINUSE' });
    expect(startupFailureLines(error)[0]).toMatch(/another process uses this port/);
  });
});
