import type { SettingValue, SettingsMap } from '../../../shared/domain/app';
import { formatSettingValue, settingType } from '../format';
import './data-table.css';

/** Every stored setting with its type; "Edit" loads a row into the form. */
export function SettingsTable({ settings, onEdit }: { settings: SettingsMap; onEdit: (key: string, value: SettingValue) => void }) {
  const keys = Object.keys(settings).sort();
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="settings-table">
        <caption className="visually-hidden">Stored settings</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">Type</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const value = settings[key] ?? null;
            return (
              <tr key={key} data-testid="setting-row" data-key={key}>
                <td className="mono">{key}</td>
                <td className={value === null ? 'muted' : 'mono'}>{formatSettingValue(value)}</td>
                <td className="muted">{settingType(value)}</td>
                <td className="actions">
                  <button type="button" className="button button--link" onClick={() => onEdit(key, value)} aria-label={`Edit ${key}`}>
                    Edit
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
