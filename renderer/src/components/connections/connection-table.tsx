import type { CredentialStatus } from '../../../../shared/domain/collection';
import type { SourceConfig } from '../../../../shared/domain/source-config';
import { ConnectionRow } from './connection-row';
import '../data-table.css';

const COLUMNS = 5;

export interface ConnectionTableProps {
  connections: readonly SourceConfig[];
  credentials: readonly CredentialStatus[];
  readOnly: boolean;
  onEdit: (connection: SourceConfig) => void;
  onDeleted: (id: string) => void;
}

/** Every configured source, with its test, edit and delete actions (edit and delete only when saved in the app). */
export function ConnectionTable({ connections, credentials, readOnly, onEdit, onDeleted }: ConnectionTableProps) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="connection-table">
        <caption className="visually-hidden">Connections</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Kind</th>
            <th scope="col">Reads from</th>
            <th scope="col">Credentials</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.map((c) => (
            <ConnectionRow key={c.id} connection={c} credentials={credentials} readOnly={readOnly} columns={COLUMNS} onEdit={onEdit} onDeleted={onDeleted} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
