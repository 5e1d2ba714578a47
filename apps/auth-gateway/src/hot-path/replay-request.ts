import { IncomingMessage } from 'node:http';

/**
 * The request again, with the body already read, for Express to serve from the start: the hot
 * path learns that a form is not plain (brackets in a name, over 1000 parameters) only once it
 * has read it, and then Express's own parsers give their own answer. A fresh IncomingMessage on
 * the same socket (Express's `request.ip` reads it), with the same request line and headers,
 * complete, holding the body.
 */
export function replayRequest(request: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(request.socket);
  replay.httpVersionMajor = request.httpVersionMajor;
  replay.httpVersionMinor = request.httpVersionMinor;
  replay.httpVersion = request.httpVersion;
  replay.method = request.method;
  replay.url = request.url;
  replay.headers = request.headers;
  replay.rawHeaders = request.rawHeaders;
  replay.push(body);
  replay.push(null);
  replay.complete = true;
  return replay;
}
