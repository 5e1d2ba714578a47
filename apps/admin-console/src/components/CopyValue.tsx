/** A value shown as an output named `label`, and its "Copy" button (named `copyName`). */
export function CopyValue({ label, value, copyName, onCopy }: { label: string; value: string; copyName: string; onCopy: () => void }) {
  return (
    <>
      <output aria-label={label}>{value}</output>
      <button type="button" aria-label={copyName} onClick={onCopy}>
        Copy
      </button>
    </>
  );
}
