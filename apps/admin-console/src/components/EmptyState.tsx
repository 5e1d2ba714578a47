import type { ReactNode } from 'react';
import './EmptyState.css';

/** What an empty list shows: a sentence ("No apps yet") and the action that fills it. */
export function EmptyState({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p>{text}</p>
      {children}
    </div>
  );
}
