#!/usr/bin/env node
// Adds (or replaces) a user in the users file; the password is read from the first line of stdin.
//   echo 'correct horse' | node add-user.mjs --file users.json --username alice \
//     [--id u-1] [--email alice@example.com] [--attributes '{"groups":["staff"]}'] [--disabled]
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { hashPassword, readUsers, sameUsername, writeUsers, MAX_PASSWORD_LENGTH } from './users.mjs';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: process.env.ADAPTOR_USERS_FILE ?? 'users.json' },
    username: { type: 'string' },
    id: { type: 'string' },
    email: { type: 'string' },
    attributes: { type: 'string' },
    disabled: { type: 'boolean', default: false },
  },
});

function fail(message) {
  console.error(`add-user: ${message}`);
  process.exit(2);
}

if (!values.username) fail('--username is required');
const password = (await text(process.stdin)).split(/\r?\n/)[0];
if (!password || password.length > MAX_PASSWORD_LENGTH) fail(`give the password (1 to ${MAX_PASSWORD_LENGTH} characters) on stdin`);
let attributes;
try {
  attributes = values.attributes === undefined ? undefined : JSON.parse(values.attributes);
} catch {
  fail('--attributes must be a JSON object');
}
if (attributes !== undefined && (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))) fail('--attributes must be a JSON object');

const users = await readUsers(values.file);
const previous = users.find((user) => sameUsername(user.username, values.username));
const user = {
  username: values.username,
  ...(await hashPassword(password)),
  id: values.id ?? previous?.id ?? randomUUID(),
  ...(values.email ? { email: values.email } : {}),
  ...(attributes ? { attributes } : {}),
  ...(values.disabled ? { disabled: true } : {}),
};
await writeUsers(values.file, [...users.filter((entry) => entry !== previous), user]);
console.log(`${previous ? 'replaced' : 'added'} ${user.username} (id ${user.id}) in ${values.file}`);
