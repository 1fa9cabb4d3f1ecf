import { useCallback, useState } from 'react';
import { PageShell, type PageState } from '../components/page-shell';
import { AnalysisTabs } from '../components/analysis/analysis-tabs';
import { ChangesView } from '../components/access-diff/changes-view';
import { IdpVsPrefectView } from '../components/access-diff/idp-vs-prefect-view';
import { WhoHasAccessView } from '../components/access-diff/who-has-access-view';
import { useAsOf } from '../hooks/as-of';
import { useUrlParams } from '../hooks/use-url-params';

type Tab = 'changes' | 'idp' | 'access';
const TABS: { id: Tab; label: string }[] = [
  { id: 'changes', label: 'Changes between two times' },
  { id: 'idp', label: 'IdP vs Prefect at one time' },
  { id: 'access', label: 'Who has access' },
];

/**
 * Access diff: what changed between two times, where the directory and Prefect disagree at one
 * time, and who had access to what at one time. The tab is in the URL (?tab=), like every
 * control of each view, so findings and reports can link straight to an answer.
 */
export function AccessDiffPage() {
  const { at } = useAsOf();
  const [params, setParams] = useUrlParams();
  const raw = params.get('tab');
  const tab: Tab = raw === 'idp' || raw === 'access' ? raw : 'changes';
  // Each view reports its state; a report from another tab (still on screen a moment) is not this tab's.
  const [reported, setReported] = useState<{ tab: Tab; state: PageState }>({ tab, state: 'loading' });
  const onChangesState = useCallback((state: PageState) => setReported({ tab: 'changes', state }), []);
  const onIdpState = useCallback((state: PageState) => setReported({ tab: 'idp', state }), []);
  const onAccessState = useCallback((state: PageState) => setReported({ tab: 'access', state }), []);
  const state = reported.tab === tab ? reported.state : 'loading';

  return (
    <PageShell id="access-diff" title="Access diff" description="Compare who could do what at two points in time, the directory with Prefect, and who had access at one time." state={state}>
      <AnalysisTabs items={TABS} selected={tab} onSelect={(id) => setParams({ tab: id === 'changes' ? null : id })} label="Access views" idPrefix="access-diff" />
      <div role="tabpanel" id="access-diff-panel" aria-labelledby={`access-diff-tab-${tab}`} data-testid={`access-diff-view-${tab}`}>
        {tab === 'changes' ? <ChangesView at={at} params={params} setParams={setParams} onState={onChangesState} /> : null}
        {tab === 'idp' ? <IdpVsPrefectView at={at} onState={onIdpState} /> : null}
        {tab === 'access' ? <WhoHasAccessView at={at} params={params} setParams={setParams} onState={onAccessState} /> : null}
      </div>
    </PageShell>
  );
}
