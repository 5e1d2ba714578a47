import { useId, type ReactNode } from 'react';
import type { ApiError } from '../api/errors';
import { ErrorBanner } from './ErrorBanner';
import './PageSection.css';

/** A titled part of a page (`<section>` named by its heading), its actions beside the heading. */
export function PageSection({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const heading = useId();
  return (
    <section className="page-section" aria-labelledby={heading}>
      <div className="toolbar">
        <h2 id={heading}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A section's list that did not load: refused or unknown (403/404) says so quietly, anything else shows the API's message. */
export function SectionFailed({ error, what }: { error: ApiError; what: string }) {
  return error.status === 403 || error.status === 404 ? <p>You may not see {what} here.</p> : <ErrorBanner error={error} />;
}
