import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@rapidauth/config';
import { REQUEST_LINES, type RequestLines } from '@rapidauth/observability';
import { builtConsoleDirectory } from './console-directory';
import { consoleRouter } from './console-router';

/** Serves the console from CONSOLE_DIR, or from the build beside the admin API's. */
export function mountConsole(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.use(consoleRouter(config.consoleDir ?? builtConsoleDirectory(), app.get<RequestLines | undefined>(REQUEST_LINES)));
}
