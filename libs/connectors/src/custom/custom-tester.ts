import { performance } from 'node:perf_hooks';
import type { ConnectionCheck, ConnectionTester, OpenedService, PasswordCredentials } from '../connector';
import { ConnectorError } from '../connectors.errors';
import type { AdaptorClient } from './adaptor-client';
import { loginOutcome, loginRequest } from './custom-login';

/** A check that failed for a reason of our own wording. */
class CheckFailed extends Error {}

interface Ran<T> {
  readonly check: ConnectionCheck;
  readonly value?: T;
}

/**
 * Runs one check: `run` resolves to its value and detail, or throws. Details are our own words and
 * catalogue codes, never a configured value.
 */
async function run<T>(name: string, step: () => Promise<[T, string]>): Promise<Ran<T>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const [value, detail] = await step();
    return { check: { name, ok: true, detail, ms: ms() }, value };
  } catch (error) {
    if (error instanceof CheckFailed) return { check: { name, ok: false, detail: error.message, ms: ms() } };
    if (!(error instanceof ConnectorError)) throw error;
    return { check: { name, ok: false, detail: error.detail ? `${error.code}: ${error.detail}` : error.code, ms: ms() } };
  }
}

/**
 * A dry run against the adaptor: `connect` (a ping gets an HTTP answer in time), `signature` (that
 * answer is signed with the shared secret, on time, and 200), then with a probe `probe` (the
 * adaptor accepts those credentials). Stops at the first failing check.
 */
export function customTester(service: OpenedService, client: AdaptorClient): ConnectionTester {
  return {
    async test(probe?: PasswordCredentials): Promise<readonly ConnectionCheck[]> {
      const connect = await run('connect', async () => {
        const raw = await client.post({ op: 'ping' });
        return [raw, `the adaptor answered HTTP ${raw.status}`];
      });
      if (!connect.value) return [connect.check];
      const raw = connect.value;
      const signature = await run('signature', async () => {
        const answer = client.verify(raw);
        if (answer.status !== 200) throw new CheckFailed(`the answer is signed, but ping got HTTP ${answer.status}`);
        return [true, 'the answer is signed with the shared secret and on time'];
      });
      if (!signature.value || !probe) return [connect.check, signature.check];
      const login = await run('probe', async () => {
        const identity = loginOutcome(await client.call(loginRequest(service, probe, service.environmentId)));
        const names = Object.keys(identity.attributes);
        return [true, `signed in as id ${identity.providerUid}; attributes: ${names.length ? names.join(', ') : 'none'}`];
      });
      return [connect.check, signature.check, login.check];
    },
  };
}
