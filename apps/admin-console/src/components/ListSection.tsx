import type { ReactNode } from 'react';
import type { Page } from '../api/client';
import type { Loaded } from '../app/use-load';
import { EmptyState } from './EmptyState';
import { ListTable, type Column } from './ListTable';
import { PagedList } from './PagedList';
import { PageSection, SectionFailed } from './PageSection';

/**
 * A titled part of a page over one paged table: its create button in the empty state ("No apps yet"),
 * beside the heading once there are rows; a refusal said quietly. `children` (its dialogs) follow the list.
 */
export function ListSection<T>({ title, what, emptyText, createButton, loaded, columns, rowKey, onSkip, children }: {
  title: string;
  /** What the list holds, for the refusal: "You may not see apps here." */
  what: string;
  emptyText: string;
  createButton: ReactNode;
  loaded: Loaded<Page<T>>;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  onSkip: (skip: number) => void;
  children?: ReactNode;
}) {
  return (
    <PageSection title={title} actions={loaded.state === 'ready' && loaded.value.total > 0 ? createButton : null}>
      <PagedList loaded={loaded} failed={(error) => <SectionFailed error={error} what={what} />} empty={<EmptyState text={emptyText}>{createButton}</EmptyState>} onSkip={onSkip}>
        {(rows) => <ListTable columns={columns} rows={rows} rowKey={rowKey} />}
      </PagedList>
      {children}
    </PageSection>
  );
}
