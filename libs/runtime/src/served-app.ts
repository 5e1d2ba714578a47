import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@rapidauth/config';
import type { Database } from '@rapidauth/database';
import type { Maintenance } from '@rapidauth/jobs';
import type { Metrics } from '@rapidauth/observability';
import type { Logger } from 'pino';

/** What an application module needs from the process that hosts it. */
export interface Runtime {
  readonly config: AppConfig;
  readonly database: Database;
  /** The process's logger: each app logs through a child of it (libs/observability). */
  readonly logger: Logger;
  /** The process's maintenance jobs (one per process, whichever apps it serves). */
  readonly maintenance: Maintenance;
  /** The process's metrics: one registry for all its apps (prom-client refuses a name twice in one). */
  readonly metrics: Metrics;
}

/** One HTTP application the runtime can serve (the gateway, the admin API). */
export interface ServedApp {
  readonly name: string;
  /** The app's root module, built over the shared runtime. */
  module(runtime: Runtime): DynamicModule;
  port(config: AppConfig): number;
  /** Largest accepted request body; larger ones get 413. */
  readonly bodyLimit: string;
  /** Middleware that must see request bodies unparsed, applied before the shared body parsers. */
  beforeBodyParsers?(app: NestExpressApplication): void;
  /** App-specific HTTP middleware, applied after the shared settings. */
  configure?(app: NestExpressApplication): void;
}
