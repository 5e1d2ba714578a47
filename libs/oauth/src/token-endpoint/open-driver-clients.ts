import type { ClientCredentialsSource } from '../clients/client-authenticator';
import type { AppClient } from '../clients/resolved-client';

/**
 * Open-driver client authentication (libs/grants provides it): a token request whose client
 * authentication failed with `invalid_client` may still name its client by `client_id` alone when
 * something the request carries vouches for it (an authentication grant that allows open driver).
 * Optional: without it a failed client authentication stays failed.
 */
export interface OpenDriverClients {
  /**
   * The client vouched for, or undefined when the request is not such a login or nothing vouches
   * for it; the caller then answers the `invalid_client` it had. May throw an OAuthError of its own
   * (a browser origin the client does not allow).
   */
  vouchedClient(source: ClientCredentialsSource & { body: Record<string, string> }, ip: string): Promise<AppClient | undefined>;
}

/** Injection token of the optional OpenDriverClients. */
export const OPEN_DRIVER_CLIENTS = Symbol('OPEN_DRIVER_CLIENTS');
