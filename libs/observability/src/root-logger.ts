import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLevel } from '@rapidauth/config';
import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer';
import { redactUrl } from './redaction';

export type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * A request, as its log line shows it: no headers (they carry credentials and cookies), the URL
 * without sensitive query values.
 */
export function requestFields(request: LoggedRequest) {
  return {
    id: request.id,
    method: request.method,
    url: redactUrl(request.originalUrl ?? request.url ?? ''),
    userAgent: request.headers['user-agent'],
    remoteAddress: request.socket?.remoteAddress,
  };
}

/** A response: its status only (its headers carry codes and login transactions in `Location`). */
export function responseFields(response: ServerResponse) {
  return { statusCode: response.headersSent ? response.statusCode : null };
}

/**
 * pino's isoTime, formatted once per millisecond: under load many lines share one, and the
 * formatting was a visible share of a request line's cost (BENCHMARKS.md).
 */
export function isoTimeOncePerMillisecond(): () => string {
  let lastMs = -1;
  let text = '';
  return () => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      text = `,"time":"${new Date(now).toISOString()}"`;
    }
    return text;
  };
}

/** The process's logger: every line JSON with an ISO time; requests, responses and errors reduced. */
export function createRootLogger(level: LogLevel, stream: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: isoTimeOncePerMillisecond(),
      serializers: { req: requestFields, res: responseFields, err: serializeError },
    },
    stream,
  );
}
