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

  it('tells a port it may not listen on from a data directory it may not write', () => {
    const listen = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES', syscall: 'listen' });
    expect(startupFailureLines(listen)).toEqual(['listen EACCES: permission denied 0.0.0.0:80: not allowed to listen there (ports below 1024 need privileges: set PORT / ADMIN_PORT)']);
    const mkdir = Object.assign(new Error("EACCES: permission denied, mkdir '/app/data'"), { code: 'EACCES', syscall: 'mkdir' });
    expect(startupFailureLines(mkdir)).toHaveLength(1);
    expect(startupFailureLines(mkdir)[0]).toMatch(/^EACCES: permission denied, mkdir '\/app\/data': this user \(uid \d+\) may not write there; make DATA_DIR writable for it$/);
  });
});
