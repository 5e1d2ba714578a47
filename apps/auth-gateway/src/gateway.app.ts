import type { ServedApp } from '@rapidauth/runtime';
import { GatewayModule } from './gateway.module';

export const gatewayApp: ServedApp = {
  name: 'gateway',
  module: (runtime) => GatewayModule.forRoot(runtime),
  port: (config) => config.port,
  bodyLimit: '64kb',
};
