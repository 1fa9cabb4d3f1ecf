import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import type { FindingsAnswer, IdentityLink, PersonAccess, PersonTimeline, PrincipalAccess } from '../../../shared/domain/analysis';
import type { PolicyVersion } from '../../../shared/domain/policy';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { AnswerSource } from '../components/analysis/answer-source';
import { NoAnswerState } from '../components/analysis/no-answer-state';
import { IdentityPanel, LeaverPanel } from '../components/people/identity-panel';
import { EffectiveAccessTable } from '../components/people/effective-access-table';
import { FactRefView } from '../components/people/fact-ref';
import { PersonFindings } from '../components/people/person-findings';
import { PersonTimelinePanel } from '../components/people/person-timeline-panel';
import { AccountLinkActions, IdentityLinksTable, ReasonForm, type LinkChange } from '../components/people/identity-link-forms';
import { useLedgerClient } from '../api/client-context';
import { asOfArgs, withAsOf } from '../hooks/as-of';
import { useResolvedAsOf } from '../hooks/as-of-resolution';
import { useApiQuery, type QueryResult } from '../hooks/use-api-query';
import { matchLabel } from '../people/person-format';
import { personPath } from '../people/people-model';

interface PersonLoad {
  person: PersonAccess;
  findings: FindingsAnswer | null;
  links: IdentityLink[];
  policy: PolicyVersion | null;
}

/**
 * One person (or one account no person was found for) at the as-of time: who they are, whether
 * they have left, each Prefect account with its effective access and the provenance of every
 * role, the service accounts they own, open findings, their timeline, and the manual identity
 * links that apply — with the controls to correct matching.
 */
export function PersonPage() {
  const { email: raw = '' } = useParams();
  const email = raw.trim();
  const { at, times, resolution } = useResolvedAsOf();
  const api = useLedgerClient();
  const location = useLocation();
  const navigate = useNavigate();
  const arrivedWith = (location.state as { linkChange?: LinkChange } | null)?.linkChange ?? null;
  const [change, setChange] = useState<LinkChange | null>(arrivedWith);
  const [reload, setReload] = useState(0);
  // A confirmation belongs to the navigation that brought it; a new page visit starts clean.
  useEffect(() => setChange(arrivedWith), [location.key]);

  // Ask only when a complete collection answers for the time (see the People page).
  const ask = resolution?.kind === 'resolved' || resolution?.kind === 'invalid';
  const answering = resolution?.kind === 'resolved' ? resolution.point.collectionId : null;
  const points = times.status === 'ready' ? times.data : [];
  const query = useApiQuery<PersonLoad | null>(
    async (client) => {
      if (!ask) return null;
      const [person, findings, links, policy] = await Promise.all([
        client.personAt({ email, ...asOfArgs(at) }),
        client.listFindings({ email, ...asOfArgs(at) }),
        client.listIdentityLinks({}),
        client.getPolicy({}),
      ]);
      return { person, findings, links, policy };
    },
    [email, at, ask, answering, reload],
  );
  // The timeline is the whole history, not one time: it needs only some complete collection.
  const hasCollections = points.length > 0;
  const timeline = useApiQuery<PersonTimeline | null>(
    async (client) => (hasCollections ? client.personTimeline({ email }) : null),
    [email, hasCollections, points.length, reload],
  );
  const noAnswer = resolution && !ask ? resolution : null;

  const load = query.status === 'ready' ? query.data : null;
  const person = load?.person ?? null;
  const found = person !== null && (person.identity !== null || person.accounts.length > 0);
  const state: PageState =
    times.status === 'error' || query.status === 'error'
      ? 'error'
      : noAnswer
        ? 'empty'
        : resolution === null || query.status === 'loading'
          ? 'loading'
          : found
            ? 'ready'
            : 'empty';
  const title = person?.identity?.displayName ?? person?.accounts[0]?.name ?? email;

  const onChanged = (next: LinkChange) => {
    if (next.linkedEmail && next.linkedEmail.toLowerCase() !== email.toLowerCase()) {
      // The account now belongs to someone else: show it on their page, where it is listed.
      void navigate(withAsOf(personPath(next.linkedEmail), at), { state: { linkChange: next } });
      return;
    }
    setChange(next);
    setReload((n) => n + 1);
  };

  return (
    <PageShell
      id="person"
      title={title || 'Person'}
      description={
        <>
          <span className="mono">{email}</span> · <Link to={withAsOf('/people', at)}>← All people</Link>
        </>
      }
      state={state}
    >
      {change ? (
        <div className="link-confirmation" role="status" data-testid="link-confirmation" data-action={change.action}>
          <p>
            <strong>{change.text}</strong> Recorded on the ledger as <code>{change.action}</code>; findings were judged again.{' '}
            <Link to="/ledger" data-testid="link-confirmation-ledger">
              Open the ledger
            </Link>
          </p>
        </div>
      ) : null}
      {state === 'loading' ? <LoadingState label="Loading this person…" /> : null}
      {times.status === 'error' ? <ErrorState title="Could not read the complete collections" error={times.error} onRetry={times.retry} /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load this person" error={query.error} onRetry={query.retry} /> : null}
      {noAnswer ? (
        <NoAnswerState resolution={noAnswer} />
      ) : null}
      {load && !noAnswer ? (
        <PersonBody
          email={email}
          at={at}
          person={load.person}
          findings={load.findings}
          links={load.links}
          deadlineHours={load.policy?.policy.offboardingDeadlineHours ?? null}
          firstCollectionAt={points[0]?.at ?? null}
          lastCollectionAt={points.at(-1)?.at ?? null}
          timeline={timeline}
          onChanged={onChanged}
          clearLink={async (link, reason) => {
            const result = await api.clearIdentityLink({
              subjectKind: link.subjectKind,
              sourceId: link.sourceId,
              subjectId: link.subjectId,
              identityId: link.identityId,
              ...(reason ? { reason } : {}),
            });
            onChanged({
              action: 'identity.link-cleared',
              text: result.cleared ? `Cleared the manual ${link.mode} of ${link.sourceId}/${link.subjectId}.` : 'That manual link was already gone.',
              linkedEmail: null,
            });
          }}
        />
      ) : null}
    </PageShell>
  );
}

function PersonBody({
  email,
  at,
  person,
  findings,
  links,
  deadlineHours,
  firstCollectionAt,
  lastCollectionAt,
  timeline,
  onChanged,
  clearLink,
}: {
  email: string;
  at: string | null;
  person: PersonAccess;
  findings: FindingsAnswer | null;
  links: IdentityLink[];
  deadlineHours: number | null;
  firstCollectionAt: string | null;
  lastCollectionAt: string | null;
  timeline: QueryResult<PersonTimeline | null>;
  onChanged: (change: LinkChange) => void;
  clearLink: (link: IdentityLink, reason: string) => Promise<void>;
}) {
  const { identity } = person;
  const [clearing, setClearing] = useState<IdentityLink | null>(null);
  const linksFor = (account: PrincipalAccess) => links.filter((l) => l.sourceId === account.sourceId && l.subjectId === account.actorId);
  // Manual links about this person, or about an account shown here.
  const relevant = useMemo(
    () =>
      links.filter(
        (l) =>
          (identity !== null && l.identityId === identity.identityId) ||
          person.accounts.some((a) => a.sourceId === l.sourceId && a.actorId === l.subjectId) ||
          person.serviceAccounts.some((a) => a.sourceId === l.sourceId && a.actorId === l.subjectId),
      ),
    [links, identity, person],
  );

  const manualLinks = identity ? [] : person.accounts.flatMap((a) => linksFor(a).filter((l) => l.mode === 'link'));

  if (!identity && person.accounts.length === 0) {
    return (
      <div className="stack">
        <AnswerSource asOf={person} label={at ? `As of ${at}: answer from` : 'Now: answer from'} testId="as-of-answer" />
        <EmptyState title="No one with this address at this time" testId="person-not-found">
          <p>
            No HR record, IdP account or Prefect membership has the address <span className="mono">{email}</span> in collection {person.collectionId}. Try
            another time, or <Link to={withAsOf('/people', at)}>search People</Link>.
          </p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="stack">
      <AnswerSource asOf={person} label={at ? `As of ${at}: answer from` : 'Now: answer from'} testId="as-of-answer" />
      {identity ? (
        <>
          {person.leaver ? <LeaverPanel leaver={person.leaver} /> : null}
          <IdentityPanel identity={identity} />
        </>
      ) : manualLinks.length > 0 ? (
        <div className="leaver-banner leaver-banner--no" role="note" data-testid="person-unknown" data-linked="true">
          <p>
            <strong>No HR record or IdP account has this address</strong>, but its Prefect account is linked manually to{' '}
            <span className="mono">{manualLinks.map((l) => l.identityId).join(', ')}</span>: it is listed on that person’s page. Clear the link below to make it
            an unknown account again.
          </p>
        </div>
      ) : (
        <div className="leaver-banner" role="note" data-testid="person-unknown" data-linked="false">
          <p>
            <strong>No person found for this Prefect account.</strong> No HR record or IdP account has this address, and no matching rule or manual link
            ties it to anyone. Link it to the person it belongs to, or leave it flagged as an unknown account.
          </p>
        </div>
      )}

      <Panel title="Prefect access" testId="person-access" aside={<span className="muted">{person.accounts.length} account(s)</span>}>
        {person.accounts.length === 0 ? (
          <p className="muted" data-testid="person-no-accounts">
            No Prefect account at this time.
          </p>
        ) : (
          <div className="stack">
            {person.accounts.map((account) => {
              const link = identity?.prefect.find((p) => p.sourceId === account.sourceId && p.actorId === account.actorId) ?? null;
              return (
                <section key={`${account.sourceId}/${account.id}`} className="person-account" data-testid="person-account" data-active={account.active} data-actor={account.actorId}>
                  <div className="account-head">
                    <h3 className="person-subhead">
                      {account.email ?? account.handle ?? account.id} <span className="tag">{account.sourceId}</span>
                    </h3>
                    <span>
                      Account role <strong data-testid="account-role">{account.accountRoleName ?? 'none'}</strong>
                    </span>
                    <span>{account.active ? 'active' : <strong>inactive</strong>}</span>
                    <span className="muted">{link ? `matched by ${matchLabel(link.matchedBy)}` : identity ? '' : 'no person'}</span>
                  </div>
                  <p className="muted">
                    Membership: <FactRefView fact={account.fact} />
                  </p>
                  <EffectiveAccessTable workspaces={account.workspaces} accountLabel={account.email ?? account.id} active={account.active} />
                  {account.type === 'user' ? (
                    <AccountLinkActions
                      account={account}
                      personIdentityId={identity?.identityId ?? null}
                      personName={identity?.displayName ?? null}
                      links={linksFor(account)}
                      at={at}
                      onChanged={onChanged}
                    />
                  ) : null}
                </section>
              );
            })}
          </div>
        )}
      </Panel>

      {identity ? (
        <Panel title="Service accounts owned" testId="person-service-accounts">
          {person.serviceAccounts.length === 0 ? (
            <p className="muted">None: no service account was created by or linked to this person.</p>
          ) : (
            <div className="stack">
              {person.serviceAccounts.map((sa) => {
                const owned = identity.serviceAccounts.find((s) => s.sourceId === sa.sourceId && s.botId === sa.id);
                return (
                  <section key={`${sa.sourceId}/${sa.id}`} data-testid="person-service-account">
                    <div className="account-head">
                      <h3 className="person-subhead">
                        {sa.name ?? sa.id} <span className="tag">{sa.sourceId}</span>
                      </h3>
                      <span>
                        Account role <strong>{sa.accountRoleName ?? 'none'}</strong>
                      </span>
                      <span>{sa.active ? 'active' : <strong>inactive</strong>}</span>
                      {owned ? <span className="muted">owner {owned.matchedBy === 'manual' ? 'linked manually' : `from the audit log (${owned.matchedBy})`}</span> : null}
                    </div>
                    <EffectiveAccessTable workspaces={sa.workspaces} accountLabel={sa.name ?? sa.id} active={sa.active} />
                  </section>
                );
              })}
            </div>
          )}
        </Panel>
      ) : null}

      <Panel title="Open findings" testId="person-findings-panel">
        {findings ? <PersonFindings answer={findings} at={at} /> : <p className="muted">Not available.</p>}
      </Panel>

      <PersonTimelinePanel timeline={timeline} deadlineHours={deadlineHours} firstCollectionAt={firstCollectionAt} lastCollectionAt={lastCollectionAt} />

      <Panel title="Manual identity links" testId="person-links-panel">
        {relevant.length === 0 ? (
          <p className="muted" data-testid="identity-links-none">
            None: every account here was matched automatically.
          </p>
        ) : (
          <IdentityLinksTable links={relevant} onClear={setClearing} />
        )}
        {clearing ? (
          <ReasonForm
            title={`Clear the manual ${clearing.mode} of ${clearing.sourceId}/${clearing.subjectId}`}
            submitLabel="Clear"
            reasonOptional
            testId="clear-row-form"
            onCancel={() => setClearing(null)}
            onSubmit={async (reason) => {
              await clearLink(clearing, reason);
              setClearing(null);
            }}
          />
        ) : null}
      </Panel>
    </div>
  );
}
