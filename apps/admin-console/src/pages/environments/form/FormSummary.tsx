import type { Problems } from './problems';

/** The summary of a refused form (`role=alert`); the fields carry the details. */
export function FormSummary({ problems }: { problems: Problems | undefined }) {
  if (!problems) return null;
  return (
    <div role="alert" className="banner error">
      {problems.summary}
    </div>
  );
}
