import type { PeopleFilters, ValueFilter } from '../../people/people-model';
import { HR_STATUSES, IDP_LIFECYCLES } from '../../people/people-model';
import '../form.css';
import './people.css';

export interface PeopleFiltersProps {
  /** The text in the search box (updated on every keystroke; the list follows after a pause). */
  searchText: string;
  onSearchText: (text: string) => void;
  filters: PeopleFilters;
  onFilters: (next: PeopleFilters) => void;
  onClear: () => void;
  canClear: boolean;
}

const CHECKBOXES: readonly { key: 'leaversOnly' | 'activeInPrefect' | 'withOpenFindings' | 'unknownOnly'; label: string }[] = [
  { key: 'leaversOnly', label: 'Leavers only' },
  { key: 'activeInPrefect', label: 'Active in Prefect' },
  { key: 'withOpenFindings', label: 'With open findings' },
  { key: 'unknownOnly', label: 'Unknown accounts (no person)' },
];

/** Search and filters above the People table; every control is labelled and reachable by keyboard. */
export function PeopleFiltersBar({ searchText, onSearchText, filters, onFilters, onClear, canClear }: PeopleFiltersProps) {
  return (
    <div className="people-filters" role="search" aria-label="Search and filter people">
      <div className="field people-filters__search">
        <label htmlFor="people-search">Search</label>
        <input
          id="people-search"
          type="search"
          value={searchText}
          onChange={(event) => onSearchText(event.target.value)}
          placeholder="Name, email or employee id"
          autoComplete="off"
          spellCheck={false}
          data-testid="people-search"
        />
      </div>
      <ValueFilterSelect
        id="people-hr"
        label="HR status"
        testId="people-filter-hr"
        value={filters.hrStatus}
        values={HR_STATUSES}
        noneLabel="Not in HR"
        onChange={(hrStatus) => onFilters({ ...filters, hrStatus })}
      />
      <ValueFilterSelect
        id="people-idp"
        label="IdP lifecycle"
        testId="people-filter-idp"
        value={filters.idpLifecycle}
        values={IDP_LIFECYCLES}
        noneLabel="No IdP account"
        onChange={(idpLifecycle) => onFilters({ ...filters, idpLifecycle })}
      />
      <fieldset className="people-filters__checks">
        <legend className="visually-hidden">Show only</legend>
        {CHECKBOXES.map(({ key, label }) => (
          <label key={key} className="people-check">
            <input type="checkbox" checked={filters[key]} onChange={(event) => onFilters({ ...filters, [key]: event.target.checked })} data-testid={`people-filter-${key}`} />
            {label}
          </label>
        ))}
      </fieldset>
      <button type="button" className="button button--secondary button--small people-filters__clear" onClick={onClear} disabled={!canClear} data-testid="people-clear">
        Clear
      </button>
    </div>
  );
}

/** One "any / each value / none" filter: HR status and IdP lifecycle are both this shape. */
function ValueFilterSelect<V extends string>(props: {
  id: string;
  label: string;
  testId: string;
  value: ValueFilter<V>;
  values: readonly V[];
  noneLabel: string;
  onChange: (value: ValueFilter<V>) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value as ValueFilter<V>)} data-testid={props.testId}>
        <option value="any">Any</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
        <option value="none">{props.noneLabel}</option>
      </select>
    </div>
  );
}
