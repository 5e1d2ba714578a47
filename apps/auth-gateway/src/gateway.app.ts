import type { ServedApp } from '@rapidauth/runtime';
import { USERGRID_TOKEN_PATHS, usergridRawBody } from '@rapidauth/oauth';
import cookieParser from 'cookie-parser';
import { cors } from './oauth/cors';
import { GatewayModule } from './gateway.module';

export const gatewayApp: ServedApp = {
  name: 'gateway',
  module: (runtime) => GatewayModule.forRoot(runtime),
  port: (config) => config.port,
  bodyLimit: '64kb',
  beforeBodyParsers: (app) => app.use(USERGRID_TOKEN_PATHS, usergridRawBody('64kb')),
  // Browser sessions and login transactions are cookies, read only where the browser comes.
  configure: (app) => app.use(['/v1/oauth', '/v2/oauth', '/v3/oauth', '/oauth/session'], cookieParser()).use(cors),
};
