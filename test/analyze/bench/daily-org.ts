import type { Connector, SourceItem } from '../../../electron/collect/connector';
import type { RecordKind, SourceKind, SourceRecord } from '../../../shared/domain/records';
import { rng } from '../../fixtures/rng';

/**
 * A synthetic organisation that lives through a year of working days: people are hired, leave
 * (HR first, the IdP and Prefect mostly the same day, some late) and move between teams, and
 * some log in, every day. Deterministic for a seed. It keeps its current state per source, so
 * it can be read in full (a normal poll, through the real runner) or as the day's changes
 * (history-writer.ts folds those in directly, which is what makes a year of 100k people
 * affordable to build).
 *
 * The shape is the analysis benchmark's organisation (synthetic-org.ts): HR, one Okta with
 * group memberships, one Prefect account with teams, team grants, workspace defaults, direct
 * grants, admins and service accounts, with a few percent of problems a real account has.
 */
export interface DailyOrgOptions {
  people: number;
  groupsPerPerson: number;
  seed: number;
  /** Fractions of the headcount per day. */
  hiresPerDay: number;
  leaversPerDay: number;
  moversPerDay: number;
  /** Fraction of active members whose last login moves each day. */
  loginsPerDay: number;
}

export const BENCH_DAILY: Omit<DailyOrgOptions, 'people'> = {
  groupsPerPerson: 10,
  seed: 7,
  hiresPerDay: 0.0015,
  leaversPerDay: 0.0015,
  moversPerDay: 0.002,
  loginsPerDay: 0.01,
};

export const SOURCES: readonly { sourceId: string; kind: SourceKind }[] = [
  { sourceId: 'hr', kind: 'hr_csv' },
  { sourceId: 'okta', kind: 'okta' },
  { sourceId: 'prefect', kind: 'prefect' },
];

const GROUPS = 200;
const TEAMS = 12;
const WORKSPACES = ['prod', 'staging', 'dev', 'analytics'];
const DAY_MS = 86_400_000;

/** One source's changes on one day, in the order they happened. */
export interface DayDelta {
  upserts: SourceRecord[];
  removals: { kind: RecordKind; key: string }[];
}

interface Person {
  id: string;
  n: number;
  team: number;
  /** Day index until which a leaver keeps their Okta account / Prefect membership (late offboarding). */
  idpOffDay: number | null;
  prefectOffDay: number | null;
}


export class DailyOrg {
  /** Per source: kind\0key -> record, in insertion order (a poll streams them in this order). */
  readonly state = new Map<string, Map<string, SourceRecord>>();
  private readonly active: Person[] = [];
  private readonly pendingLeavers: Person[] = [];
  private nextIndex = 0;
  private day = 0;
  private readonly random: () => number;
  private deltas = new Map<string, DayDelta>();

  constructor(
    readonly options: DailyOrgOptions,
    private readonly startIso: string,
  ) {
    this.random = rng(options.seed);
    for (const s of SOURCES) this.state.set(s.sourceId, new Map());
    this.beginDay();
    this.seedAccount();
    for (let i = 0; i < options.people; i++) this.hire(true);
  }

  /** Today's date (YYYY-MM-DD) and instant. */
  private today(): { date: string; iso: string } {
    const iso = new Date(Date.parse(this.startIso) + this.day * DAY_MS).toISOString();
    return { date: iso.slice(0, 10), iso };
  }

  private beginDay(): void {
    this.deltas = new Map(SOURCES.map((s) => [s.sourceId, { upserts: [], removals: [] }]));
  }

  private put(sourceId: string, record: SourceRecord): void {
    const map = this.state.get(sourceId)!;
    const k = `${record.kind}\u0000${record.key}`;
    map.delete(k); // a changed record moves to the end, as a source lists its newest last
    map.set(k, record);
    this.deltas.get(sourceId)!.upserts.push(record);
  }

  private remove(sourceId: string, kind: RecordKind, key: string): void {
    if (this.state.get(sourceId)!.delete(`${kind}\u0000${key}`)) this.deltas.get(sourceId)!.removals.push({ kind, key });
  }

  private seedAccount(): void {
    for (let g = 0; g < GROUPS; g++) this.put('okta', { kind: 'idp_group', key: `g${g}`, value: { id: `g${g}`, name: g < TEAMS ? `prefect-team-${g}` : `group-${g}`, description: null } });
    for (const name of ['Owner', 'Admin', 'Member', 'Collaborator']) {
      this.put('prefect', { kind: 'prefect_account_role', key: `ar-${name}`, value: { id: `ar-${name}`, name, permissions: [name], isSystemRole: true } });
    }
    for (const name of ['Owner', 'Developer', 'Runner', 'Viewer', 'Worker']) {
      this.put('prefect', { kind: 'prefect_workspace_role', key: `wr-${name}`, value: { id: `wr-${name}`, name, scopes: [name], inheritedRoleId: null, builtIn: true } });
    }
    for (const [i, w] of WORKSPACES.entries()) {
      this.put('prefect', {
        kind: 'prefect_workspace',
        key: `ws-${w}`,
        value: { id: `ws-${w}`, name: w, handle: w, defaultWorkspaceRoleId: i === 1 ? 'wr-Viewer' : i === 2 ? 'wr-Runner' : null, isPublic: false },
      });
    }
    for (let t = 0; t < TEAMS; t++) {
      this.put('prefect', { kind: 'prefect_team', key: `t${t}`, value: { id: `t${t}`, name: `prefect-team-${t}`, description: null, directoryGroupId: `dg-${t}` } });
      this.put('prefect', {
        kind: 'prefect_workspace_access',
        key: `ws-prod:team:t${t}`,
        value: { id: null, workspaceId: 'ws-prod', actorType: 'team', actorId: `t${t}`, userId: null, email: null, name: `prefect-team-${t}`, workspaceRoleId: t === 0 ? 'wr-Developer' : 'wr-Runner' },
      });
      if (t % 2 === 0) {
        this.put('prefect', {
          kind: 'prefect_workspace_access',
          key: `ws-analytics:team:t${t}`,
          value: { id: null, workspaceId: 'ws-analytics', actorType: 'team', actorId: `t${t}`, userId: null, email: null, name: `prefect-team-${t}`, workspaceRoleId: 'wr-Viewer' },
        });
      }
    }
    const now = Date.parse(this.today().iso);
    for (let b = 0; b < 200; b++) {
      this.put('prefect', { kind: 'prefect_service_account', key: `bot-${b}`, value: { id: `bot-${b}`, actorId: `bot-actor-${b}`, name: `bot-${b}`, accountRoleName: 'Member' } });
      this.put('prefect', {
        kind: 'prefect_workspace_access',
        key: `ws-prod:bot:bot-${b}`,
        value: { id: `ba-${b}`, workspaceId: 'ws-prod', actorType: 'bot', actorId: `bot-${b}`, userId: null, email: null, name: `bot-${b}`, workspaceRoleId: b % 50 === 0 ? 'wr-Owner' : 'wr-Runner' },
      });
      this.put('prefect', {
        kind: 'prefect_api_key',
        key: `key-${b}`,
        value: { id: `key-${b}`, serviceAccountId: `bot-${b}`, name: `key-${b}`, created: new Date(now - (b % 500) * DAY_MS).toISOString(), expiration: b % 7 === 0 ? null : new Date(now + 400 * DAY_MS).toISOString() },
      });
    }
  }

  /** A new person in HR, Okta (with groups) and Prefect. On day 0, a few percent are problems. */
  private hire(initial: boolean): void {
    const n = this.nextIndex++;
    const id = `p${n}`;
    const team = n % TEAMS;
    const { date, iso } = this.today();
    // Day-0 problems, as synthetic-org.ts has them: terminated but still active in Prefect.
    const terminated = initial && n % 500 === 7;
    this.put('hr', {
      kind: 'hr_employee',
      key: `E-${id}`,
      value: { employeeId: `E-${id}`, email: `${id}@corp.example`, name: `Person ${id}`, status: terminated ? 'terminated' : 'active', hireDate: initial ? '2022-01-10' : date, terminationDate: terminated ? '2026-01-15' : null, department: `dept-${n % 11}` },
    });
    this.putIdpUser(id, terminated ? 'deprovisioned' : 'active');
    for (let k = 0; k < this.options.groupsPerPerson; k++) {
      const g = k === 0 ? team : TEAMS + ((n * 7 + k * 31) % (GROUPS - TEAMS));
      this.put('okta', { kind: 'idp_group_member', key: `g${g}:u-${id}`, value: { groupId: `g${g}`, memberId: `u-${id}`, memberType: 'user' } });
    }
    const role = n % 1000 === 0 ? 'Admin' : 'Member';
    this.put('prefect', {
      kind: 'prefect_member',
      key: `m-${id}`,
      value: { id: `m-${id}`, actorId: `a-${id}`, userId: `u-${id}`, email: `${id}@corp.example`, handle: id, firstName: 'Person', lastName: id, accountRoleId: `ar-${role}`, accountRoleName: role, active: true },
    });
    const lastLogin = initial ? new Date(Date.parse(iso) - (n % 97 === 0 ? 200 : n % 60) * DAY_MS).toISOString() : iso;
    this.put('prefect', { kind: 'prefect_last_login', key: `m-${id}`, value: { membershipId: `m-${id}`, lastLogin } });
    this.put('prefect', { kind: 'prefect_team_member', key: `t${team}:a-${id}`, value: { teamId: `t${team}`, memberId: `a-${id}`, memberType: 'user', email: null, handle: null } });
    if (n % 100 === 3) {
      this.put('prefect', {
        kind: 'prefect_workspace_access',
        key: `ws-prod:user:a-${id}`,
        value: { id: `ua-${id}`, workspaceId: 'ws-prod', actorType: 'user', actorId: `a-${id}`, userId: `u-${id}`, email: null, name: id, workspaceRoleId: 'wr-Owner' },
      });
    }
    if (!terminated) this.active.push({ id, n, team, idpOffDay: null, prefectOffDay: null });
  }

  private putIdpUser(id: string, lifecycle: 'active' | 'deprovisioned'): void {
    this.put('okta', {
      kind: 'idp_user',
      key: `u-${id}`,
      value: {
        id: `u-${id}`,
        userName: `${id}@corp.example`,
        email: `${id}@corp.example`,
        emails: [`${id}@corp.example`],
        displayName: `Person ${id}`,
        rawStatus: lifecycle === 'active' ? 'ACTIVE' : 'DEPROVISIONED',
        lifecycle,
        employeeId: `E-${id}`,
        department: null,
      },
    });
  }

  private pick(): Person | null {
    if (this.active.length === 0) return null;
    const i = Math.floor(this.random() * this.active.length);
    return this.active[i]!;
  }

  private leave(p: Person): void {
    const i = this.active.indexOf(p);
    this.active[i] = this.active[this.active.length - 1]!;
    this.active.pop();
    const { date } = this.today();
    const hr = this.state.get('hr')!.get(`hr_employee\u0000E-${p.id}`)!;
    this.put('hr', { kind: 'hr_employee', key: hr.key, value: { ...(hr.value as object), status: 'terminated', terminationDate: date } } as SourceRecord);
    // Most offboarding happens the same day; some is days or weeks late (the findings' subject).
    const r = this.random();
    p.idpOffDay = this.day + (r < 0.9 ? 0 : 1 + Math.floor(this.random() * 5));
    p.prefectOffDay = this.day + (r < 0.85 ? 0 : 1 + Math.floor(this.random() * 20));
    this.pendingLeavers.push(p);
  }

  private offboard(): void {
    for (let i = this.pendingLeavers.length - 1; i >= 0; i--) {
      const p = this.pendingLeavers[i]!;
      if (p.idpOffDay !== null && p.idpOffDay <= this.day) {
        this.putIdpUser(p.id, 'deprovisioned');
        p.idpOffDay = null;
      }
      if (p.prefectOffDay !== null && p.prefectOffDay <= this.day) {
        this.remove('prefect', 'prefect_member', `m-${p.id}`);
        this.remove('prefect', 'prefect_last_login', `m-${p.id}`);
        this.remove('prefect', 'prefect_team_member', `t${p.team}:a-${p.id}`);
        this.remove('prefect', 'prefect_workspace_access', `ws-prod:user:a-${p.id}`);
        p.prefectOffDay = null;
      }
      if (p.idpOffDay === null && p.prefectOffDay === null) this.pendingLeavers.splice(i, 1);
    }
  }

  private move(p: Person): void {
    const to = (p.team + 1 + Math.floor(this.random() * (TEAMS - 1))) % TEAMS;
    this.remove('okta', 'idp_group_member', `g${p.team}:u-${p.id}`);
    this.put('okta', { kind: 'idp_group_member', key: `g${to}:u-${p.id}`, value: { groupId: `g${to}`, memberId: `u-${p.id}`, memberType: 'user' } });
    this.remove('prefect', 'prefect_team_member', `t${p.team}:a-${p.id}`);
    this.put('prefect', { kind: 'prefect_team_member', key: `t${to}:a-${p.id}`, value: { teamId: `t${to}`, memberId: `a-${p.id}`, memberType: 'user', email: null, handle: null } });
    p.team = to;
  }

  /** Moves to the next day and returns what changed in each source. */
  advance(): Map<string, DayDelta> {
    this.day += 1;
    this.beginDay();
    const o = this.options;
    const headcount = this.active.length;
    const count = (rate: number) => {
      const x = headcount * rate;
      return Math.floor(x) + (this.random() < x - Math.floor(x) ? 1 : 0);
    };
    for (let i = count(o.leaversPerDay); i > 0; i--) {
      const p = this.pick();
      if (p) this.leave(p);
    }
    this.offboard();
    for (let i = count(o.moversPerDay); i > 0; i--) {
      const p = this.pick();
      if (p) this.move(p);
    }
    for (let i = count(o.hiresPerDay); i > 0; i--) this.hire(false);
    const { iso } = this.today();
    for (let i = count(o.loginsPerDay); i > 0; i--) {
      const p = this.pick();
      if (p) this.put('prefect', { kind: 'prefect_last_login', key: `m-${p.id}`, value: { membershipId: `m-${p.id}`, lastLogin: iso } });
    }
    return this.deltas;
  }

  /** What day 0 (or the current day) holds in one source: a full read. */
  records(sourceId: string): SourceRecord[] {
    return [...this.state.get(sourceId)!.values()];
  }

  /** Connectors that read the current state in full, as a normal poll does. */
  connectors(): Connector[] {
    return SOURCES.map(({ sourceId, kind }) => fullConnector(sourceId, kind, this.records(sourceId)));
  }
}

/** A connector that streams a full read of these records, and says so. */
export function fullConnector(sourceId: string, kind: SourceKind, records: SourceRecord[]): Connector {
  return {
    sourceId,
    kind,
    async *read() {
      const batch: SourceItem[] = [];
      for (let i = 0; i < records.length; i += 500) {
        batch.length = 0;
        yield { type: 'records', records: records.slice(i, i + 500) } as SourceItem;
      }
      return { complete: true, mode: 'full', pages: Math.ceil(records.length / 200), records: records.length, events: 0, notes: [] };
    },
  };
}
