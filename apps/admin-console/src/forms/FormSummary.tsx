import type { ApiError } from '../api/errors';

/** What stopped a submit, all at once: the API's message (or the console's own), then each field's problem by label. */
export function FormSummary({ problems, error }: { problems: readonly string[]; error: ApiError | undefined }) {
  if (!error && problems.length === 0) return null;
  return (
    <div role="alert" className="banner error" tabIndex={-1} data-summary>
      <p>{error ? error.shown : 'Nothing was saved: check the fields marked below.'}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
