import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_SAML_RESPONSE_CHARS } from '@rapidauth/connectors';
import { urlencoded } from 'express';
import type { ServedApp } from '@rapidauth/runtime';
import { USERGRID_TOKEN_PATHS, usergridRawBody } from '@rapidauth/oauth';
import { browserCookies } from './browser-cookies';
import { cors } from './oauth/cors';
import { GatewayModule } from './gateway.module';
import { mountHotPath } from './hot-path/hot-path';
import { mountDataLinks } from './data-links/mount-data-links';

/** The gateway's Express middleware. */
function useMiddleware(app: NestExpressApplication): void {
  // Browser sessions and login bindings are cookies, read only where the browser comes, as strings only.
  app.use(['/v1/oauth', '/v2/oauth', '/v3/oauth', '/oauth/session'], browserCookies).use(cors);
}

/**
 * The SAML ACS form (docs/saml.md#acs): a SAMLResponse of the connector's largest size even if
 * form-encoding tripled every base64 character (`+`, `/`, `=` become `%2B`…), and a RelayState;
 * larger is the parsers' 413 REQUEST_TOO_LARGE, smaller but too big the connector's refusal.
 */
const SAML_ACS_BODY_LIMIT = 3 * MAX_SAML_RESPONSE_CHARS + 8 * 1024;

export const gatewayApp: ServedApp = {
  name: 'gateway',
  module: (runtime) => GatewayModule.forRoot(runtime),
  port: (config) => config.port,
  bodyLimit: '64kb',
  beforeBodyParsers: (app) => {
    // No ETag: the gateway's answers are no-store (tokens, introspection, userinfo, pages) or small
    // and max-age'd (discovery, JWKS, login.css), so a validator saves nothing, and hashing every
    // body cost 2.4% of the token endpoint's CPU (BENCHMARKS.md).
    app.set('etag', false);
    app.use(USERGRID_TOKEN_PATHS, usergridRawBody('64kb'));
    app.use('/saml/:serviceId/acs', urlencoded({ limit: SAML_ACS_BODY_LIMIT, extended: false }));
    // Data links stream the body to their backend: no parser may read it first.
    mountDataLinks(app);
  },
  configure: (app) => {
    useMiddleware(app);
    // POST /oauth/token and /oauth/introspect skip Express: the same answers for much less CPU (hot-path/).
    mountHotPath(app, { bodyLimit: gatewayApp.bodyLimit, appName: gatewayApp.name });
  },
};

/** The same gateway with every request served by Express: what the hot path is held to (test/e2e/oauth/hot-path.e2e.ts). */
export const expressOnlyGatewayApp: ServedApp = { ...gatewayApp, configure: useMiddleware };
