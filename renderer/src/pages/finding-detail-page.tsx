import { Link, useParams } from 'react-router-dom';
import { PageShell } from '../components/page-shell';
import { ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SeverityBadge } from '../components/findings/severity-badge';
import { EvidenceTable } from '../components/findings/evidence-table';
import { useApiQuery } from '../hooks/use-api-query';
import { useAsOf, withAsOf } from '../hooks/as-of';
import { ApiCallError } from '../api/ledger-client';
import { detailLines, type DetailPart } from '../findings/finding-details';
import { KIND_LABELS, RULE_LABELS } from '../findings/findings-view';
import { personPath, workspaceAccessPath } from '../access-diff/diff-view';
import { formatTimestamp } from '../format';
import type { FindingSubject } from '../../../shared/domain/analysis';
import '../components/analysis/analysis.css';

const FINDING_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/** One finding in full: what, about whom, since when, under which policy, and the evidence behind it. */
export function FindingDetailPage() {
  const { id: raw = '' } = useParams();
  const { at } = useAsOf();
  const valid = FINDING_ID.test(raw);
  const query = useApiQuery(
    (api) => (valid ? api.getFinding({ id: raw }) : Promise.reject(new ApiCallError('NOT_FOUND', `"${raw}" is not a finding id.`))),
    [raw],
  );
  const f = query.status === 'ready' ? query.data : null;

  return (
    <PageShell id="finding" title={f ? f.title : 'Finding'} description={f ? undefined : 'One finding, with its history and evidence.'} state={query.status === 'ready' ? 'ready' : query.status}>
      <Link className="back-link" to={withAsOf('/findings', at)}>
        ← All findings
      </Link>
      {query.status === 'loading' ? <LoadingState label="Loading the finding…" /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load this finding" error={query.error} onRetry={query.retry} /> : null}
      {f ? (
        <div className="stack">
          <Panel title="Summary" testId="finding-summary">
            <dl className="keyvals">
              <dt>Severity</dt>
              <dd>
                <SeverityBadge severity={f.severity} />
              </dd>
              <dt>Status</dt>
              <dd data-testid="finding-status">{f.status === 'open' ? 'open' : 'resolved'}</dd>
              <dt>Rule</dt>
              <dd>
                {RULE_LABELS[f.rule] ?? f.rule} <code>{f.rule}</code>
              </dd>
              <dt>Kind</dt>
              <dd data-testid="finding-kind" data-kind={f.kind}>
                {KIND_LABELS[f.kind] ?? f.kind} <code>{f.kind}</code>
              </dd>
              <dt>Subject</dt>
              <dd>
                <Subject subject={f.subject} at={at} />
              </dd>
              <dt>First seen</dt>
              <dd>
                <CollectionAt point={f.firstSeen} testId="finding-first-seen" />
              </dd>
              <dt>Last seen</dt>
              <dd>
                <CollectionAt point={f.lastSeen} testId="finding-last-seen" />
              </dd>
              <dt>Resolved in</dt>
              <dd>{f.resolvedIn ? <CollectionAt point={f.resolvedIn} testId="finding-resolved-in" /> : <span className="muted">not resolved</span>}</dd>
              <dt>Policy version</dt>
              <dd data-testid="finding-policy-version">judged under policy version {f.policyVersion}</dd>
              <dt>Finding id</dt>
              <dd>
                <code>{f.id}</code>
              </dd>
            </dl>
          </Panel>

          <Panel title="Details" testId="finding-details">
            {Object.keys(f.details).length === 0 ? (
              <p className="muted">No further details.</p>
            ) : (
              <dl className="keyvals">
                {detailLines(f.details).map((line) => (
                  <DetailRow key={line.key} label={line.label} parts={line.parts} />
                ))}
              </dl>
            )}
          </Panel>

          <Panel title="History" testId="finding-history" aside={<span className="muted">{f.history.length === 1 ? '1 change' : `${f.history.length} changes`}</span>}>
            <ol className="bullet-list">
              {f.history.map((h) => (
                <li key={`${h.collectionId}:${h.change}`} data-testid="finding-history-entry" data-change={h.change}>
                  {h.change} in <Link to={`/settings/collections/${h.collectionId}`}>collection {h.collectionId}</Link> (
                  <time dateTime={h.at}>{formatTimestamp(h.at)}</time>)
                </li>
              ))}
            </ol>
          </Panel>

          <Panel title="Evidence" testId="finding-evidence" aside={<span className="muted">{f.evidence.length === 1 ? '1 item' : `${f.evidence.length} items`}</span>}>
            {f.evidence.length > 0 ? <EvidenceTable evidence={f.evidence} /> : <p className="muted">This finding carries no evidence.</p>}
          </Panel>
        </div>
      ) : null}
    </PageShell>
  );
}

function Subject({ subject: s, at }: { subject: FindingSubject; at: string | null }) {
  const what = { identity: 'person', member: 'Prefect account', bot: 'service account', 'api-key': 'API key' }[s.type];
  return (
    <span data-testid="finding-subject">
      {s.name ?? s.email ?? s.id} <span className="muted">({what})</span>
      {s.email ? (
        <>
          {' · '}
          <Link to={withAsOf(personPath(s.email), at)} data-testid="finding-subject-person">
            {s.email}
          </Link>
        </>
      ) : null}
      {s.workspaceId ? (
        <>
          {' · '}
          <Link to={withAsOf(workspaceAccessPath(s.workspaceId), at)} data-testid="finding-subject-workspace">
            who has access to this workspace
          </Link>
        </>
      ) : null}
      {s.sourceId ? <span className="muted"> · source {s.sourceId}</span> : null}
    </span>
  );
}

function CollectionAt({ point, testId }: { point: { collectionId: number; at: string }; testId: string }) {
  return (
    <span data-testid={testId}>
      <Link to={`/settings/collections/${point.collectionId}`}>collection {point.collectionId}</Link> (<time dateTime={point.at}>{formatTimestamp(point.at)}</time>)
    </span>
  );
}

function DetailRow({ label, parts }: { label: string; parts: DetailPart[] }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {parts.map((p, i) =>
          typeof p === 'string' ? (
            <span key={i}>{p}</span>
          ) : (
            <CollectionAt key={i} point={p} testId="finding-detail-collection" />
          ),
        )}
      </dd>
    </>
  );
}
