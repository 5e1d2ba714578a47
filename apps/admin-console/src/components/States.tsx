import { Link } from 'react-router';
import type { ApiError } from '../api/errors';
import { ErrorBanner } from './ErrorBanner';

export function Loading() {
  return (
    <p role="status" className="loading">
      Loading…
    </p>
  );
}

export function NotFound({ back = '/organizations', what = 'page' }: { back?: string; what?: string }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>This {what} does not exist, or you may not see it.</p>
      <Link to={back}>Back</Link>
    </section>
  );
}

/** What a page shows when its load failed: "Not found" for a 404 or 403, else the API's message. */
export function LoadFailed({ error, back, what }: { error: ApiError; back?: string; what?: string }) {
  return error.status === 404 || error.status === 403 ? <NotFound back={back} what={what} /> : <ErrorBanner error={error} />;
}
