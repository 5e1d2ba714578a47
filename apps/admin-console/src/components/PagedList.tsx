import type { ReactNode } from 'react';
import type { Page } from '../api/client';
import type { Loaded } from '../app/use-load';
import { EmptyState } from './EmptyState';
import { SectionFailed } from './PageSection';
import { Pager } from './Pager';
import { Loading } from './States';

/**
 * A section's paged list in each of its states: loading, failed (quietly when refused), empty ("No apps
 * yet" and the action that fills it), or its rows with "Previous"/"Next".
 */
export function PagedList<T>({ loaded, what, emptyText, emptyAction, onSkip, children }: {
  loaded: Loaded<Page<T>>;
  /** What the list holds, for the refusal: "You may not see apps here." */
  what: string;
  emptyText: string;
  emptyAction?: ReactNode;
  onSkip: (skip: number) => void;
  children: (rows: readonly T[]) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') return <SectionFailed error={loaded.error} what={what} />;
  const page = loaded.value;
  if (page.total === 0) return <EmptyState text={emptyText}>{emptyAction}</EmptyState>;
  return (
    <>
      {children(page.rows)}
      <Pager total={page.total} limit={page.limit} skip={page.skip} onSkip={onSkip} />
    </>
  );
}
