import { idFor, type OrgModel, type OrgPerson } from './org-model';
import { PREFECT_GROUP_MAPPINGS } from './org-layout';
import { plantedKind } from './planted-kinds';
import { PLANTED_LATE_REMOVAL_DAYS } from './org-schedule';
import { addDays } from './org-time';

/** Thresholds the planted problems are built to cross (the demo policy uses the same numbers). */
export const PLANTED_THRESHOLDS = { dormancyDays: 120, maxKeyAgeDays: 365, offboardingDeadlineHours: 48 };

/**
 * Checks that each planted problem still holds in the model (the leaver is terminated and still
 * active in Prefect, the dormant admin has not logged in, ...). Returns what no longer holds.
 * Tests run it after every evolve step: the churn must leave planted subjects alone.
 * O(model size) per call.
 */
export function checkPlantedProblems(org: OrgModel): string[] {
  const errors: string[] = [];
  const pf = org.prefect;
  const nowMs = Date.parse(org.now);
  const today = org.now.slice(0, 10);
  const person = (id: string): OrgPerson | undefined => org.people.find((p) => p.personId === id);
  const memberOf = (id: string) => pf.members.find((m) => m.personId === id);
  const roleName = (roleId: string): string | undefined => pf.accountRoles.find((r) => r.id === roleId)?.name;
  const groupId = (name: string): string | undefined => org.groups.find((g) => g.name === name)?.groupId;
  const mapped = (p: OrgPerson): string | null => {
    const rank = ['Member', 'Admin', 'Owner'];
    let best: string | null = null;
    for (const m of PREFECT_GROUP_MAPPINGS) {
      const g = groupId(m.group);
      if (g && p.groupIds.includes(g) && (best === null || rank.indexOf(m.accountRole) > rank.indexOf(best))) best = m.accountRole;
    }
    return best;
  };
  const key = (id: string) => pf.bots.flatMap((b) => b.apiKeys).find((k) => k.id === id);

  for (const problem of org.planted) {
    const kind = plantedKind(problem);
    const bad = (why: string): void => void errors.push(`${kind} ${problem.subject}: ${why}`);
    switch (kind) {
      case 'leaver-still-active': {
        const p = person(problem.subject);
        const m = memberOf(problem.subject);
        if (p?.hrStatus !== 'terminated') bad('not terminated in HR');
        if (p && p.idpStatus !== 'DEPROVISIONED' && p.idpStatus !== 'SUSPENDED') bad(`IdP status ${p.idpStatus}`);
        if (!m?.active) bad('no active Prefect membership');
        break;
      }
      case 'offboarding-deadline-missed': {
        const p = person(problem.subject);
        const planned = org.plannedLeavers?.find((l) => l.personId === problem.subject);
        if (planned && planned.day >= today) {
          // Leaves on planned.day: working, and a member, until then.
          if (p?.hrStatus !== 'active' || p.idpStatus !== 'ACTIVE') bad(`leaves on ${planned.day} but is ${p?.hrStatus ?? 'gone'} in HR, ${p?.idpStatus ?? '-'} in the IdP`);
          if (!memberOf(problem.subject)?.active) bad(`leaves on ${planned.day} but has no active Prefect membership`);
          break;
        }
        if (p?.hrStatus !== 'terminated' || !p.terminationDate) {
          bad('not terminated');
          break;
        }
        const removal = addDays(p.terminationDate, PLANTED_LATE_REMOVAL_DAYS);
        const m = memberOf(problem.subject);
        if (m && today > removal) bad(`still a member after the planned late removal on ${removal}`);
        if (!m && today <= removal) bad('removed before the planned late removal');
        break;
      }
      case 'dormant-admin': {
        const m = memberOf(problem.subject);
        if (!m || roleName(m.accountRoleId) !== 'Admin') bad('not an Admin member');
        else if (m.lastLogin !== null && nowMs - Date.parse(m.lastLogin) < PLANTED_THRESHOLDS.dormancyDays * 86_400_000) bad(`logged in ${m.lastLogin}`);
        if (person(problem.subject)?.hrStatus === 'terminated') bad('terminated');
        break;
      }
      case 'role-escalation':
      case 'role-drift-below': {
        const p = person(problem.subject);
        const m = memberOf(problem.subject);
        if (!p || !m) {
          bad('no member');
          break;
        }
        const has = roleName(m.accountRoleId);
        const want = mapped(p);
        if (kind === 'role-escalation' && !(has === 'Admin' && want === 'Member')) bad(`role ${has}, mapping gives ${want}`);
        if (kind === 'role-drift-below' && !(has === 'Member' && want === 'Admin')) bad(`role ${has}, mapping gives ${want}`);
        break;
      }
      case 'sod-conflict': {
        const p = person(problem.subject);
        const a = groupId('prefect-admins');
        const b = groupId('prefect-auditors');
        if (!p || !a || !b || !p.groupIds.includes(a) || !p.groupIds.includes(b)) bad('not in both prefect-admins and prefect-auditors');
        const m = memberOf(problem.subject);
        const teams = pf.teams.filter((t) => m && t.memberActorIds.includes(m.actorId)).map((t) => t.name);
        if (!teams.includes('prefect-admins') || !teams.includes('prefect-auditors')) bad(`teams: ${teams.join(', ')}`);
        break;
      }
      case 'expected-access-missing': {
        const p = person(problem.subject);
        if (!p || p.hrStatus === 'terminated' || p.idpStatus !== 'ACTIVE') bad('not an active identity');
        else if (!mapped(p)) bad('in no mapped group');
        if (memberOf(problem.subject)) bad('has a Prefect membership');
        break;
      }
      case 'direct-grant-bypass': {
        const access = pf.userAccess.find((a) => a.id === problem.subject);
        if (!access) bad('grant gone');
        else if (!pf.members.some((m) => m.actorId === access.actorId && m.active)) bad('grantee not an active member');
        break;
      }
      case 'key-without-expiry': {
        const k = key(problem.subject);
        if (!k || k.expiration !== null) bad('key gone or now expires');
        break;
      }
      case 'key-too-old': {
        const k = key(problem.subject);
        if (!k || nowMs - Date.parse(k.created) < PLANTED_THRESHOLDS.maxKeyAgeDays * 86_400_000) bad('key gone or young');
        else if (k.expiration !== null && Date.parse(k.expiration) <= nowMs) bad('key expired');
        break;
      }
      case 'bot-owned-by-leaver': {
        const bot = pf.bots.find((b) => b.id === problem.subject);
        const creator = bot?.createdByActorId;
        const leaver = creator ? org.people.find((p) => p.hrStatus === 'terminated' && idFor('prefect', `actor:${p.personId}`) === creator) : undefined;
        if (!leaver) bad('creator is not a leaver');
        break;
      }
      case 'bot-admin-role': {
        const owner = pf.workspaceRoles.find((r) => r.name === 'Owner')?.id;
        if (!pf.botAccess.some((a) => a.botId === problem.subject && a.workspaceRoleId === owner)) bad('no Owner workspace grant');
        break;
      }
      case 'unknown-account': {
        const m = pf.members.find((x) => x.membershipId === problem.subject);
        const e = m?.email.toLowerCase();
        if (!m || m.personId !== null) bad('member gone or linked to a person');
        else if (org.people.some((p) => p.email === e || p.aliases.some((a) => a.toLowerCase() === e))) bad('email matches a person');
        break;
      }
    }
  }
  return errors;
}
