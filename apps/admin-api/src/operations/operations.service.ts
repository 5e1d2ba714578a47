import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@rapidauth/access';
import { MAINTENANCE, type CleanupRun, type Maintenance } from '@rapidauth/jobs';
import { auditedBy, type RequestContext } from '../http/request-context';
import type { CleanupRunDto, CleanupStatusDto } from './operations.dto';

/** How long POST /v1/operations/cleanup waits for its run before answering 202 (the run goes on). */
const ANSWER_WAIT_MS = 60_000;

/**
 * The maintenance jobs as operators see them (docs/operations.md, "Expiry cleanup"): the cleanup's
 * schedule and last run, and a run on demand. Platform-level, so its events are recorded here.
 */
@Injectable()
export class OperationsService {
  constructor(
    @Inject(MAINTENANCE) private readonly maintenance: Maintenance,
    private readonly audit: AuditLog,
  ) {}

  async cleanupStatus(): Promise<CleanupStatusDto> {
    const status = await this.maintenance.cleanupStatus();
    return {
      mode: status.mode,
      intervalSeconds: status.intervalSeconds,
      batchSize: status.batchSize,
      running: status.running,
      lastRun: status.lastRun && toDto(status.lastRun),
      nextRunAt: status.nextRunAt,
    };
  }

  /** Runs the cleanup (joining a run in progress here); undefined when it outlasts the wait. */
  async runCleanup(context: RequestContext): Promise<CleanupRunDto | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANSWER_WAIT_MS)));
    const run = await Promise.race([this.maintenance.runCleanup(), waited]).finally(() => clearTimeout(timer));
    await this.audit.record({
      ...auditedBy(context),
      action: 'operations.cleanup',
      outcome: run?.outcome === 'failure' ? 'failure' : 'success',
      details: run ? { outcome: run.outcome, deleted: { ...run.deleted } } : { running: true },
    });
    return run && toDto(run);
  }
}

function toDto(run: CleanupRun): CleanupRunDto {
  return { startedAt: run.startedAt, finishedAt: run.finishedAt, outcome: run.outcome, deleted: { ...run.deleted } };
}
