import { Link } from 'react-router-dom';

/** The one sentence that tells a newcomer how to get data in. */
export function NoCollectionsHint() {
  return (
    <p>
      Connect a source in <Link to="/settings/connections">Settings &gt; Connections</Link>, then collect from{' '}
      <Link to="/settings/collections">Settings &gt; Collections</Link>; or run <code>access-ledger demo</code> to load a
      realistic demo organisation.
    </p>
  );
}
