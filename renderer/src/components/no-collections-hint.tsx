import { Link } from 'react-router-dom';

/** The one sentence that tells a newcomer how to get data in. */
export function NoCollectionsHint() {
  return (
    <p>
      Connect a source in <Link to="/settings/connections">Settings &gt; Connections</Link>, then collect from{' '}
      <Link to="/settings/collections">Settings &gt; Collections</Link>; or explore a realistic demo organisation with{' '}
      <code>access-ledger serve --demo</code>, which keeps it in its own database.
    </p>
  );
}
