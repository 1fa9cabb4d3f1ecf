import { NoCollectionsPage } from '../components/no-collections-page';

/** People: every identity across HR, the IdP and Prefect. Filled by the analysis work. */
export function PeoplePage() {
  return (
    <NoCollectionsPage
      id="people"
      title="People"
      description="Everyone known to your HR roster, identity provider and Prefect Cloud, linked into one identity."
      willShow={[
        'A searchable, filterable table of every person and account, with HR and IdP status',
        'Each person’s effective Prefect access per workspace, with where it comes from',
        'A timeline of joins, moves, leaves, grants and removals',
      ]}
    />
  );
}
