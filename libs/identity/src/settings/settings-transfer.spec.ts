import { DEFAULT_IDENTITY_METHOD_SETTINGS } from './identity-method-settings';
import { InvalidProviderSettingsError } from './invalid-settings.error';
import { planImport } from './settings-transfer';

const DEV = { canMail: true, canText: true };
const SECRET = 'an imported custom-token secret, 32+ chars';
const exported = (change: (settings: any) => void) => {
  const settings = structuredClone(DEFAULT_IDENTITY_METHOD_SETTINGS) as any;
  change(settings);
  return settings as Record<string, unknown>;
};

describe('identity-method settings: import from a transfer document', () => {
  it('stores only what differs from the defaults, and answers the settings the document holds', () => {
    const document = exported((settings) => {
      settings.anonymous.enabled = true;
      settings.otp.length = 8;
      settings.authorizedOrigins = ['https://app.example.com'];
    });
    const planned = planImport(document, undefined, DEV);
    expect(planned.overrides).toEqual({ anonymous: { enabled: true }, otp: { length: 8 }, authorizedOrigins: ['https://app.example.com'] });
    expect(planned.settings).toEqual(document);
    expect(planned).toMatchObject({ secret: null, customTokenTurnedOff: false });
  });

  it('takes the secret given apart, ignoring the read-only secretSet', () => {
    const document = exported((settings) => Object.assign(settings.customToken, { enabled: true, secretSet: true }));
    const planned = planImport(document, SECRET, DEV);
    expect(planned).toMatchObject({ secret: SECRET, customTokenTurnedOff: false, overrides: { customToken: { enabled: true } } });
    expect(planned.settings.customToken).toMatchObject({ enabled: true, secretSet: true });
  });

  it('turns HS256 custom-token login off when no secret is given', () => {
    const planned = planImport(exported((settings) => Object.assign(settings.customToken, { enabled: true, secretSet: true, issuer: 'https://backend' })), undefined, DEV);
    expect(planned).toMatchObject({ secret: null, customTokenTurnedOff: true, overrides: { customToken: { issuer: 'https://backend' } } });
    expect(planned.settings.customToken).toMatchObject({ enabled: false, secretSet: false });
  });

  it('refuses what PATCH refuses, naming each field', () => {
    const fields = (document: Record<string, unknown>, secret?: string, context = DEV) => {
      try {
        planImport(document, secret, context);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidProviderSettingsError);
        return (error as InvalidProviderSettingsError).fields.map((problem) => problem.field);
      }
      throw new Error('accepted');
    };
    expect(fields({ freshLoginSeconds: 0, otp: { length: 'six' }, extra: true })).toEqual(['freshLoginSeconds', 'otp.length', 'extra']);
    expect(fields({}, 'short')).toEqual(['customToken.secret']);
    expect(fields({ customToken: { algorithm: 'RS256' } }, SECRET)).toEqual(['customToken.secret']);
    expect(fields({ email: { enabled: true } }, undefined, { canMail: false, canText: true })).toEqual(['email.enabled']);
  });
});
