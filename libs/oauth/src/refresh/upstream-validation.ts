import { Injectable } from '@nestjs/common';
import { TokenVault, type DueEntry } from '@rapidauth/vault';
import { UpstreamRefresh, type BackgroundOutcome, type UpstreamFamily } from './upstream-refresh';

/**
 * How long before its first upstream token expires a login is validated: inside the 60 s within
 * which the oidc and oauth2 connectors refresh (docs/gateway.md#upstream-refresh), so that they do
 * ask the upstream, with a margin for clocks and the run's own length.
 */
export const VALIDATION_WINDOW_SECONDS = 50;
/** Logins asked at once: their upstreams answer in their own time, one slow IdP must not hold up the rest. */
const CONCURRENCY = 4;

/** One run: how many logins ended each way, `failed` for an unexpected error (its message in `firstError`). */
export type ValidationRun = Record<BackgroundOutcome | 'failed', number> & { firstError?: string };

/**
 * The upstream validation (docs/gateway.md#upstream-refresh): live logins whose upstream tokens
 * expire within the window are confirmed with their upstream as a gateway refresh would
 * (UpstreamRefresh, under the same lease), before the client asks. A refused login is revoked at
 * once — introspection, userinfo and data links of every instance refuse its tokens through the
 * revocation list, with no vault read on their path; an upstream that cannot be asked leaves it for
 * the next run. Instances running it at the same time share the work through the lease.
 */
@Injectable()
export class UpstreamValidation {
  constructor(
    private readonly vault: TokenVault,
    private readonly upstreamRefresh: UpstreamRefresh,
  ) {}

  /**
   * One pass over the logins due at `now`, `batchSize` at a time; stops between batches once
   * `signal` aborts.
   */
  async runOnce(now = new Date(), batchSize = 100, signal?: AbortSignal): Promise<ValidationRun> {
    const run: ValidationRun = { refreshed: 0, confirmed: 0, revoked: 0, unavailable: 0, skipped: 0, failed: 0 };
    const before = new Date(now.getTime() + VALIDATION_WINDOW_SECONDS * 1000);
    let after: DueEntry | undefined;
    while (!signal?.aborted) {
      const due = await this.vault.findDue(before, after, batchSize);
      await forEachAtMost(due, CONCURRENCY, async (entry) => {
        try {
          run[await this.upstreamRefresh.confirmInBackground(familyOf(entry), before, new Date())]++;
        } catch (error) {
          run.failed++;
          run.firstError ??= (error as Error).message;
        }
      });
      if (due.length < batchSize) break;
      after = due[due.length - 1];
    }
    return run;
  }
}

function familyOf({ familyId, environmentId, identityId, authServiceId }: DueEntry): UpstreamFamily {
  return { id: familyId, environmentId, identityId, authServiceId };
}

async function forEachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
