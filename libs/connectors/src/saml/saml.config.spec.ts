import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorConfigError, ConnectorRegistry, type FieldProblem } from '..';

const registry = new ConnectorRegistry();
const CERTIFICATE = readFileSync(join(__dirname, 'fixtures/idp-certificate.pem'), 'utf8');
const SP_KEY = readFileSync(join(__dirname, 'fixtures/sp-key.pem'), 'utf8');
const SP_CERTIFICATE = readFileSync(join(__dirname, 'fixtures/sp-certificate.pem'), 'utf8');
const SP_PAIR = { decryptionKey: SP_KEY, spCertificate: SP_CERTIFICATE };
const MINIMAL = {
  redirectUris: ['https://app.example.com/cb'],
  allowedAttributes: [],
  providerUri: 'https://idp.example.com/sso',
  logoutUri: 'https://idp.example.com/slo',
  certificate: CERTIFICATE,
};

function problems(changes: Record<string, unknown>): readonly FieldProblem[] {
  try {
    registry.validate('saml-post', { ...MINIMAL, ...changes });
    return [];
  } catch (error) {
    if (!(error instanceof ConnectorConfigError)) throw error;
    return error.fields;
  }
}
const fields = (changes: Record<string, unknown>) => problems(changes).map((problem) => problem.field);

describe('SAML config', () => {
  it('accepts the IdP certificate and the SP key pair, its key in either RSA encoding', () => {
    const key = createPrivateKey(SP_KEY);
    expect(fields({ ...SP_PAIR, decryptionKey: key.export({ type: 'pkcs1', format: 'pem' }) })).toEqual([]);
    expect(fields({ ...SP_PAIR, decryptionKey: key.export({ type: 'pkcs8', format: 'pem' }), signAuthnRequests: true })).toEqual([]);
  });

  it('wants the SP key pair whole: the key with its certificate, and both to sign requests', () => {
    expect(fields({ decryptionKey: SP_KEY })).toEqual(['config.decryptionKey']);
    expect(fields({ spCertificate: SP_CERTIFICATE })).toEqual(['config.spCertificate']);
    expect(fields({ signAuthnRequests: true })).toEqual(['config.signAuthnRequests']);
  });

  it('refuses an SP certificate of another key, and a key that is not RSA', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(fields({ ...SP_PAIR, decryptionKey: other })).toEqual(['config.spCertificate']);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(fields({ ...SP_PAIR, decryptionKey: ec })).toEqual(['config.decryptionKey', 'config.spCertificate']);
    expect(fields({ ...SP_PAIR, spCertificate: CERTIFICATE })).toEqual(['config.spCertificate']);
  });

  it('defaults the entity id version to v2 and takes only v1 or v2; the IdP entity id is a URI', () => {
    expect(registry.validate('saml-post', MINIMAL).config.spEntityIdVersion).toBe('v2');
    expect(fields({ spEntityIdVersion: 'v1', idpEntityId: 'urn:example:idp' })).toEqual([]);
    expect(fields({ spEntityIdVersion: 'v3', idpEntityId: 'idp' })).toEqual(['config.spEntityIdVersion', 'config.idpEntityId']);
  });

  it('rejects a certificate that is not PEM or does not parse', () => {
    expect(fields({ certificate: 'MIIBjDCCATGgAwIBAgIU' })).toEqual(['config.certificate']);
    expect(fields({ certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })).toEqual(['config.certificate']);
  });

  it('rejects a decryption key that does not parse or needs a passphrase, without echoing it', () => {
    const encrypted = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'passphrase',
    }) as string;
    const garbage = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----';
    for (const decryptionKey of [encrypted, garbage, CERTIFICATE]) {
      const found = problems({ decryptionKey });
      expect(found.map((problem) => problem.field)).toEqual(['config.decryptionKey']);
      expect(found[0].message).not.toContain('BEGIN');
    }
  });

  it('requires http(s) IdP endpoints without credentials and a URI NameID format', () => {
    expect(fields({ providerUri: 'idp.example.com/sso', logoutUri: 'https://user:pw@idp.example.com/slo', nameIdFormat: 'email' })).toEqual([
      'config.providerUri',
      'config.logoutUri',
      'config.nameIdFormat',
    ]);
    expect(fields({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' })).toEqual([]);
  });
});
