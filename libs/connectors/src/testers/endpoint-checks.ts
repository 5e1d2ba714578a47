import { performance } from 'node:perf_hooks';
import type { ConnectionCheck } from '../connector';

/** Milliseconds a tester waits for one upstream answer. */
export const CHECK_TIMEOUT_MS = 5000;

/** A check's outcome: whether it passed, and what was seen, in our own words (never a configured value). */
export type CheckOutcome = readonly [ok: boolean, detail: string];

/** Runs one check and times it. */
export async function timedCheck(name: string, step: () => Promise<CheckOutcome>): Promise<ConnectionCheck> {
  const started = performance.now();
  const [ok, detail] = await step();
  return { name, ok, detail, ms: Math.round(performance.now() - started) };
}

/**
 * Why a request got no answer: a timeout, or the system's error code (ECONNREFUSED, ENOTFOUND,
 * CERT_HAS_EXPIRED…), which names the failure without quoting anything configured.
 */
export function noAnswer(error: unknown, what: string, timeoutMs = CHECK_TIMEOUT_MS): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `${what} did not answer within ${timeoutMs} ms`;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code) ? `${what} cannot be reached (${code})` : `${what} cannot be reached`;
}

/**
 * Whether `url` answers HTTP at all: any status counts (a token endpoint answers a bare GET with
 * 400 or 405); no connection, a TLS failure or a timeout does not. Redirects are not followed.
 */
export async function answersHttp(url: string, what: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckOutcome> {
  try {
    const answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await answer.body?.cancel();
    return [true, `${what} answered HTTP ${answer.status}`];
  } catch (error) {
    return [false, noAnswer(error, what, timeoutMs)];
  }
}
