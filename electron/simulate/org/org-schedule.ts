import type { OrgModel, OrgPerson } from './org-model';
import { unitHash } from './rng';
import { addDays } from './org-time';

/**
 * How late the IdP and the directory sync act on a leaver. Lags are whole days; a lag of 0 means
 * within hours of the HR termination. The Prefect lag counts from the IdP deprovisioning, since
 * the sync only learns of a leaver from the IdP.
 */
export interface SyncLagDays {
  /** Chance the IdP deprovisions late (HR feed delays, manual offboarding). */
  idpLateChance: number;
  idpLateDays: [number, number];
  /** Chance the directory sync removes the Prefect membership a day later. */
  prefectNextDayChance: number;
  /** Chance it is late beyond the deadline (sync errors, a stuck job). */
  prefectLateChance: number;
  prefectLateDays: [number, number];
}

export const DEFAULT_SYNC_LAG: SyncLagDays = {
  idpLateChance: 0.15,
  idpLateDays: [1, 3],
  prefectNextDayChance: 0.05,
  prefectLateChance: 0.12,
  prefectLateDays: [2, 5],
};

/** The lag (days) of a person's planted late removal (offboarding-deadline-missed). */
export const PLANTED_LATE_REMOVAL_DAYS = 4;

export interface LeaverSchedule {
  /** Day the IdP deprovisions the leaver. */
  idpDay: string;
  /** Day the directory sync deletes the Prefect membership. */
  prefectDay: string;
}

function lagIn(seed: number, key: string, range: [number, number]): number {
  const [lo, hi] = range;
  return lo + Math.floor(unitHash(seed, key) * (hi - lo + 1));
}

/**
 * When a leaver's IdP account and Prefect membership go. Derived from the seed and the person
 * (not stored, not drawn from the rng), so the answer is the same whenever it is asked: at
 * generation for past leavers, and on every simulated day for pending ones, even after the model
 * went through JSON.
 */
export function leaverSchedule(
  org: OrgModel,
  person: OrgPerson,
  lag: SyncLagDays = DEFAULT_SYNC_LAG,
  plantedLate = false,
): LeaverSchedule {
  const term = person.terminationDate;
  if (!term) throw new Error(`leaverSchedule: ${person.personId} has no termination date`);
  if (plantedLate) return { idpDay: term, prefectDay: addDays(term, PLANTED_LATE_REMOVAL_DAYS) };
  const id = person.personId;
  const idpLag = unitHash(org.seed, `idp-lag:${id}`) < lag.idpLateChance ? lagIn(org.seed, `idp-lag-days:${id}`, lag.idpLateDays) : 0;
  const u = unitHash(org.seed, `prefect-lag:${id}`);
  const prefectLag =
    u < lag.prefectLateChance
      ? lagIn(org.seed, `prefect-lag-days:${id}`, lag.prefectLateDays)
      : u < lag.prefectLateChance + lag.prefectNextDayChance
        ? 1
        : 0;
  const idpDay = addDays(term, idpLag);
  return { idpDay, prefectDay: addDays(idpDay, prefectLag) };
}

/**
 * Per-person login habit (chance of a login on a workday): most people log in every week or
 * two, some monthly, a few almost never (they become naturally dormant accounts).
 */
export const LOGIN_CLASSES: readonly { share: number; perWorkday: number }[] = [
  { share: 0.55, perWorkday: 0.15 },
  { share: 0.35, perWorkday: 0.05 },
  { share: 0.1, perWorkday: 0.01 },
];

export const MAX_LOGIN_CHANCE = 0.15;

const loginChances = new WeakMap<OrgModel, Map<string, number>>();

/** A person's chance of logging in on a workday (memoised per model: it is asked thousands of times a day). */
export function loginChance(org: OrgModel, personId: string): number {
  let memo = loginChances.get(org);
  if (!memo) loginChances.set(org, (memo = new Map()));
  let c = memo.get(personId);
  if (c === undefined) {
    c = computeLoginChance(org, personId);
    memo.set(personId, c);
  }
  return c;
}

function computeLoginChance(org: OrgModel, personId: string): number {
  let u = unitHash(org.seed, `login:${personId}`);
  for (const c of LOGIN_CLASSES) {
    if (u < c.share) return c.perWorkday;
    u -= c.share;
  }
  return LOGIN_CLASSES[LOGIN_CLASSES.length - 1]?.perWorkday ?? 0.01;
}

/** Whether the directory sync adds a newly eligible person the same day (else the next day). */
export function addsSameDay(org: OrgModel, personId: string, day: string): boolean {
  return unitHash(org.seed, `add-lag:${personId}:${day}`) < 0.5;
}
