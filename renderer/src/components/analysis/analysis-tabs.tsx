import { useRef, type KeyboardEvent } from 'react';
import './analysis.css';

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

/**
 * A tab list (WAI-ARIA tabs pattern): one tab stop, arrow keys move between tabs, Home/End
 * jump. The panel is rendered by the caller with id `${idPrefix}-panel` and
 * aria-labelledby the selected tab `${idPrefix}-tab-${id}`.
 */
export function AnalysisTabs<T extends string>({
  items,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  items: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = items.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : null;
    if (next === null) return;
    event.preventDefault();
    const item = items[next];
    if (!item) return;
    onSelect(item.id);
    refs.current[next]?.focus();
  };
  return (
    <div className="analysis-tabs" role="tablist" aria-label={label}>
      {items.map((item, index) => {
        const active = item.id === selected;
        return (
          <button
            key={item.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${item.id}`}
            aria-selected={active}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={active ? 0 : -1}
            className="analysis-tabs__tab"
            data-testid={`${idPrefix}-tab-${item.id}`}
            onClick={() => onSelect(item.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
