import { ConnectorConfigError, ConnectorRegistry } from '..';

const registry = new ConnectorRegistry();
const MINIMAL = { redirectUris: [], allowedAttributes: [], providerUri: 'https://adaptor.example.com/auth', sharedSecret: 'k'.repeat(32) };

function problemFields(changes: Record<string, unknown>): string[] {
  try {
    registry.validate('custom', { ...MINIMAL, ...changes });
    return [];
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    expect(error.message).not.toContain(String(changes.sharedSecret));
    return error.fields.map((problem) => problem.field);
  }
}

describe('custom config', () => {
  it('requires a shared secret of at least 32 characters', () => {
    expect(problemFields({ sharedSecret: 'k'.repeat(32) })).toEqual([]);
    expect(problemFields({ sharedSecret: 'too-short-secret-31-characters!' })).toEqual(['config.sharedSecret']);
    expect(problemFields({ sharedSecret: 12345678901234567890123456789012 })).toEqual(['config.sharedSecret']);
  });

  it('bounds the adaptor timeout to 100..30000 ms', () => {
    expect(problemFields({ timeoutMs: 100 })).toEqual([]);
    expect(problemFields({ timeoutMs: 30_000 })).toEqual([]);
    expect(problemFields({ timeoutMs: 99 })).toEqual(['config.timeoutMs']);
    expect(problemFields({ timeoutMs: 30_001 })).toEqual(['config.timeoutMs']);
  });

  it('needs an http(s) adaptor URL', () => {
    expect(problemFields({ providerUri: 'adaptor.example.com' })).toEqual(['config.providerUri']);
    expect(problemFields({ providerUri: 'ftp://adaptor.example.com/auth' })).toEqual(['config.providerUri']);
  });

  it('sends passwords over plain http only to a loopback adaptor', () => {
    expect(problemFields({ providerUri: 'http://adaptor.example.com/auth' })).toEqual(['config.providerUri']);
    expect(problemFields({ providerUri: 'http://127.0.0.1:8080/auth' })).toEqual([]);
    expect(problemFields({ providerUri: 'http://localhost:8080/auth' })).toEqual([]);
    expect(problemFields({ providerUri: 'http://[::1]:8080/auth' })).toEqual([]);
  });

  it('refuses credentials in the adaptor URL, where they would be stored unencrypted', () => {
    expect(problemFields({ providerUri: 'https://gateway:hunter2@adaptor.example.com/auth' })).toEqual(['config.providerUri']);
  });

  it('keeps the shared secret apart, to be sealed, and waits 5000 ms by default', () => {
    const { config, secrets } = registry.validate('custom', MINIMAL);
    expect(secrets).toEqual({ sharedSecret: MINIMAL.sharedSecret });
    expect(config).not.toHaveProperty('sharedSecret');
    expect(config).toMatchObject({ providerUri: MINIMAL.providerUri, timeoutMs: 5000 });
  });

  it('refuses keys that are not custom settings', () => {
    expect(problemFields({ bindPassword: 'x' })).toEqual(['config.bindPassword']);
  });
});
