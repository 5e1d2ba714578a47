import { timingSafeEqual } from 'node:crypto';
import type { StateStore } from 'passport-oauth2';

/**
 * One run of a passport strategy outside Express: the callback's query, and the login
 * transaction's `state` with the PKCE verifier the strategy makes (RFC 7636) or was given back.
 */
export interface CallRequest {
  readonly query: Record<string, string>;
  readonly call: { readonly state: string; verifier?: string };
}

/**
 * The state store a passport-oauth2 strategy (or one built on it) is given: it hands the strategy
 * our `state` and keeps its PKCE verifier on the call, and at the callback answers the verifier
 * only for the call's own `state`, compared in constant time.
 */
export function callStateStore(): StateStore {
  return {
    store(req: unknown, verifier: string, _state: unknown, _meta: unknown, callback: (error: Error | null, state?: string) => void) {
      const call = (req as CallRequest).call;
      call.verifier = verifier;
      callback(null, call.state);
    },
    verify(req: unknown, provided: string, _meta: unknown, callback: (error: Error | null, ok: string | false, info?: unknown) => void) {
      const call = (req as CallRequest).call;
      const matches = typeof provided === 'string' && provided.length === call.state.length && timingSafeEqual(Buffer.from(provided), Buffer.from(call.state));
      callback(null, matches && call.verifier ? call.verifier : false, { message: 'state mismatch' });
    },
  } as unknown as StateStore;
}
