import type { AppClient } from '../clients/resolved-client';
import { LOGIN_TX_SECONDS } from './login-transactions';

export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** Seconds; 0 clears the cookie. */
  readonly maxAge: number;
  readonly path: string;
  /** `none` is always sent `Secure` (browsers refuse it otherwise). */
  readonly sameSite: 'lax' | 'none';
}

/** The browser binding of a login transaction: a cookie only the browser that started it has. */
export const bindingCookieName = (transactionId: string) => `ra_tx_${transactionId.replace(/-/g, '')}`;
const BINDING_PATH = '/v3/oauth';

/**
 * Our own login page posts same-site, so `Lax` comes back with the form; a custom hosted page
 * posts cross-site, where only a `SameSite=None; Secure` cookie is sent (RFC 6265bis §5.4.7).
 */
export type BindingMode = 'same-site' | 'cross-site';

/** A custom hosted page posts back cross-site; our own login and consent pages post same-site. */
export function bindingMode(client: Pick<AppClient, 'service'>): BindingMode {
  return client.service.settings.loginPage.mode === 'hosted' ? 'cross-site' : 'same-site';
}

export function bindingCookie(transactionId: string, value: string, mode: BindingMode): Cookie {
  return { name: bindingCookieName(transactionId), value, maxAge: LOGIN_TX_SECONDS, path: BINDING_PATH, sameSite: sameSiteOf(mode) };
}

export function clearBinding(transactionId: string, mode: BindingMode): Cookie {
  return { name: bindingCookieName(transactionId), value: '', maxAge: 0, path: BINDING_PATH, sameSite: sameSiteOf(mode) };
}

function sameSiteOf(mode: BindingMode): Cookie['sameSite'] {
  return mode === 'cross-site' ? 'none' : 'lax';
}
