import type { CleanupProcessor } from '../cleanup/cleanup-processor';
import type { CleanupRun } from '../cleanup/cleanup-run';
import { InProcessSchedule } from './in-process-schedule';

const INTERVAL_MS = 300_000;

/** A processor whose runs end when the test says so. */
function controlledProcessor() {
  const ends: Array<() => void> = [];
  const processor = {
    run: () =>
      new Promise<CleanupRun>((resolve) =>
        ends.push(() => resolve({ startedAt: new Date(), finishedAt: new Date(), outcome: 'success', deleted: {} })),
      ),
  } as unknown as CleanupProcessor;
  return { processor, ends };
}

describe('InProcessSchedule', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('runs first one interval after start, and the next one interval after the previous run ends', async () => {
    const { processor, ends } = controlledProcessor();
    const schedule = new InProcessSchedule(processor, INTERVAL_MS);
    expect(await schedule.nextRunAt()).toEqual(new Date('2026-12-01T10:05:00Z'));
    await jest.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(ends).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(ends).toHaveLength(1);
    // A run that outlasts the interval: no second run overlaps it.
    await jest.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(ends).toHaveLength(1);
    expect(await schedule.nextRunAt()).toBeNull();
    ends[0]();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(ends).toHaveLength(2);
    await schedule.stop();
  });

  it('schedules nothing with interval 0, and nothing more once stopped', async () => {
    const idle = controlledProcessor();
    const none = new InProcessSchedule(idle.processor, 0);
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(idle.ends).toHaveLength(0);
    expect(await none.nextRunAt()).toBeNull();

    const { processor, ends } = controlledProcessor();
    const schedule = new InProcessSchedule(processor, INTERVAL_MS);
    await schedule.stop();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(ends).toHaveLength(0);
  });
});
