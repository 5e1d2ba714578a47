import type { ConnectionCheck } from '@rapidauth/connectors';
import { TEST_DEADLINE_MS, withinTestDeadline } from './auth-service-test.deadline';

describe('withinTestDeadline', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the checks that finish in time', async () => {
    const checks: ConnectionCheck[] = [{ name: 'connect', ok: true, detail: 'connected', ms: 3 }];
    await expect(withinTestDeadline(Promise.resolve(checks))).resolves.toBe(checks);
  });

  it('answers one failed timeout check when the checks hang past the deadline', async () => {
    jest.useFakeTimers();
    const answer = withinTestDeadline(new Promise<never>(() => undefined));
    jest.advanceTimersByTime(TEST_DEADLINE_MS);
    await expect(answer).resolves.toEqual([{ name: 'timeout', ok: false, detail: 'the test did not finish within 30 s', ms: TEST_DEADLINE_MS }]);
  });

  it('leaves no timer behind once the checks are in', async () => {
    jest.useFakeTimers();
    await withinTestDeadline(Promise.resolve([]));
    expect(jest.getTimerCount()).toBe(0);
  });
});
