/** "Previous" / "Next" over a list's `{total, limit, skip}`. */
export function Pager({ total, limit, skip, onSkip }: { total: number; limit: number; skip: number; onSkip: (skip: number) => void }) {
  const first = total === 0 ? 0 : skip + 1;
  const last = Math.min(skip + limit, total);
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={skip === 0} onClick={() => onSkip(Math.max(0, skip - limit))}>
        Previous
      </button>
      <span>
        {first}–{last} of {total}
      </span>
      <button type="button" disabled={skip + limit >= total} onClick={() => onSkip(skip + limit)}>
        Next
      </button>
    </nav>
  );
}
