import type { ReactNode } from 'react';
import type { Page } from '../api/client';
import type { ApiError } from '../api/errors';
import type { Loaded } from '../app/use-load';
import { ErrorBanner } from './ErrorBanner';
import { Pager } from './Pager';
import { Loading } from './States';

/**
 * A paged list in each of its states: loading, failed (the API's message unless `failed` says otherwise),
 * `empty` ("No apps yet" and the action that fills it), or its rows with "Previous"/"Next".
 */
export function PagedList<T>({ loaded, empty, failed = (error) => <ErrorBanner error={error} />, onSkip, children }: {
  loaded: Loaded<Page<T>>;
  empty: ReactNode;
  failed?: (error: ApiError) => ReactNode;
  onSkip: (skip: number) => void;
  children: (rows: readonly T[]) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return failed(loaded.error);
  const page = loaded.value;
  if (page.total === 0) return empty;
  return (
    <>
      {children(page.rows)}
      <Pager total={page.total} limit={page.limit} skip={page.skip} onSkip={onSkip} />
    </>
  );
}
