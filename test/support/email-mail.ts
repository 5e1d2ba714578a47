import type { ReceivedMail, SmtpInbox } from './smtp-inbox';

/** The `n`th message (from 1) that reached `to`, waiting up to 10 s for it. */
export async function nthMail(inbox: SmtpInbox, to: string, n: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const received = mailsTo(inbox, to);
    if (received.length >= n) return received[n - 1];
    if (Date.now() > deadline) throw new Error(`mail ${n} for ${to} did not arrive`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const mailsTo = (inbox: SmtpInbox, to: string) => inbox.messages.filter((message) => message.envelopeTo.includes(to.toLowerCase()));

/** The code a mail of the default templates carries (the first run of digits after "code is"). */
export function codeIn(mail: ReceivedMail): string {
  const found = /code is (\d+)/.exec(mail.text ?? '');
  if (!found) throw new Error(`no code in ${mail.subject}`);
  return found[1];
}

/** The confirmation link of a verification mail. */
export function linkIn(mail: ReceivedMail): string {
  const found = /(https?:\/\/\S+\/v3\/auth\/email\/verify\?token=\S+)/.exec(mail.text ?? '');
  if (!found) throw new Error(`no link in ${mail.subject}`);
  return found[1];
}
