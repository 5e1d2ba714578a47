export { CoreModule } from './core.module';
export { createHttpApp } from './create-http-app';
export { runMain, startupFailureLines } from './run-main';
export { startRapidAuth } from './start';
export type { RunningRapidAuth, StartOptions } from './start';
export type { Runtime, ServedApp } from './served-app';
