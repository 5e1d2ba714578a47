#!/usr/bin/env node
// Runs the example adaptor (README.md): configuration from the environment only.
import { resolve } from 'node:path';
import { createAdaptor } from './adaptor.mjs';

function integer(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`custom adaptor: ${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

const sharedSecret = process.env.ADAPTOR_SHARED_SECRET;
if (!sharedSecret || sharedSecret.length < 32) {
  console.error('custom adaptor: ADAPTOR_SHARED_SECRET must be set to the service\'s sharedSecret (at least 32 characters)');
  process.exit(2);
}
const host = process.env.ADAPTOR_HOST || '127.0.0.1';
const port = integer('ADAPTOR_PORT', 8080, 0, 65535);
const usersFile = resolve(process.env.ADAPTOR_USERS_FILE || 'users.json');

const server = createAdaptor({
  sharedSecret,
  usersFile,
  maxFailures: integer('ADAPTOR_MAX_FAILURES', 5, 1, 1000),
  lockSeconds: integer('ADAPTOR_LOCK_SECONDS', 300, 1, 86_400),
  log: (line) => console.log(`custom adaptor: ${line}`),
});
server.listen(port, host, () => {
  const address = server.address();
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`custom adaptor listening on http://${shown}:${address.port} (users: ${usersFile})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
