import type { AuditLog } from '@rapidauth/access';
import type { CleanupRun, Maintenance } from '@rapidauth/jobs';
import type { RequestContext } from '../http/request-context';
import { OperationsService } from './operations.service';

const CONTEXT = { principal: { kind: 'admin', id: 'a1' }, ip: '127.0.0.1' } as unknown as RequestContext;

function service(runCleanup: () => Promise<CleanupRun>) {
  const record = jest.fn(async () => undefined);
  const maintenance = { runCleanup } as unknown as Maintenance;
  return { operations: new OperationsService(maintenance, { record } as unknown as AuditLog), record };
}

describe('OperationsService.runCleanup', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers the run when it finishes within 60 s, and audits its counts', async () => {
    const run: CleanupRun = { startedAt: new Date(0), finishedAt: new Date(5), outcome: 'success', deleted: { authorization_code: 3 } };
    const { operations, record } = service(async () => run);
    await expect(operations.runCleanup(CONTEXT)).resolves.toEqual({ ...run, deleted: { authorization_code: 3 } });
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ action: 'operations.cleanup', outcome: 'success', details: { outcome: 'success', deleted: { authorization_code: 3 } } }));
  });

  it('gives up waiting after 60 s (the controller answers 202) while the run goes on, and audits it as running', async () => {
    let finish: (run: CleanupRun) => void = () => undefined;
    const { operations, record } = service(() => new Promise<CleanupRun>((resolve) => (finish = resolve)));
    let answered: unknown = 'pending';
    const answer = operations.runCleanup(CONTEXT).then((result) => (answered = result));
    await jest.advanceTimersByTimeAsync(59_999);
    expect(answered).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    await answer;
    expect(answered).toBeUndefined();
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ action: 'operations.cleanup', outcome: 'success', details: { running: true } }));
    finish({ startedAt: new Date(0), finishedAt: new Date(70_000), outcome: 'success', deleted: {} });
  });
});
