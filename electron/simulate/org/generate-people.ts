import type { OrgGroup, OrgPerson } from './org-model';
import type { Rng } from './rng';
import { FAMILY_NAMES, GIVEN_NAMES, emailPart } from './org-names';
import {
  ALL_EMPLOYEES_GROUP,
  APP_GROUPS,
  COMMON_APPS,
  DEPARTMENTS,
  NESTED_GROUPS,
  OFFICES,
  PREFECT_GROUP_MAPPINGS,
  type DepartmentSpec,
} from './org-layout';
import { DAY_MS, isoDate, isoTime, startOfDayMs } from './org-time';

/** Internal group id for a group name (simulators derive their own ids with idFor). */
export function groupIdFor(name: string): string {
  return `g-${name}`;
}

export function deptGroupName(dept: DepartmentSpec): string {
  return `dept-${dept.slug}`;
}

export function departmentByName(name: string): DepartmentSpec {
  const d = DEPARTMENTS.find((x) => x.name === name);
  if (!d) throw new Error(`unknown department "${name}"`);
  return d;
}

/** The fixed set of IdP groups: everyone, departments, offices, apps, mapped Prefect groups, nesting parents. */
export function buildGroups(createdAt: string): OrgGroup[] {
  const groups: OrgGroup[] = [];
  const add = (name: string, description: string | null): void => {
    groups.push({ groupId: groupIdFor(name), name, description, nestedGroupIds: [], updatedAt: createdAt });
  };
  add(ALL_EMPLOYEES_GROUP, 'Everyone employed (HR-driven group rule)');
  for (const d of DEPARTMENTS) add(deptGroupName(d), `Members of ${d.name}`);
  for (const [o] of OFFICES) add(o, `Office: ${o.slice('office-'.length)}`);
  for (const a of APP_GROUPS) add(a, `Access to ${a.replace(/^app-/, '')}`);
  for (const m of PREFECT_GROUP_MAPPINGS) add(m.group, `${m.description} (synced to Prefect)`);
  for (const n of NESTED_GROUPS) {
    groups.push({
      groupId: groupIdFor(n.name),
      name: n.name,
      description: n.description,
      nestedGroupIds: n.nests.map(groupIdFor),
      updatedAt: createdAt,
    });
  }
  return groups;
}

/** Allocates addresses so no address (primary or alias, leavers included) is ever handed out twice. */
export class EmailAllocator {
  /** Next suffix to try per local part, so a common name does not re-probe every earlier holder. */
  private readonly nextSuffix = new Map<string, number>();

  constructor(
    private readonly domain: string,
    private readonly taken: { has(address: string): boolean },
  ) {}

  has(address: string): boolean {
    return this.taken.has(address);
  }

  /** first.last@domain, then first.last2, first.last3... */
  primary(given: string, family: string): string {
    const base = `${emailPart(given)}.${emailPart(family).replace(/-/g, '')}`;
    let n = this.nextSuffix.get(base) ?? 1;
    let candidate = n === 1 ? `${base}@${this.domain}` : `${base}${n}@${this.domain}`;
    while (this.taken.has(candidate)) candidate = `${base}${++n}@${this.domain}`;
    this.nextSuffix.set(base, n + 1);
    return candidate;
  }

  /** An older address: the initial+surname format of years ago, or a pre-marriage surname. */
  alias(rng: Rng, given: string, family: string): string | null {
    const options = [
      `${emailPart(given).slice(0, 1)}${emailPart(family).replace(/-/g, '')}@${this.domain}`,
      `${emailPart(given)}.${emailPart(rng.pick(FAMILY_NAMES)).replace(/-/g, '')}@${this.domain}`,
      `${emailPart(given)}@${this.domain}`,
    ];
    const candidate = rng.pick(options);
    return this.taken.has(candidate) ? null : candidate;
  }
}

export interface PersonInput {
  index: number;
  department: DepartmentSpec;
  hireDate: string;
  createdAtMs: number;
}

/** The departments for n people: every department's minimum first (so small organisations can hold every planted problem), then by weight. */
export function departmentPlan(rng: Rng, n: number): DepartmentSpec[] {
  const plan: DepartmentSpec[] = [];
  for (const d of DEPARTMENTS) for (let i = 0; i < d.minimum && plan.length < n; i++) plan.push(d);
  const weights = DEPARTMENTS.map((d) => [d, d.weight] as const);
  while (plan.length < n) plan.push(rng.weighted(weights));
  return rng.shuffle(plan);
}

/** A new person with names, a unique address, maybe an alias, and the groups their department calls for. */
export function makePerson(
  rng: Rng,
  emails: EmailAllocator,
  register: (address: string) => void,
  input: PersonInput,
): OrgPerson {
  const givenName = rng.pick(GIVEN_NAMES);
  const familyName = rng.pick(FAMILY_NAMES);
  const email = emails.primary(givenName, familyName);
  register(email);
  const aliases: string[] = [];
  if (rng.chance(0.06)) {
    const alias = emails.alias(rng, givenName, familyName);
    if (alias) {
      aliases.push(alias);
      register(alias);
    }
  }
  const createdAt = isoTime(input.createdAtMs);
  return {
    personId: `p${String(input.index + 1).padStart(5, '0')}`,
    employeeId: `E${String(100000 + input.index + 1)}`,
    givenName,
    familyName,
    email,
    aliases,
    department: input.department.name,
    hireDate: input.hireDate,
    terminationDate: null,
    hrStatus: 'active',
    idpStatus: 'ACTIVE',
    groupIds: baseGroups(rng, input.department),
    updatedAt: createdAt,
    createdAt,
  };
}

interface GroupOdds {
  fixed: string[];
  offices: (readonly [string, number])[];
  odds: (readonly [string, number])[];
}

const oddsCache = new Map<DepartmentSpec, GroupOdds>();

/** A department's group ids and odds, computed once (this runs for every generated person). */
function groupOdds(dept: DepartmentSpec): GroupOdds {
  let odds = oddsCache.get(dept);
  if (!odds) {
    const entries = [...Object.entries(COMMON_APPS), ...Object.entries(dept.apps), ...Object.entries(dept.prefect)];
    odds = {
      fixed: [groupIdFor(ALL_EMPLOYEES_GROUP), groupIdFor(deptGroupName(dept))],
      offices: OFFICES.map(([o, w]) => [groupIdFor(o), w] as const),
      odds: entries.map(([g, p]) => [groupIdFor(g), p] as const),
    };
    oddsCache.set(dept, odds);
  }
  return odds;
}

/** Everyone-group, department, office, apps and the department's mapped Prefect groups (by chance). */
export function baseGroups(rng: Rng, dept: DepartmentSpec): string[] {
  const o = groupOdds(dept);
  const ids = [...o.fixed, rng.weighted(o.offices)];
  for (const [g, p] of o.odds) if (rng.chance(p)) ids.push(g);
  return ids;
}

/**
 * The people of a new organisation, hired over the previous eight years (more of them recently),
 * ~3% on leave and ~6% already gone (with a termination date in the past 400 days). IdP status
 * is set later, once leaver schedules can be computed.
 */
export function generatePeople(rng: Rng, count: number, nowMs: number, emails: EmailAllocator, register: (a: string) => void): OrgPerson[] {
  const yesterday = startOfDayMs(isoTime(nowMs)) - DAY_MS;
  const plan = departmentPlan(rng, count);
  const people: OrgPerson[] = [];
  for (let i = 0; i < count; i++) {
    const department = plan[i] as DepartmentSpec;
    const tenureDays = Math.floor(2900 * Math.pow(rng.next(), 1.2));
    const hireMs = yesterday - tenureDays * DAY_MS;
    const createdAtMs = hireMs - rng.int(1, 10) * DAY_MS + rng.int(8 * 3600, 17 * 3600) * 1000;
    const person = makePerson(rng, emails, register, { index: i, department, hireDate: isoDate(hireMs), createdAtMs });
    if (tenureDays >= 45 && rng.chance(0.06)) {
      const back = rng.int(1, Math.min(400, tenureDays - 30));
      person.hrStatus = 'terminated';
      person.terminationDate = isoDate(yesterday - (back - 1) * DAY_MS);
    } else if (tenureDays >= 60 && rng.chance(0.03)) {
      person.hrStatus = 'leave';
    }
    people.push(person);
  }
  return people;
}
