import 'reflect-metadata';
import { runMain } from '@rapidauth/runtime';
import { adminApiApp } from '../../admin-api/src/admin-api.app';
import { gatewayApp } from '../../auth-gateway/src/gateway.app';
import { demoInstructions, seedDemo } from './demo-seed';

// `npm run demo`: the normal server, plus a seeded demo organization and instructions to get a token.
runMain([gatewayApp, adminApiApp], async (running) => {
  const seeded = await seedDemo(running.runtime);
  // The start-up lines first, then the instructions (JSON log lines are written in batches).
  await running.flushLogs();
  process.stdout.write(demoInstructions(running.runtime.config.publicUrl, seeded));
});
