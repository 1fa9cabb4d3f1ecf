import type { PeopleAnswer, PersonRow } from '../../shared/domain/analysis';
import { rng } from '../fixtures/rng';

const FIRST = ['Ana', 'Bo', 'Chen', 'Daniela', 'Emil', 'Fatima', 'Gabriel', 'Hana', 'Ines', 'João', 'Kofi', 'Lara', 'Maya', 'Nils', 'Olga', 'Pedro', 'Quinn', 'Ryo', 'Sofia', 'Tomás', 'Uma', 'Víctor', 'Wei', 'Xenia', 'Yusuf', 'Zoë'];
const LAST = ['Acheampong', 'Brown', 'Castro', 'Dubois', 'Edwards', 'Fischer', 'González', 'Haddad', 'Ito', 'Jensen', 'Kaur', 'Larsen', 'Martínez', 'Novak', 'Owusu', 'Petrov', 'Quispe', 'Russo', 'Smith', 'Tanaka', 'Ueda', 'Varga', 'Wright', 'Xu', 'Young', 'Zhang'];
const WORKSPACE_ROLES = ['Owner', 'Developer', 'Runner', 'Viewer', 'Analytics Developer'];


/**
 * `count` People rows shaped like a large organisation's: ~45% with Prefect access, ~3%
 * leavers (a few still active in Prefect), ~1% Prefect accounts with no person, some open
 * findings. The People page benchmark answers listPeople with these.
 */
export function syntheticPeople(count: number, seed = 7): PersonRow[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const rows: PersonRow[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const local = `${first}.${last}${i}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const unknown = random() < 0.01;
    const leaver = !unknown && random() < 0.03;
    const prefectActive = unknown || (leaver ? random() < 0.1 : random() < 0.45);
    const workspaces = prefectActive ? 1 + Math.floor(random() * 4) : 0;
    rows.push({
      identityId: unknown ? null : `emp:E${String(100000 + i)}`,
      displayName: `${first} ${last}`,
      email: unknown ? `${local}@partner-${i % 50}.example` : `${local}@example.com`,
      employeeId: unknown ? null : `E${String(100000 + i)}`,
      hrStatus: unknown ? null : leaver ? 'terminated' : random() < 0.02 ? 'leave' : 'active',
      idpLifecycle: unknown ? null : leaver ? (random() < 0.5 ? 'suspended' : 'deprovisioned') : random() < 0.01 ? 'staged' : 'active',
      leaver,
      prefectActive,
      accountRole: prefectActive ? (random() < 0.02 ? 'Admin' : random() < 0.005 ? 'Owner' : 'Member') : null,
      workspaceCount: workspaces,
      topWorkspaceRole: workspaces > 0 ? pick(WORKSPACE_ROLES) : null,
      matchedBy: unknown || !prefectActive ? null : random() < 0.97 ? 'email' : 'rule:handle-is-login',
      openFindings: unknown || (leaver && prefectActive) ? 1 + Math.floor(random() * 2) : random() < 0.02 ? 1 : 0,
    });
  }
  return rows;
}

export function syntheticPeopleAnswer(count: number): PeopleAnswer {
  const at = '2026-11-28T06:00:00.000Z';
  return { collectionId: 1, collectedAt: at, uncertainty: { from: at, to: null }, rows: syntheticPeople(count) };
}
