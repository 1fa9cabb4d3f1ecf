import { NoCollectionsPage } from '../components/no-collections-page';

/** Access diff: what changed between two points in time. Filled by the analysis work. */
export function AccessDiffPage() {
  return (
    <NoCollectionsPage
      id="access-diff"
      title="Access diff"
      description="Compare who could do what at two points in time."
      willShow={[
        'Access added, removed and changed between two dates, by person and by workspace',
        'The identity provider compared with Prefect Cloud at one moment',
        'Filters that hide noise such as last-login changes',
      ]}
    />
  );
}
