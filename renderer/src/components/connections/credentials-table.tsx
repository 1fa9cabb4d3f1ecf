import type { CredentialStatus } from '../../../../shared/domain/collection';
import { ToneBadge } from '../tone-badge';
import { CredentialStoreForm } from './credential-store-form';
import '../data-table.css';
import './connections.css';

/**
 * The credentials the connections name, whether each can be found, and how to provide one:
 * stored in the OS keychain in the desktop app, or an environment variable for `serve`.
 * Values are never shown.
 */
export function CredentialsTable({ credentials, canStore, onStored }: { credentials: readonly CredentialStatus[]; canStore: boolean; onStored: () => void }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="credentials-table">
        <caption className="visually-hidden">Credentials the connections need</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Read from</th>
            <th scope="col">{canStore ? 'Store a value' : 'How to provide it'}</th>
          </tr>
        </thead>
        <tbody>
          {credentials.map((c) => (
            <tr key={c.name} data-testid="credential-row" data-name={c.name} data-present={String(c.present)}>
              <td className="mono">{c.name}</td>
              <td>
                <ToneBadge tone={c.present ? 'ok' : 'warn'}>{c.present ? 'present' : 'missing'}</ToneBadge>
              </td>
              <td className="muted">{c.where}</td>
              <td>
                {canStore ? (
                  <CredentialStoreForm name={c.name} present={c.present} onStored={onStored} />
                ) : (
                  <p className="cred-help">
                    {c.present ? 'Set when the server started. To change it, set ' : 'Set '}the environment variable <code>{c.name}</code> before
                    starting <code>access-ledger serve</code>.
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
