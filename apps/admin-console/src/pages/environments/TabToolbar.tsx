/** A tab's heading with the button that adds to it ("New client") beside it. */
export function TabToolbar({ title, headingId, action, onAction }: { title: string; headingId?: string; action: string; onAction: () => void }) {
  return (
    <div className="toolbar">
      <h2 id={headingId}>{title}</h2>
      <button type="button" className="primary" onClick={onAction}>
        {action}
      </button>
    </div>
  );
}
