import type { ApiError } from '../api/errors';

/** An API refusal as a banner: the API's message (never a stack trace or a raw 500). */
export function ErrorBanner({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="banner error">
      {error.shown}
    </div>
  );
}
