import { SEALED_KINDS } from './sealed-kinds';
import type { VaultRotation } from './types';

/** A rotation's answer: what was sealed again, and what is still under another key than the current one. */
export function VaultRotationResult({ rotation }: { rotation: VaultRotation }) {
  const rewrapped = SEALED_KINDS.map((kind) => `${rotation.rewrapped[kind.key]} ${kind.label.toLowerCase()}`).join(', ');
  const remaining = Object.entries(rotation.remaining).filter(([, count]) => count > 0);
  return (
    <div role="status" aria-label="Vault rotation result">
      <p>
        Sealed again under {rotation.currentKeyId}: {rewrapped}.
      </p>
      {remaining.length === 0 ? (
        <p>Nothing remains under another key.</p>
      ) : (
        <ul aria-label="Still under another key">
          {remaining.map(([keyId, count]) => (
            <li key={keyId}>
              {keyId}: {count} still sealed
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
