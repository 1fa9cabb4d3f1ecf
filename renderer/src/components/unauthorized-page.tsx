import './unauthorized-page.css';

/**
 * Replaces the whole app when the page has no usable token: without it every API call is
 * refused, so showing the frame with a wall of errors would only confuse.
 */
export function UnauthorizedPage() {
  return (
    <main className="unauthorized" data-testid="unauthorized" data-state="unauthorized">
      <div className="unauthorized__card">
        <p className="unauthorized__brand">Access Ledger</p>
        <h1 className="unauthorized__title">
          This page needs the link printed by <span className="nowrap">access-ledger serve</span>
        </h1>
        <p>
          The local server only answers pages opened from the link it prints when it starts, for example
          <br />
          <code>Open: http://127.0.0.1:PORT/#token=…</code>
        </p>
        <ol className="unauthorized__steps">
          <li>
            Find the terminal where <code>access-ledger serve</code> is running, or start it again.
          </li>
          <li>Open the link it printed. Each start prints a new link; older links stop working.</li>
        </ol>
      </div>
    </main>
  );
}
