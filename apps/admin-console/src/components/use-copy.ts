import { useState } from 'react';

/** Copies a value to the clipboard; `copied` names the last value copied, for a role=status line. */
export function useCopy() {
  const [copied, setCopied] = useState<string>();
  const copy = async (label: string, value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(label);
    } catch {
      setCopied(undefined);
    }
  };
  return { copied, copy: (label: string, value: string) => void copy(label, value) };
}
