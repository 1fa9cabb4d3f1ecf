import { Link } from 'react-router-dom';

/** The one sentence that tells a newcomer how to get data in. */
export function NoCollectionsHint() {
  return (
    <p>
      Connect a source in <Link to="/settings">Settings</Link> or run <code>access-ledger demo</code> to load a
      realistic demo organisation.
    </p>
  );
}
