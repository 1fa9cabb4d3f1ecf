import { NavLink } from 'react-router-dom';
import './settings-tabs.css';

const SECTIONS = [
  { id: 'general', path: '/settings', label: 'General', end: true },
  { id: 'connections', path: '/settings/connections', label: 'Connections', end: false },
  { id: 'collections', path: '/settings/collections', label: 'Collections', end: false },
  { id: 'policy', path: '/settings/policy', label: 'Policy', end: false },
] as const;

/** The sections of Settings, so connections and collection history are one click from each other. */
export function SettingsTabs() {
  return (
    <nav className="subnav" aria-label="Settings sections">
      <ul className="subnav__list">
        {SECTIONS.map((s) => (
          <li key={s.id}>
            <NavLink to={s.path} end={s.end} className="subnav__link" data-testid={`settings-tab-${s.id}`}>
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
