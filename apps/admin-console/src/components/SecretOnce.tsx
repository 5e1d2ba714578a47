import { CopyValue } from './CopyValue';
import { Dialog } from './Dialog';
import { useCopy } from './use-copy';

export interface ShownValue {
  readonly label: string;
  readonly value: string;
}

/**
 * Shows freshly issued credentials once, each with "Copy". The values live only in the caller's
 * state, which `onDone` must drop: they never enter a URL or storage.
 */
export function SecretOnce({ title, values, onDone }: { title: string; values: readonly ShownValue[]; onDone: () => void }) {
  const { copied, copy } = useCopy();
  return (
    <Dialog title={title} onClose={onDone}>
      <p>Copy these now: the secret is shown only once.</p>
      <dl className="secrets">
        {values.map((item) => (
          <div key={item.label}>
            <dt>{item.label}</dt>
            <dd>
              <CopyValue label={item.label} value={item.value} copyName={values.length > 1 ? `Copy ${item.label}` : 'Copy'} onCopy={() => copy(item.label, item.value)} />
            </dd>
          </div>
        ))}
      </dl>
      <p role="status">{copied ? `${copied} copied.` : ''}</p>
      <div className="actions">
        <button type="button" onClick={onDone} autoFocus>
          Done
        </button>
      </div>
    </Dialog>
  );
}
