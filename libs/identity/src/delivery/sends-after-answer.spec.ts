import { Logger } from '@nestjs/common';
import { DISABLED_METRICS, type Metrics } from '@rapidauth/observability';
import { IdentityError } from '../identity.errors';
import { SendsAfterAnswer } from './sends-after-answer';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function countingMetrics() {
  const deliveryFailure = jest.fn();
  return { metrics: { ...DISABLED_METRICS, deliveryFailure } as Metrics, deliveryFailure };
}

describe('SendsAfterAnswer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns before the send ends, and a failure runs onFailure, counts it and logs one line without the error message', async () => {
    const { metrics, deliveryFailure } = countingMetrics();
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sends = new SendsAfterAnswer(metrics);
    const held = deferred();
    const undone: string[] = [];
    sends.start({ channel: 'email', purpose: 'email-login', send: () => held.promise, onFailure: async () => void undone.push('voided') });
    expect(undone).toEqual([]);
    held.reject(new IdentityError('DELIVERY_FAILED', 'refused for ana@example.com'));
    await sends.settle();
    expect(undone).toEqual(['voided']);
    expect(deliveryFailure.mock.calls).toEqual([['email', 'email-login']]);
    expect(warnings).toHaveBeenCalledTimes(1);
    const [fields] = warnings.mock.calls[0] as [Record<string, unknown>];
    expect(fields).toEqual({ event: 'delivery_failed', channel: 'email', purpose: 'email-login', error: 'DELIVERY_FAILED', codeVoided: true });
    expect(JSON.stringify(warnings.mock.calls)).not.toContain('ana@example.com');
  });

  it('counts nothing and runs no onFailure for a send that succeeds', async () => {
    const { metrics, deliveryFailure } = countingMetrics();
    const sends = new SendsAfterAnswer(metrics);
    const onFailure = jest.fn(async () => undefined);
    sends.start({ channel: 'email', purpose: 'password-reset', send: async () => undefined, onFailure });
    await sends.settle();
    expect(onFailure).not.toHaveBeenCalled();
    expect(deliveryFailure).not.toHaveBeenCalled();
  });

  it('settles only once every send in flight has ended', async () => {
    const sends = new SendsAfterAnswer();
    const [first, second] = [deferred(), deferred()];
    const ended: string[] = [];
    sends.start({ channel: 'email', purpose: 'email-login', send: () => first.promise.then(() => void ended.push('first')), onFailure: async () => undefined });
    sends.start({ channel: 'email', purpose: 'email-login', send: () => second.promise.then(() => void ended.push('second')), onFailure: async () => undefined });
    let settled = false;
    const settling = sends.settle().then(() => (settled = true));
    first.resolve();
    await first.promise;
    await Promise.resolve();
    expect(settled).toBe(false);
    second.resolve();
    await settling;
    expect(ended.sort()).toEqual(['first', 'second']);
  });

  it('stops waiting at its bound, saying how many sends it left', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sends = new SendsAfterAnswer();
    sends.start({ channel: 'email', purpose: 'email-login', send: () => new Promise<void>(() => undefined), onFailure: async () => undefined });
    await sends.settle(0);
    expect(warnings.mock.calls[0][0]).toEqual({ event: 'delivery_abandoned', pending: 1 });
  });
});
