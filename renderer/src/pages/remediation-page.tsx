import { NotBuiltYetPage } from '../components/not-built-yet-page';

/** Remediation: proposed and applied fixes for findings. */
export function RemediationPage() {
  return (
    <NotBuiltYetPage
      id="remediation"
      title="Remediation"
      description="Fixes for findings: proposed, approved, applied and verified."
      willShow={[
        'Proposed changes for each open finding, and who approved them',
        'What was changed in Prefect Cloud, when, and whether a later collection confirmed it',
      ]}
    />
  );
}
