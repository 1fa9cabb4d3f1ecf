import { useEffect, useState } from 'react';
import { GROUP_BYS, RULE_LABELS, RULES, SEVERITIES, SEVERITY_LABELS, STATUS_CHOICES, type FindingsParams } from '../../findings/findings-view';
import '../form.css';
import '../analysis/analysis.css';

const GROUP_LABELS = { severity: 'Severity', rule: 'Rule', person: 'Person' } as const;
const STATUS_LABELS = { open: 'Open', resolved: 'Resolved', all: 'All' } as const;

/**
 * The Findings page's controls; every value lives in the URL (the caller's onChange writes
 * it), so "critical findings" is a link. The status choice only applies to the stored list:
 * at an as-of time the page shows what was open then.
 */
export function FindingsFilters({ params, asOfSet, onChange }: { params: FindingsParams; asOfSet: boolean; onChange: (name: string, value: string, replace?: boolean) => void }) {
  // The search box keeps its own text while typing and writes the URL as it changes (replacing, so Back is not flooded).
  const [q, setQ] = useState(params.q);
  useEffect(() => setQ(params.q), [params.q]);
  return (
    <form className="filter-bar" role="search" aria-label="Filter findings" data-testid="findings-filters" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="findings-status">Status</label>
        <select
          id="findings-status"
          value={asOfSet ? 'open' : params.status}
          disabled={asOfSet}
          aria-describedby={asOfSet ? 'findings-status-help' : undefined}
          onChange={(e) => onChange('status', e.target.value === 'open' ? '' : e.target.value)}
          data-testid="findings-status"
        >
          {STATUS_CHOICES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        {asOfSet ? (
          <span id="findings-status-help" className="field__help">
            At an as-of time: what was open then.
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="findings-severity">Severity</label>
        <select id="findings-severity" value={params.severity ?? ''} onChange={(e) => onChange('severity', e.target.value)} data-testid="findings-severity">
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="findings-rule">Rule</label>
        <select id="findings-rule" value={params.rule ?? ''} onChange={(e) => onChange('rule', e.target.value)} data-testid="findings-rule">
          <option value="">Any rule</option>
          {RULES.map((r) => (
            <option key={r} value={r}>
              {RULE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--wide">
        <label htmlFor="findings-q">Search</label>
        <input
          id="findings-q"
          type="search"
          value={q}
          placeholder="Name, email, title…"
          onChange={(e) => {
            setQ(e.target.value);
            onChange('q', e.target.value, true);
          }}
          data-testid="findings-search"
        />
      </div>
      <div className="field">
        <span id="findings-group-label" className="field__label-text">
          Group by
        </span>
        <div className="segmented-toggle" role="group" aria-labelledby="findings-group-label">
          {GROUP_BYS.map((g) => (
            <button key={g} type="button" aria-pressed={params.group === g} onClick={() => onChange('group', g === 'severity' ? '' : g)} data-testid={`findings-group-${g}`}>
              {GROUP_LABELS[g]}
            </button>
          ))}
        </div>
      </div>
    </form>
  );
}
