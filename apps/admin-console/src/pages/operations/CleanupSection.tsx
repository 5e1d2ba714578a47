import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { useApi } from '../../app/session-context';
import { asApiError, useLoad } from '../../app/use-load';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ListTable, type Column } from '../../components/ListTable';
import { Loading } from '../../components/States';
import type { CleanupAnswer, CleanupRun, CleanupStatus } from './types';

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

const DELETED_COLUMNS: Column<[table: string, count: number]>[] = [
  { label: 'Table', cell: ([table]) => table },
  { label: 'Rows deleted', cell: ([, count]) => count },
];

function RunSummary({ run }: { run: CleanupRun }) {
  const deleted = Object.entries(run.deleted);
  return (
    <>
      <p>
        {when(run.finishedAt)}: {run.outcome}
      </p>
      {deleted.length > 0 ? <ListTable columns={DELETED_COLUMNS} rows={deleted} rowKey={([table]) => table} /> : null}
    </>
  );
}

/** The expiry cleanup: its schedule, its latest run, and "Run cleanup now". Hidden when the caller may not read it. */
export function CleanupSection() {
  const api = useApi();
  const status = useLoad(() => api.get<CleanupStatus>('/v1/operations/cleanup'), [api]);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (status.state === 'loading') return <Loading />;
  if (status.state === 'failed') return status.error.status === 403 || status.error.status === 404 ? null : <ErrorBanner error={status.error} />;
  const runNow = async () => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await api.post<CleanupAnswer>('/v1/operations/cleanup');
      setNotice('running' in answer ? 'The cleanup is still running; reload later to see its result.' : `Cleanup finished: ${answer.outcome}.`);
      status.reload();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const current = status.value;
  return (
    <section aria-labelledby="cleanup-heading">
      <h2 id="cleanup-heading">Expiry cleanup</h2>
      <dl className="facts">
        <dt>Mode</dt>
        <dd>{current.mode === 'bullmq' ? 'BullMQ (one run per tick across instances)' : 'In process'}</dd>
        <dt>Every</dt>
        <dd>{current.intervalSeconds} s</dd>
        <dt>Batch size</dt>
        <dd>{current.batchSize}</dd>
        <dt>Running</dt>
        <dd>{current.running ? 'Yes' : 'No'}</dd>
        <dt>Next run</dt>
        <dd>{when(current.nextRunAt)}</dd>
      </dl>
      <h3>Latest run</h3>
      {current.lastRun ? <RunSummary run={current.lastRun} /> : <p>No run yet.</p>}
      <ErrorBanner error={error} />
      <p role="status">{notice ?? ''}</p>
      <button type="button" onClick={() => void runNow()} disabled={busy}>
        Run cleanup now
      </button>
    </section>
  );
}
