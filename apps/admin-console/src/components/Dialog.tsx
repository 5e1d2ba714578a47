import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog> element: the page behind it is inert, Escape closes it,
 * and focus goes back to where it was when it closes. Tab and Shift+Tab wrap around inside it:
 * the browser would otherwise let focus leave a modal dialog past its last control.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const heading = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (!dialog.open) dialog.showModal?.();
    const cancel = (event: Event) => {
      event.preventDefault();
      closeRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close?.();
      opener?.focus();
    };
  }, []);
  const keepFocusInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const [first, last] = [focusable[0], focusable[focusable.length - 1]];
    const wrapTo = event.shiftKey ? (document.activeElement === first ? last : undefined) : document.activeElement === last ? first : undefined;
    if (!wrapTo) return;
    event.preventDefault();
    wrapTo.focus();
  };
  return (
    <dialog ref={ref} aria-labelledby={heading} className="dialog" onKeyDown={keepFocusInside}>
      <h2 id={heading}>{title}</h2>
      {children}
    </dialog>
  );
}
