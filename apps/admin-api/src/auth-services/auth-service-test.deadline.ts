import type { ConnectionCheck } from '@rapidauth/connectors';

/** However slow the upstream, the admin's request gets its answer (each connector's own timeouts apply within). */
export const TEST_DEADLINE_MS = 30_000;

/** The checks, or one failed `timeout` check when they do not finish within `ms`. */
export async function withinTestDeadline(checks: Promise<readonly ConnectionCheck[]>, ms = TEST_DEADLINE_MS): Promise<readonly ConnectionCheck[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<readonly ConnectionCheck[]>((resolve) => {
    timer = setTimeout(() => resolve([{ name: 'timeout', ok: false, detail: `the test did not finish within ${ms / 1000} s`, ms }]), ms);
  });
  try {
    return await Promise.race([checks, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
