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
      <div className="field">
        <label htmlFor="people-hr">HR status</label>
        <select
          id="people-hr"
          value={filters.hrStatus}
          onChange={(event) => onFilters({ ...filters, hrStatus: event.target.value as ValueFilter<(typeof HR_STATUSES)[number]> })}
          data-testid="people-filter-hr"
        >
          <option value="any">Any</option>
          {HR_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="none">Not in HR</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="people-idp">IdP lifecycle</label>
        <select
          id="people-idp"
          value={filters.idpLifecycle}
          onChange={(event) => onFilters({ ...filters, idpLifecycle: event.target.value as ValueFilter<(typeof IDP_LIFECYCLES)[number]> })}
          data-testid="people-filter-idp"
        >
          <option value="any">Any</option>
          {IDP_LIFECYCLES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="none">No IdP account</option>
        </select>
      </div>
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
