import type { MailTransport, OutgoingMail, OutgoingSms, SmsTransport } from './outgoing-message';

type Write = (text: string) => void;

const writeToStdout: Write = (text) => {
  process.stdout.write(text);
};

/**
 * The development outbox: with no transport outside production, messages are printed whole to
 * stdout (never through the JSON logger, whose lines may be shipped elsewhere) so a developer can
 * read the code (docs/configuration.md, "Mail and SMS").
 */
export class ConsoleMailOutbox implements MailTransport {
  constructor(private readonly write: Write = writeToStdout) {}

  async send(mail: OutgoingMail): Promise<void> {
    const lines = [`To: ${mail.to}`, `Subject: ${mail.subject}`, '', mail.text];
    if (mail.html) lines.push('', '--- HTML part ---', mail.html);
    this.write(framed('mail', lines));
  }
}

export class ConsoleSmsOutbox implements SmsTransport {
  constructor(private readonly write: Write = writeToStdout) {}

  async send(sms: OutgoingSms): Promise<void> {
    this.write(framed('SMS', [`To: ${sms.to}`, '', sms.text]));
  }
}

function framed(kind: string, lines: string[]): string {
  return [`=== development outbox: ${kind} (not sent) ===`, ...lines, '=== end of message ===', ''].join('\n');
}
