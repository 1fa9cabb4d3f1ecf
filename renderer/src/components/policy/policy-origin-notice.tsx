import '../connections/connections.css';

/**
 * Says where the policy comes from when Settings may not change it (a config file with a
 * `policy:` section given to the app, `serve --config` or `collect --config`), so nobody hunts
 * for a missing Save button.
 */
export function PolicyOriginNotice({ path }: { path: string }) {
  return (
    <div className="notice" data-testid="policy-readonly">
      <div className="notice__body">
        <p className="notice__title">Read-only: this policy comes from the config file {path}</p>
        <p>
          Its <code>policy:</code> section is applied each time Access Ledger starts with that file (a new version only when the content
          changed). To change the policy, edit the file and restart.
        </p>
      </div>
    </div>
  );
}
