import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { IdentityLink, PersonRow, PrincipalAccess } from '../../../../shared/domain/analysis';
import { useLedgerClient } from '../../api/client-context';
import { asApiCallError, useApiQuery } from '../../hooks/use-api-query';
import { asOfArgs } from '../../hooks/as-of';
import { foldText } from '../../people/people-model';
import type { ApiCallError } from '../../api/ledger-client';
import { ErrorState, LoadingState } from '../status-views';
import '../form.css';
import '../button-variants.css';
import './people.css';

/** What a change did, for the confirmation the page shows after reloading. */
export interface LinkChange {
  action: 'identity.linked' | 'identity.unlinked' | 'identity.link-cleared';
  text: string;
  /** The person the account now belongs to, when it was linked to one. */
  linkedEmail: string | null;
}

type Subject = Pick<IdentityLink, 'subjectKind' | 'sourceId' | 'subjectId'>;

export function subjectOf(account: PrincipalAccess): Subject {
  return { subjectKind: account.type === 'bot' ? 'service-account' : 'prefect-user', sourceId: account.sourceId, subjectId: account.actorId };
}

/** The picker shows this many matches at most; typing narrows it. */
const PICKER_LIMIT = 50;

/** A small form: a reason (required unless `reasonOptional`), a submit button, and the API's error if it refuses. */
export function ReasonForm({
  title,
  submitLabel,
  reasonOptional = false,
  onSubmit,
  onCancel,
  children,
  disabled = false,
  testId,
}: {
  title: string;
  submitLabel: string;
  reasonOptional?: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
  children?: ReactNode;
  disabled?: boolean;
  testId: string;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [missingReason, setMissingReason] = useState(false);
  const reasonId = `${testId}-reason`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reasonOptional && reason.trim() === '') {
      setMissingReason(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
    } catch (e) {
      setError(asApiCallError(e));
      setBusy(false);
    }
  };
  return (
    <form className="link-form" onSubmit={(e) => void submit(e)} data-testid={testId} aria-label={title}>
      <p className="person-subhead">{title}</p>
      {children}
      <div className="field">
        <label htmlFor={reasonId}>Reason {reasonOptional ? '(optional)' : '(required, kept on the ledger)'}</label>
        <textarea
          id={reasonId}
          value={reason}
          maxLength={2000}
          onChange={(e) => {
            setReason(e.target.value);
            setMissingReason(false);
          }}
          aria-invalid={missingReason}
          aria-describedby={missingReason ? `${reasonId}-error` : undefined}
          data-testid={`${testId}-reason`}
        />
        {missingReason ? (
          <span className="field__error" id={`${reasonId}-error`} role="alert">
            Say why: the reason is recorded on the ledger with the change.
          </span>
        ) : null}
      </div>
      {error ? <ErrorState title="The change was not made" error={error} /> : null}
      <div className="form__actions">
        <button type="submit" className="button" disabled={busy || disabled} data-testid={`${testId}-submit`}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The manual corrections for one Prefect account: link an account no person was found for,
 * unlink one matched to the wrong person, or clear a manual link so matching decides again.
 * The engine records each change on the ledger; the page confirms it and reloads.
 */
export function AccountLinkActions({
  account,
  personIdentityId,
  personName,
  links,
  at,
  onChanged,
}: {
  account: PrincipalAccess;
  /** The identity this page is about; null on the page of an account with no person. */
  personIdentityId: string | null;
  personName: string | null;
  /** The manual links in force for this account. */
  links: readonly IdentityLink[];
  at: string | null;
  onChanged: (change: LinkChange) => void;
}) {
  const api = useLedgerClient();
  const [open, setOpen] = useState<'link' | 'unlink' | 'clear' | null>(null);
  const subject = subjectOf(account);
  const linked = links.find((l) => l.mode === 'link') ?? null;
  const label = account.email ?? account.handle ?? account.actorId;

  if (open === 'link') {
    return (
      <LinkToPersonForm
        at={at}
        accountLabel={label}
        onCancel={() => setOpen(null)}
        onLink={async (person, reason) => {
          await api.setIdentityLink({ ...subject, identityId: person.identityId!, mode: 'link', reason });
          onChanged({ action: 'identity.linked', text: `Linked the Prefect account ${label} to ${person.displayName ?? person.email ?? person.identityId}.`, linkedEmail: person.email });
        }}
      />
    );
  }
  if (open === 'unlink' && personIdentityId) {
    return (
      <ReasonForm
        title={`Unlink ${label} from ${personName ?? personIdentityId}`}
        submitLabel="Unlink"
        testId="unlink-form"
        onCancel={() => setOpen(null)}
        onSubmit={async (reason) => {
          await api.setIdentityLink({ ...subject, identityId: personIdentityId, mode: 'unlink', reason });
          onChanged({ action: 'identity.unlinked', text: `Unlinked the Prefect account ${label} from ${personName ?? personIdentityId}: matching will never tie them again.`, linkedEmail: null });
        }}
      >
        <p className="muted">Automatic matching will never tie this account to this person again (until the unlink is cleared).</p>
      </ReasonForm>
    );
  }
  if (open === 'clear' && linked) {
    return (
      <ReasonForm
        title={`Clear the manual link of ${label}`}
        submitLabel="Clear manual link"
        reasonOptional
        testId="clear-link-form"
        onCancel={() => setOpen(null)}
        onSubmit={async (reason) => {
          const result = await api.clearIdentityLink({ ...subject, identityId: linked.identityId, ...(reason ? { reason } : {}) });
          onChanged({
            action: 'identity.link-cleared',
            text: result.cleared ? `Cleared the manual link of ${label}: automatic matching decides again.` : `There was no manual link of ${label} to clear.`,
            linkedEmail: null,
          });
        }}
      />
    );
  }
  return (
    <div className="form__actions" data-testid="link-actions">
      {linked ? (
        <>
          <span>
            Manually linked to <span className="mono">{linked.identityId}</span> by {linked.actor}
          </span>
          <button type="button" className="button button--secondary button--small" onClick={() => setOpen('clear')} data-testid="clear-link">
            Clear manual link
          </button>
        </>
      ) : personIdentityId ? (
        <button type="button" className="button button--secondary button--small" onClick={() => setOpen('unlink')} data-testid="unlink">
          Unlink from this person
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={() => setOpen('link')} data-testid="link-to-person">
          Link to a person
        </button>
      )}
    </div>
  );
}

function LinkToPersonForm({
  at,
  accountLabel,
  onLink,
  onCancel,
}: {
  at: string | null;
  accountLabel: string;
  onLink: (person: PersonRow, reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const people = useApiQuery((api) => api.listPeople(asOfArgs(at)), [at]);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const candidates = useMemo(() => {
    if (people.status !== 'ready') return [];
    return people.data.rows
      .filter((r): r is PersonRow & { identityId: string } => r.identityId !== null)
      .map((r) => ({ row: r, key: foldText(`${r.displayName ?? ''}\u0001${r.email ?? ''}\u0001${r.employeeId ?? ''}`) }));
  }, [people]);
  const query = foldText(search.trim());
  const matches = useMemo(() => {
    const out: PersonRow[] = [];
    for (const c of candidates) {
      if (query === '' || c.key.includes(query)) out.push(c.row);
      if (out.length >= PICKER_LIMIT) break;
    }
    return out;
  }, [candidates, query]);
  const person = candidates.find((c) => c.row.identityId === chosen)?.row ?? null;

  return (
    <ReasonForm
      title={`Link ${accountLabel} to a person`}
      submitLabel="Link"
      testId="link-form"
      disabled={person === null}
      onCancel={onCancel}
      onSubmit={async (reason) => {
        if (person) await onLink(person, reason);
      }}
    >
      {people.status === 'loading' ? <LoadingState label="Loading people…" /> : null}
      {people.status === 'error' ? <ErrorState title="Could not load people to pick from" error={people.error} onRetry={people.retry} /> : null}
      {people.status === 'ready' ? (
        <>
          <div className="field">
            <label htmlFor="link-person-search">Find the person (name, email or employee id)</label>
            <input id="link-person-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" data-testid="link-form-search" />
          </div>
          <div className="field">
            <label htmlFor="link-person-pick">
              Person ({matches.length < PICKER_LIMIT ? matches.length : `first ${PICKER_LIMIT}`} of {candidates.length})
            </label>
            <select id="link-person-pick" size={Math.min(8, Math.max(2, matches.length))} value={chosen ?? ''} onChange={(e) => setChosen(e.target.value || null)} data-testid="link-form-pick">
              {matches.map((r) => (
                <option key={r.identityId} value={r.identityId ?? ''}>
                  {r.displayName ?? '(no name)'} — {r.email ?? 'no address'}
                  {r.employeeId ? ` (${r.employeeId})` : ''}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
    </ReasonForm>
  );
}

/** Every manual link and unlink that concerns this page, with who made it, when and why. */
export function IdentityLinksTable({ links, onClear }: { links: readonly IdentityLink[]; onClear: (link: IdentityLink) => void }) {
  return (
    <div className="table-wrap table-wrap--inset">
      <table className="data-table" data-testid="identity-links">
        <caption className="visually-hidden">Manual identity links</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Account</th>
            <th scope="col">Person</th>
            <th scope="col">By</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Why</th>
            <th scope="col" className="actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={`${l.subjectKind}/${l.sourceId}/${l.subjectId}/${l.identityId}`} data-testid="identity-link-row" data-mode={l.mode}>
              <td>
                <span className="tag">{l.mode === 'link' ? 'linked' : 'kept apart'}</span>
              </td>
              <td className="mono">
                {l.subjectKind === 'service-account' ? 'service account ' : ''}
                {l.sourceId}/{l.subjectId}
              </td>
              <td className="mono">{l.identityId}</td>
              <td>{l.actor}</td>
              <td className="nowrap">
                <time dateTime={l.createdAt}>{l.createdAt.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>{l.reason ?? <span className="muted">none given</span>}</td>
              <td className="actions">
                <button type="button" className="button button--secondary button--small" onClick={() => onClear(l)} data-testid="identity-link-clear">
                  Clear
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
