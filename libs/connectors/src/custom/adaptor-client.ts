import { ConnectorError } from '../connectors.errors';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeaders, signatureProblem } from './adaptor-signature';

/** Answers larger than this are refused: an identity with its attributes and tokens fits in a few KiB. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A `Retry-After` beyond this is not believed (a misconfigured adaptor must not lock users out for days). */
const MAX_RETRY_AFTER_SECONDS = 3600;

/** An upstream token on the wire: `expiresAt` in unix seconds. */
export interface WireToken {
  readonly value: string;
  readonly expiresAt?: number;
}

/** The gateway's requests (examples/custom-adaptor/README.md, "Protocol"). */
export type AdaptorRequest =
  | {
      readonly op: 'login';
      readonly username: string;
      readonly password: string;
      readonly service: { readonly id: string };
      readonly environment: { readonly id: string | null };
      readonly requestId: string;
    }
  | { readonly op: 'refresh'; readonly providerUid: string; readonly tokens: Readonly<Record<string, WireToken>> }
  | { readonly op: 'ping' };

/** What came back over HTTP, its signature not checked yet. */
export interface RawAnswer {
  readonly status: number;
  readonly timestamp: string | null;
  readonly signature: string | null;
  readonly retryAfter: string | null;
  readonly body: Buffer;
}

/** An answer signed with the shared secret, on time, and JSON. */
export interface AdaptorAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfterSeconds?: number;
}

export interface AdaptorEndpoint {
  readonly url: string;
  readonly sharedSecret: string;
  readonly timeoutMs: number;
}

class AnswerTooLarge extends Error {}

/** Never names the adaptor's URL or anything configured: the message reaches clients. */
export function adaptorUnavailable(detail: string, retryAfterSeconds?: number): ConnectorError {
  return new ConnectorError('UPSTREAM_UNAVAILABLE', 'the identity adaptor is not available', { detail, retryAfterSeconds });
}

/** Signed JSON over HTTP to one adaptor; every failure to get a usable answer is UPSTREAM_UNAVAILABLE. */
export class AdaptorClient {
  constructor(private readonly endpoint: AdaptorEndpoint) {}

  async call(request: AdaptorRequest): Promise<AdaptorAnswer> {
    return this.verify(await this.post(request));
  }

  /**
   * Posts the signed request and reads the whole answer within `timeoutMs`. Redirects are not
   * followed: the signed body and the password go only to the configured URL.
   * @throws ConnectorError UPSTREAM_UNAVAILABLE (refused, TLS failure, timeout, answer too large)
   */
  async post(request: AdaptorRequest): Promise<RawAnswer> {
    const { url, sharedSecret, timeoutMs } = this.endpoint;
    const body = JSON.stringify(request);
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'content-type': 'application/json', accept: 'application/json', ...signatureHeaders(sharedSecret, body) },
        body,
      });
      return {
        status: response.status,
        timestamp: response.headers.get(TIMESTAMP_HEADER),
        signature: response.headers.get(SIGNATURE_HEADER),
        retryAfter: response.headers.get('retry-after'),
        body: await readCapped(response),
      };
    } catch (error) {
      throw adaptorUnavailable(transportProblem(error, timeoutMs));
    }
  }

  /**
   * Accepts an answer only when signed with the shared secret within the clock skew, whatever its
   * status (an unsigned 404 may come from a proxy, not the adaptor), and JSON.
   * @throws ConnectorError UPSTREAM_UNAVAILABLE
   */
  verify(raw: RawAnswer, now = new Date()): AdaptorAnswer {
    const retryAfterSeconds = retryAfter(raw.retryAfter);
    const problem = signatureProblem(this.endpoint.sharedSecret, raw, raw.body, now);
    if (problem) throw adaptorUnavailable(`HTTP ${raw.status} answer refused: ${problem}`);
    try {
      return { status: raw.status, body: JSON.parse(raw.body.toString('utf8')), retryAfterSeconds };
    } catch {
      throw adaptorUnavailable(`HTTP ${raw.status} answer is not JSON`, retryAfterSeconds);
    }
  }
}

async function readCapped(response: Response): Promise<Buffer> {
  if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new AnswerTooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader?.cancel();
      throw new AnswerTooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Why no answer came, without the URL (fetch's own messages and causes name the host). Read by
 * shape, not `instanceof`: fetch's errors may come from another realm (a VM context, a test runner).
 */
function transportProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof AnswerTooLarge) return `answer larger than ${MAX_ANSWER_BYTES} bytes`;
  const { name, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return typeof cause?.code === 'string' ? `cannot connect (${cause.code})` : 'cannot connect';
}

/** RFC 9110 §10.2.3, delay-seconds form only. */
function retryAfter(header: string | null): number | undefined {
  if (!header || !/^\d{1,7}$/.test(header.trim())) return undefined;
  return Math.min(Number(header.trim()), MAX_RETRY_AFTER_SECONDS);
}
