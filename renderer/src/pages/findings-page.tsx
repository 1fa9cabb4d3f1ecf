import { NoCollectionsPage } from '../components/no-collections-page';

/** Findings: policy problems found in the collected data. Filled by the analysis work. */
export function FindingsPage() {
  return (
    <NoCollectionsPage
      id="findings"
      title="Findings"
      description="Problems with access, judged against your policy, each with its evidence."
      willShow={[
        'Leavers still active, missed offboarding deadlines and dormant accounts',
        'Role drift, direct grants that bypass IdP-governed teams, and unknown accounts',
        'Service-account and API-key risks, and segregation-of-duties conflicts',
      ]}
    />
  );
}
