import { Logger } from '@nestjs/common';
import type { UpstreamValidation, ValidationRun } from '@rapidauth/oauth';
import { UpstreamValidationTimer } from './upstream-validation-timer';

describe('UpstreamValidationTimer', () => {
  const runOnce = jest.fn();
  const idle: ValidationRun = { refreshed: 0, confirmed: 0, revoked: 0, unavailable: 0, skipped: 0, failed: 0 };
  let timer: UpstreamValidationTimer;
  let log: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    runOnce.mockReset();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    timer = new UpstreamValidationTimer({ runOnce } as unknown as UpstreamValidation);
  });

  afterEach(async () => {
    await timer.onApplicationShutdown();
    log.mockRestore();
    jest.useRealTimers();
  });

  it('runs one interval after start, never two runs at once, the next an interval after the last ended', async () => {
    let finish!: (run: ValidationRun) => void;
    runOnce.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve))).mockResolvedValue(idle);
    timer.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(23_000);
    expect(runOnce).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(13_000);
    expect(runOnce).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(runOnce).toHaveBeenCalledTimes(1);
    finish(idle);
    await jest.advanceTimersByTimeAsync(36_000);
    expect(runOnce).toHaveBeenCalledTimes(2);
  });

  it('logs one line of counts for a run that did something, none for an idle one', async () => {
    runOnce.mockResolvedValueOnce(idle).mockResolvedValueOnce({ ...idle, refreshed: 2, revoked: 1 });
    timer.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(36_000);
    expect(log).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(36_000);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^upstream validation: 2 refreshed, 0 confirmed, 1 revoked, 0 unavailable, 0 skipped in \d+ ms$/);
  });

  it('stops at shutdown: the running run is told to stop and waited for, no further run starts', async () => {
    let signal: AbortSignal | undefined;
    let finish!: (run: ValidationRun) => void;
    runOnce.mockImplementation((_now: Date, _batch: number, given: AbortSignal) => {
      signal = given;
      return new Promise((resolve) => (finish = resolve));
    });
    timer.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(36_000);
    let stopped = false;
    const stopping = timer.onApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(true);
    expect(stopped).toBe(false);
    finish(idle);
    await stopping;
    await jest.advanceTimersByTimeAsync(120_000);
    expect(runOnce).toHaveBeenCalledTimes(1);
  });
});
