import type { ApiError } from '../api/errors';
import './ErrorBanner.css';

/** What a form says above the fields its own checks marked, when no API message came with them. */
export const FIELDS_SUMMARY = 'Fix the fields marked below.';

/**
 * An API refusal as a banner: the API's message (never a stack trace or a raw 500). Given the
 * field problems as sentences naming each field, it sums them all up under the message, and can
 * take focus (`data-summary`) when no field is there to focus.
 */
export function ErrorBanner({ error, problems = [] }: { error: ApiError | undefined; problems?: readonly string[] }) {
  if (problems.length === 0) {
    if (!error) return null;
    return (
      <div role="alert" className="banner error">
        {error.shown}
      </div>
    );
  }
  return (
    <div role="alert" className="banner error field-summary" tabIndex={-1} data-summary>
      <p>{error ? error.shown : FIELDS_SUMMARY}</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
