import type { ServedApp } from '@rapidauth/runtime';
import { AdminApiModule } from './admin-api.module';

export const adminApiApp: ServedApp = {
  name: 'admin-api',
  module: (runtime) => AdminApiModule.forRoot(runtime),
  port: (config) => config.adminPort,
  bodyLimit: '1mb',
};
