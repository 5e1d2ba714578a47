import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rapidauth-config-'));
const load = (env: NodeJS.ProcessEnv) => loadConfig({ DATA_DIR: tempDir(), ...env }).config;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: mail and SMS delivery', () => {
  it('applies the documented defaults: no transports, the default From, not production', () => {
    const config = load({});
    expect(config.mail).toEqual({ smtpUrl: undefined, from: 'RapidAuth <no-reply@localhost>' });
    expect(config.sms).toBeUndefined();
    expect(config.production).toBe(false);
    expect(load({ NODE_ENV: 'production' }).production).toBe(true);
    expect(load({ NODE_ENV: 'development' }).production).toBe(false);
  });

  it('keeps SMTP_URL as a secret: its credentials never show when the configuration is printed', () => {
    const config = load({ SMTP_URL: 'smtps://mailer:s3cret-pass@mail.example.com:465', MAIL_FROM: 'Acme <login@acme.example>' });
    expect(config.mail.smtpUrl?.reveal().toString()).toBe('smtps://mailer:s3cret-pass@mail.example.com:465');
    expect(config.mail.from).toBe('Acme <login@acme.example>');
    const printed = `${JSON.stringify(config)} ${inspect(config, { depth: 5 })}`;
    expect(printed).not.toContain('s3cret-pass');
    expect(printed).not.toContain('mail.example.com');
  });

  it('accepts smtp:// and smtps://, with or without credentials and port', () => {
    for (const url of ['smtp://127.0.0.1:2525', 'smtp://u:p@mail.example.com', 'smtps://mail.example.com/', 'SMTP://mail.example.com:587']) {
      expect(load({ SMTP_URL: url }).mail.smtpUrl?.reveal().toString()).toBe(url);
    }
  });

  it('reads the SMS provider: URL, one auth header kept secret, the default JSON template', () => {
    const config = load({ SMS_PROVIDER_URL: 'https://sms.example.com/v1/messages?account=7', SMS_PROVIDER_AUTH_HEADER: 'Authorization:  Bearer tok-123 ' });
    expect(config.sms).toMatchObject({
      url: 'https://sms.example.com/v1/messages?account=7',
      authHeader: { name: 'Authorization' },
      bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}',
      json: true,
    });
    expect(config.sms?.authHeader?.value.reveal().toString()).toBe('Bearer tok-123');
    expect(`${JSON.stringify(config)} ${inspect(config, { depth: 5 })}`).not.toContain('tok-123');
  });

  it('tells a JSON template from a plain-text one', () => {
    const sms = (template: string) => load({ SMS_PROVIDER_URL: 'http://127.0.0.1:9/sms', SMS_PROVIDER_BODY_TEMPLATE: template }).sms;
    expect(sms('{"message":{"recipient":"{{to}}","body":"{{text}}"},"channel":"sms"}')).toMatchObject({ json: true });
    expect(sms('to={{to}}&body={{text}}')).toMatchObject({ json: false, bodyTemplate: 'to={{to}}&body={{text}}' });
    expect(sms('{{text}}')).toMatchObject({ json: false });
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.com'],
    ['SMTP_URL', 'mail.example.com:587'],
    ['SMTP_URL', 'smtp://mail.example.com:587?tls.rejectUnauthorized=false'],
    ['SMTP_URL', 'smtp://mail.example.com/path'],
    ['SMTP_URL', 'smtp://user:50%zz@mail.example.com'],
    ['MAIL_FROM', 'no at sign'],
    ['MAIL_FROM', 'Name <a@b.example'],
    ['MAIL_FROM', 'a@b.example\r\nBcc: victim@example.com'],
    ['MAIL_FROM', 'Evil, Two <a@b.example>'],
    ['SMS_PROVIDER_URL', 'ftp://sms.example.com'],
    ['SMS_PROVIDER_URL', 'https://user:pw@sms.example.com'],
    ['SMS_PROVIDER_URL', 'not a url'],
    ['SMS_PROVIDER_AUTH_HEADER', 'Bearer abc'],
    ['SMS_PROVIDER_AUTH_HEADER', 'Authorization: Bearer abc\r\nX-Injected: 1'],
    ['SMS_PROVIDER_AUTH_HEADER', 'Authorization: Bearer abc\nX-Injected: 1'],
    ['SMS_PROVIDER_AUTH_HEADER', 'Bad Name: x'],
    ['SMS_PROVIDER_AUTH_HEADER', 'X-Api-Key:  '],
    ['SMS_PROVIDER_AUTH_HEADER', 'Content-Type: text/html'],
    ['SMS_PROVIDER_BODY_TEMPLATE', '{"to":"{{to}}"}'],
    ['SMS_PROVIDER_BODY_TEMPLATE', '{"to":{{to}},"text":"{{text}}"}'],
    ['SMS_PROVIDER_BODY_TEMPLATE', '{"to":"{{to}}","text":"{{text}}","code":"{{code}}"}'],
  ])('rejects %s=%s with one line naming the variable, never repeating the value', (name, value) => {
    const env: NodeJS.ProcessEnv = { [name]: value };
    if (name.startsWith('SMS_PROVIDER_') && name !== 'SMS_PROVIDER_URL') env.SMS_PROVIDER_URL = 'https://sms.example.com/send';
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name}: `)).toBe(true);
    expect(problems[0]).not.toContain('\n');
    if (name !== 'SMS_PROVIDER_BODY_TEMPLATE') expect(problems[0]).not.toContain(value);
  });

  it('needs SMS_PROVIDER_URL for the other SMS variables', () => {
    expect(problemsOf({ SMS_PROVIDER_AUTH_HEADER: 'Authorization: Bearer x', SMS_PROVIDER_BODY_TEMPLATE: '{{text}}' })).toEqual([
      'SMS_PROVIDER_AUTH_HEADER: set SMS_PROVIDER_URL too (the provider it is for)',
      'SMS_PROVIDER_BODY_TEMPLATE: set SMS_PROVIDER_URL too (the provider it is for)',
    ]);
  });

  it('treats empty delivery variables as unset', () => {
    const config = load({ SMTP_URL: '', MAIL_FROM: '', SMS_PROVIDER_URL: '' });
    expect(config.mail).toEqual({ smtpUrl: undefined, from: 'RapidAuth <no-reply@localhost>' });
    expect(config.sms).toBeUndefined();
  });
});
