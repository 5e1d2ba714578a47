import type { NestExpressApplication } from '@nestjs/platform-express';
import { bearerToken, presentedAccessToken, renderOAuthError } from '@rapidauth/oauth';
import type { Request, Response } from 'express';
import { requestLog } from '../hot-path/request-log';
import { parseProxyPath } from './backend-target';
import { DataLinkProxy } from './data-link-proxy';

/** The proxy's mount point: `ANY /datalink/:name/*`. */
export const DATA_LINK_PATH = '/datalink';

/**
 * Mounts the data-link proxy ahead of the body parsers, so the body is never read here but
 * streamed to the backend once the request passed its checks (DataLinkProxy). Express routes no
 * further: every answer under the path is the proxy's (or its error, as OAuthErrorFilter renders it).
 */
export function mountDataLinks(app: NestExpressApplication): void {
  const proxy = app.get(DataLinkProxy);
  const log = requestLog(app);
  app.use(DATA_LINK_PATH, (request: Request, response: Response) => {
    log?.watch(request, response);
    void serve(proxy, request, response);
  });
}

async function serve(proxy: DataLinkProxy, request: Request, response: Response): Promise<void> {
  try {
    // The DPoP proof's htu is the URL as the client sent it, under the mount path too.
    const resource = { headers: request.headers, method: request.method, path: request.originalUrl.split('?')[0] };
    const authorized = await proxy.authorize(presentedAccessToken(resource, bearerToken(request.headers.authorization)), parseProxyPath(request.url));
    await proxy.forward(authorized, request, response, { ip: request.ip ?? '', protocol: request.protocol, host: request.get('host') });
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const rendered = renderOAuthError(error, { id: (request as { id?: unknown }).id, path: DATA_LINK_PATH });
    // The unread body is not ours to forward: Node discards it once the answer is sent.
    for (const [name, value] of rendered.headers) response.setHeader(name, value);
    response.status(rendered.status).json(rendered.body);
  }
}
