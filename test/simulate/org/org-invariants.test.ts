import { beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../../electron/simulate/org/generate-org';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import { checkOrgInvariants } from '../../../electron/simulate/org/org-invariants';
import { checkPlantedProblems } from '../../../electron/simulate/org/planted-checks';
import { plantedKind } from '../../../electron/simulate/org/planted-kinds';

let base: OrgModel;
beforeAll(() => {
  base = generateOrg({ seed: 31, people: 120, start: '2025-03-03' });
});
const copy = (): OrgModel => structuredClone(base);

describe('checkOrgInvariants', () => {
  it('finds nothing wrong in a generated organisation', () => {
    expect(checkOrgInvariants(base)).toEqual([]);
  });

  it('names a team member that does not exist', () => {
    const org = copy();
    org.prefect.teams[1]?.memberActorIds.push('no-such-actor');
    expect(checkOrgInvariants(org).join('\n')).toMatch(/team prefect-admins: unknown actor no-such-actor/);
  });

  it('names a grant on a workspace or role that does not exist', () => {
    const org = copy();
    const access = org.prefect.userAccess[0];
    if (!access) throw new Error('fixture has no direct grant');
    access.workspaceId = 'gone';
    access.workspaceRoleId = 'gone-too';
    const errors = checkOrgInvariants(org).join('\n');
    expect(errors).toMatch(/user access .*: unknown workspace gone/);
    expect(errors).toMatch(/unknown workspace role gone-too/);
  });

  it('names an address two people share, and a member twice for one person', () => {
    const org = copy();
    const [a, b] = org.people;
    if (!a || !b) throw new Error('fixture too small');
    b.aliases.push(a.email);
    const m = org.prefect.members.find((x) => x.personId !== null);
    if (!m) throw new Error('fixture has no member');
    org.prefect.members.push({ ...m, membershipId: 'x1', actorId: 'x2', userId: 'x3', email: 'other@example.com' });
    const errors = checkOrgInvariants(org).join('\n');
    expect(errors).toMatch(new RegExp(`address ${a.email} belongs to both`));
    expect(errors).toMatch(/has two memberships/);
  });

  it('names a directory team out of step with its group', () => {
    const org = copy();
    const team = org.prefect.teams.find((t) => t.name === 'prefect-data-eng');
    const actor = team?.memberActorIds.pop();
    expect(actor).toBeDefined();
    expect(checkOrgInvariants(org).join('\n')).toMatch(/team prefect-data-eng: .* is in the group but not the team/);
  });

  it('names events out of order or in the future, and planted subjects that vanished', () => {
    const org = copy();
    const first = org.idpEvents[0];
    if (!first) throw new Error('fixture has no idp events');
    org.idpEvents.push({ ...first, uuid: 'late-one' });
    org.prefect.auditEvents.push({ ...org.prefect.auditEvents[0]!, id: 'future', occurred: '2030-01-01T00:00:00.000Z' });
    org.prefect.bots = org.prefect.bots.filter((b) => b.name !== 'deploy-admin');
    org.prefect.botAccess = org.prefect.botAccess.filter((a) => org.prefect.bots.some((b) => b.id === a.botId));
    const errors = checkOrgInvariants(org).join('\n');
    expect(errors).toMatch(/idp events out of order at late-one/);
    expect(errors).toMatch(/audit event future is in the future/);
    expect(errors).toMatch(/planted bot-admin-role: subject .* not found/);
  });
});

describe('checkPlantedProblems', () => {
  it('holds for a generated organisation and notices a remediated problem', () => {
    expect(checkPlantedProblems(base)).toEqual([]);
    const org = copy();
    const dormant = org.planted.find((p) => plantedKind(p) === 'dormant-admin')?.subject;
    const m = org.prefect.members.find((x) => x.personId === dormant);
    if (!m) throw new Error('no dormant admin');
    m.lastLogin = org.now;
    const leaver = org.planted.find((p) => plantedKind(p) === 'leaver-still-active')?.subject;
    org.prefect.members = org.prefect.members.filter((x) => x.personId !== leaver);
    const errors = checkPlantedProblems(org).join('\n');
    expect(errors).toMatch(/dormant-admin .*: logged in/);
    expect(errors).toMatch(/leaver-still-active .*: no active Prefect membership/);
  });
});
