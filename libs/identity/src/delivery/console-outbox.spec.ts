import { ConsoleMailOutbox, ConsoleSmsOutbox } from './console-outbox';

describe('the console outbox', () => {
  it('prints a mail whole, as readable text marked as the development outbox', async () => {
    const written: string[] = [];
    await new ConsoleMailOutbox((text) => written.push(text)).send({ to: 'ana@example.com', subject: 'Your code', text: 'Code: 123456', html: '<b>123456</b>' });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^=== development outbox: mail \(not sent\) ===\n/);
    expect(written[0]).toContain('To: ana@example.com\nSubject: Your code\n\nCode: 123456\n');
    expect(written[0]).toContain('<b>123456</b>');
    expect(() => JSON.parse(written[0])).toThrow();
  });

  it('prints an SMS', async () => {
    const written: string[] = [];
    await new ConsoleSmsOutbox((text) => written.push(text)).send({ to: '+33612345678', text: 'Code 654321' });
    expect(written.join('')).toBe('=== development outbox: SMS (not sent) ===\nTo: +33612345678\n\nCode 654321\n=== end of message ===\n');
  });
});
