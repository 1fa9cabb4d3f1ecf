import './connections.css';

/**
 * Says where the sources come from when they cannot be edited here (a config file given to
 * `serve --config` or `collect --config`), so nobody hunts for a missing Edit button.
 */
export function ReadOnlyNotice({ origin }: { origin: string }) {
  return (
    <div className="notice" data-testid="connections-readonly">
      <div className="notice__body">
        <p className="notice__title">Read-only: these sources come from {origin}</p>
        <p>
          They were given to <code>access-ledger serve --config</code>. To add, change or remove a source, edit that file and
          restart the server. Testing a connection still works here.
        </p>
      </div>
    </div>
  );
}
