import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec {
  readonly slug: string;
  readonly label: string;
}

/**
 * WAI-ARIA tabs (APG "Tabs with automatic activation"): one tab stop, arrow keys, Home and End move to
 * and select a tab; the selected panel follows.
 */
export function EnvironmentTabs({ tabs, selected, onSelect, label, children }: {
  tabs: readonly TabSpec[];
  selected: string;
  onSelect: (slug: string) => void;
  label: string;
  children: ReactNode;
}) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const index = Math.max(0, tabs.findIndex((tab) => tab.slug === selected));
  const move = (to: number) => {
    const next = (to + tabs.length) % tabs.length;
    onSelect(tabs[next].slug);
    buttons.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(index + 1),
      ArrowLeft: () => move(index - 1),
      Home: () => move(0),
      End: () => move(tabs.length - 1),
    };
    const handler = keys[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };
  return (
    <>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab, position) => (
          <button
            key={tab.slug}
            ref={(element) => {
              buttons.current[position] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.slug}`}
            aria-selected={position === index}
            aria-controls={`panel-${tab.slug}`}
            tabIndex={position === index ? 0 : -1}
            onClick={() => onSelect(tab.slug)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tabs[index].slug}`} aria-labelledby={`tab-${tabs[index].slug}`} tabIndex={0} className="tab-panel">
        {children}
      </div>
    </>
  );
}
