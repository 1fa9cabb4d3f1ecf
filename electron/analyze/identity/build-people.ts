import type { Fact, SnapshotView } from '../snapshot-view';
import { pairKey, refOf } from '../fact-ref';
import { userGroupsOf } from './group-closure';
import type { Identity, IdpGroupRef } from './identity-types';

/**
 * The people of the organisation, built from the HR roster(s) and the identity providers.
 * HR rows come first (they say who is employed); each IdP user then joins the person with
 * the same employee id, else a person holding one of its addresses, else starts a person of
 * its own. Two records that both carry an employee id join only if the ids agree (an
 * address reused by a new hire must not merge two people), and two accounts of the same
 * directory never join by address (a shared alias is not one person).
 *
 * Deterministic: sources and records are visited in the store's clustered order (the
 * snapshot loads them that way), so identity ids and the person an ambiguous record joins do
 * not change from run to run.
 */
export function buildPeople(view: SnapshotView): {
  people: Identity[];
  /** Lower-case address -> everyone holding it, in the order they were built (the first is who an address joins). */
  byEmail: Map<string, Identity[]>;
  groupMemberships: Map<string, Fact<'idp_group_member'>[]>;
} {
  const people: Identity[] = [];
  const byEmployee = new Map<string, Identity>();
  const byEmail = new Map<string, Identity[]>();
  const remember = (p: Identity, email: string) => {
    const list = byEmail.get(email);
    if (!list) byEmail.set(email, [p]);
    else if (!list.includes(p)) list.push(p);
  };

  for (const hr of view.hr) {
    for (const f of hr.employees.values()) {
      const e = f.value;
      const email = e.email.toLowerCase();
      const existing = byEmployee.get(e.employeeId);
      if (existing) {
        // A second roster naming the same employee: keep the first record, learn the address.
        addEmail(existing, email);
        remember(existing, email);
        continue;
      }
      const person: Identity = {
        identityId: `emp:${e.employeeId}`,
        displayName: e.name,
        emails: [email],
        employeeId: e.employeeId,
        hr: {
          sourceId: f.sourceId,
          employeeId: e.employeeId,
          email,
          name: e.name,
          status: e.status,
          hireDate: e.hireDate,
          terminationDate: e.terminationDate,
          department: e.department,
          fact: refOf(f),
        },
        idp: [],
        prefect: [],
        serviceAccounts: [],
      };
      people.push(person);
      byEmployee.set(e.employeeId, person);
      remember(person, email);
    }
  }

  const withGroups = view.kinds.has('idp_group_member');
  const groupMemberships = new Map<string, Fact<'idp_group_member'>[]>();
  for (const idp of view.idp) {
    const closure = withGroups ? userGroupsOf(idp) : null;
    const groups = closure?.groups ?? new Map<string, IdpGroupRef[]>();
    for (const [userId, facts] of closure?.memberships ?? []) groupMemberships.set(pairKey(idp.sourceId, userId), facts);
    for (const f of idp.users.values()) {
      const u = f.value;
      const emails = normalizedEmails(u.email, u.emails);
      let person = u.employeeId ? byEmployee.get(u.employeeId) : undefined;
      if (!person) {
        for (const email of emails) {
          const candidate = byEmail.get(email)?.[0];
          if (
            candidate &&
            (!u.employeeId || !candidate.employeeId || candidate.employeeId === u.employeeId) &&
            // Two accounts of one directory are two people, whatever alias they share.
            !candidate.idp.some((a) => a.sourceId === f.sourceId)
          ) {
            person = candidate;
            break;
          }
        }
      }
      if (!person) {
        const first = emails[0];
        person = {
          identityId: u.employeeId ? `emp:${u.employeeId}` : first ? `email:${first}` : `idp:${f.sourceId}:${u.id}`,
          displayName: u.displayName,
          emails: [],
          employeeId: u.employeeId,
          hr: null,
          idp: [],
          prefect: [],
          serviceAccounts: [],
        };
        people.push(person);
        if (u.employeeId) byEmployee.set(u.employeeId, person);
      }
      if (!person.employeeId && u.employeeId) {
        person.employeeId = u.employeeId;
        if (!byEmployee.has(u.employeeId)) byEmployee.set(u.employeeId, person);
      }
      person.displayName ??= u.displayName;
      for (const email of emails) {
        addEmail(person, email);
        remember(person, email);
      }
      person.idp.push({
        sourceId: f.sourceId,
        userId: u.id,
        userName: u.userName,
        emails,
        lifecycle: u.lifecycle,
        rawStatus: u.rawStatus,
        employeeId: u.employeeId,
        groups: groups.get(u.id) ?? [],
        fact: refOf(f),
      });
    }
  }
  return { people, byEmail, groupMemberships };
}

function normalizedEmails(primary: string | null, all: string[]): string[] {
  const out: string[] = [];
  for (const raw of [primary, ...all]) {
    const e = raw?.trim().toLowerCase();
    if (e && e.includes('@') && !out.includes(e)) out.push(e);
  }
  return out;
}

function addEmail(person: Identity, email: string): void {
  if (!person.emails.includes(email)) person.emails.push(email);
}
