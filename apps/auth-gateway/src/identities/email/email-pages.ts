import { layout } from '../../login/html';

/** The page the confirmation link opens: confirmed, or the link is no longer good. */
export function emailVerifiedPage(verified: boolean): string {
  return verified
    ? layout('Email address confirmed', '<h1>Email address confirmed</h1><p>You can go back to the app and sign in.</p>')
    : layout('Link not valid', '<h1>This link is no longer valid</h1><p>It was already used, has expired, or a newer one was sent. Ask the app for a new confirmation email.</p>');
}
