import { NotBuiltYetPage } from '../components/not-built-yet-page';

/** Evidence: exportable proof of who had access when, for auditors. */
export function EvidencePage() {
  return (
    <NotBuiltYetPage
      id="evidence"
      title="Evidence"
      description="Exports an auditor can check: who had access, when, and how you know."
      willShow={[
        'Evidence packs of access as of a date, each citing the collections that prove it',
        'Past exports with the ledger entry that records each one',
      ]}
    />
  );
}
