import type { OrgModel, PlantedProblem, PrefectApiKey, PrefectBot } from './org-model';

/**
 * Every kind of problem the generator plants: one per finding rule of the analysis, so the demo
 * shows each finding at least once. The first seven are PlantedProblem['kind'] in org-model.ts;
 * the rest are not in that union yet (see recordPlanted).
 *
 * Subject per kind: a personId for the person kinds; the PrefectUserAccess id for
 * direct-grant-bypass; the api key id for key-without-expiry / key-too-old; the bot id for
 * bot-owned-by-leaver / bot-admin-role; the membershipId for unknown-account.
 */
export const PLANTED_KINDS = [
  'leaver-still-active',
  'direct-grant-bypass',
  'key-without-expiry',
  'dormant-admin',
  'bot-owned-by-leaver',
  'unknown-account',
  'role-escalation',
  'offboarding-deadline-missed',
  'role-drift-below',
  'expected-access-missing',
  'key-too-old',
  'bot-admin-role',
  'sod-conflict',
] as const;

export type PlantedKind = (typeof PLANTED_KINDS)[number];

export const PERSON_KINDS: ReadonlySet<PlantedKind> = new Set<PlantedKind>([
  'leaver-still-active',
  'dormant-admin',
  'role-escalation',
  'offboarding-deadline-missed',
  'role-drift-below',
  'expected-access-missing',
  'sod-conflict',
]);

/**
 * Adds a planted problem. The cast exists only until org-model.ts's PlantedProblem['kind'] lists
 * the extra kinds above (the patch is in the generator's report); with the patch it is a no-op.
 */
export function recordPlanted(org: OrgModel, kind: PlantedKind, subject: string, note: string): void {
  org.planted.push({ kind, subject, note } as PlantedProblem);
}

/** A planted problem's kind, widened to every kind this generator knows. */
export function plantedKind(problem: PlantedProblem): PlantedKind {
  return problem.kind;
}

/** Whatever a planted problem's subject points at, resolved in the current model (null if gone). */
export interface PlantedSubject {
  kind: PlantedKind;
  personId: string | null;
  email: string | null;
  actorId: string | null;
  membershipId: string | null;
  botId: string | null;
  keyId: string | null;
  accessId: string | null;
  workspaceId: string | null;
}

/**
 * Resolves a planted problem's subject to the ids a finding would carry, so a test or the demo can
 * match findings to planted problems whatever the finding's subject is (person, email, actor, bot,
 * key, grant). Linear in the model's size: meant for tests and the demo, not for hot paths.
 */
export function resolvePlantedSubject(org: OrgModel, problem: PlantedProblem): PlantedSubject | null {
  const kind = plantedKind(problem);
  const base: PlantedSubject = {
    kind,
    personId: null,
    email: null,
    actorId: null,
    membershipId: null,
    botId: null,
    keyId: null,
    accessId: null,
    workspaceId: null,
  };
  const p = org.prefect;
  const withMember = (personId: string | null, actorId?: string): PlantedSubject => {
    const m = p.members.find((x) => (actorId ? x.actorId === actorId : personId !== null && x.personId === personId));
    const person = personId ? org.people.find((x) => x.personId === personId) : undefined;
    return {
      ...base,
      personId: personId ?? m?.personId ?? null,
      email: person?.email ?? m?.email ?? null,
      actorId: m?.actorId ?? actorId ?? null,
      membershipId: m?.membershipId ?? null,
    };
  };
  if (PERSON_KINDS.has(kind)) {
    if (!org.people.some((x) => x.personId === problem.subject)) return null;
    return withMember(problem.subject);
  }
  switch (kind) {
    case 'direct-grant-bypass': {
      const access = p.userAccess.find((a) => a.id === problem.subject);
      if (!access) return null;
      const m = p.members.find((x) => x.actorId === access.actorId);
      return { ...withMember(m?.personId ?? null, access.actorId), accessId: access.id, workspaceId: access.workspaceId };
    }
    case 'key-without-expiry':
    case 'key-too-old': {
      const found = findKey(p.bots, problem.subject);
      if (!found) return null;
      return { ...base, botId: found.bot.id, actorId: found.bot.actorId, keyId: found.key.id };
    }
    case 'bot-owned-by-leaver':
    case 'bot-admin-role': {
      const bot = p.bots.find((b) => b.id === problem.subject);
      if (!bot) return null;
      const access = kind === 'bot-admin-role' ? p.botAccess.find((a) => a.botId === bot.id) : undefined;
      return { ...base, botId: bot.id, actorId: bot.actorId, workspaceId: access?.workspaceId ?? null };
    }
    case 'unknown-account': {
      const m = p.members.find((x) => x.membershipId === problem.subject);
      if (!m) return null;
      return { ...base, email: m.email, actorId: m.actorId, membershipId: m.membershipId };
    }
    default:
      return null;
  }
}

function findKey(bots: PrefectBot[], keyId: string): { bot: PrefectBot; key: PrefectApiKey } | null {
  for (const bot of bots) {
    const key = bot.apiKeys.find((k) => k.id === keyId);
    if (key) return { bot, key };
  }
  return null;
}
