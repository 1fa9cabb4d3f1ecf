import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../electron/analyze/snapshot-view';
import { identitiesFor, resolveIdentities } from '../../electron/analyze/identity/resolve-identities';
import { clearIdentityLink, listIdentityLinks, setIdentityLink } from '../../electron/analyze/identity/identity-links';
import { leaverStatus } from '../../electron/analyze/identity/leaver-status';
import { listLedger, verifyLedger } from '../../electron/evidence/ledger';
import { bot, botCreated, collect, groupMember, harness, hrEmployee, idpGroup, idpUser, member, prefectBase, type Harness } from './builders';

const T0 = '2026-05-01T06:00:00.000Z';

async function world(h: Harness) {
  return collect(h, T0, [
    {
      id: 'okta',
      kind: 'okta',
      items: [
        // Joined to HR by employee id although its primary address differs.
        idpUser('u-ana', 'ana.ruiz@x.io', { employeeId: 'E1', emails: ['ana.ruiz@x.io', 'ana@old.x.io'] }),
        // Joined to HR by address (no employee id in the IdP).
        idpUser('u-bo', 'bo@x.io', { userName: 'bo.lind@x.io' }),
        // Only in the IdP.
        idpUser('u-cy', 'cy@x.io', { lifecycle: 'deprovisioned' }),
        // Two people who share an alias (a reused shared inbox).
        idpUser('u-dee', 'dee@x.io', { emails: ['dee@x.io', 'ops@x.io'] }),
        idpUser('u-eve', 'eve@x.io', { emails: ['eve@x.io', 'ops@x.io'] }),
        idpGroup('g-all', 'engineering-all'),
        idpGroup('g-data', 'prefect-data'),
        groupMember('g-data', 'u-ana'),
        groupMember('g-all', 'g-data', 'group'),
      ],
    },
    { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io', { name: 'Ana Ruiz' }), hrEmployee('E2', 'bo@x.io', { status: 'terminated', terminationDate: '2026-04-20' })] },
    {
      id: 'prefect',
      kind: 'prefect',
      items: [
        ...prefectBase(),
        member('ana', 'ANA@old.x.io'), // an alias, oddly cased
        member('bo', 'bo.personal@gmail.com', { handle: 'bo.lind' }), // only the handle rule finds Bo
        member('cy', 'cy@x.io'),
        member('ops', 'ops@x.io'),
        member('zed', 'zed@contractor.io', { handle: 'zed' }),
        bot('bot-1', 'etl'),
        bot('bot-2', 'sync'),
        botCreated('bot-1', '2026-04-01T10:00:00.000Z', 'a-ana', 'ana@old.x.io'),
        botCreated('bot-2', '2026-04-02T10:00:00.000Z', 'a-gone', 'bo@x.io'),
      ],
    },
  ]);
}

describe('identity matching', () => {
  it('builds people from HR and the IdP, and links Prefect accounts by alias, by rule, or lists them unmatched', async () => {
    const h = harness();
    const c = await world(h);
    const index = identitiesFor(h.db, loadSnapshot(h.db, c.id));

    const ana = index.byId.get('emp:E1')!;
    expect(ana.emails.sort()).toEqual(['ana.ruiz@x.io', 'ana@old.x.io', 'ana@x.io']);
    expect(ana.hr).toMatchObject({ status: 'active', employeeId: 'E1' });
    expect(ana.idp).toHaveLength(1);
    // Nested group expanded: engineering-all contains prefect-data.
    expect(ana.idp[0]!.groups.map((g) => [g.name, g.direct])).toEqual([
      ['prefect-data', true],
      ['engineering-all', false],
    ]);
    expect(ana.prefect.map((l) => [l.membershipId, l.matchedBy])).toEqual([['m-ana', 'email']]);

    const bo = index.byId.get('emp:E2')!;
    expect(bo.prefect.map((l) => [l.membershipId, l.matchedBy])).toEqual([['m-bo', 'rule:handle-is-login']]);
    expect(leaverStatus(bo)).toMatchObject({ leaver: true, hrTerminated: true, reasons: ['HR: terminated 2026-04-20'] });

    const cy = index.byId.get('email:cy@x.io')!;
    expect(cy.hr).toBeNull();
    expect(leaverStatus(cy)).toMatchObject({ leaver: true, idpDisabled: true, reasons: ['okta: DEPROVISIONED'] });
    expect(leaverStatus(ana).leaver).toBe(false);

    const unmatched = Object.fromEntries(index.unmatched.map((u) => [u.membershipId, [u.reason, u.candidates.sort()]]));
    expect(unmatched).toEqual({ 'm-ops': ['ambiguous', ['email:dee@x.io', 'email:eve@x.io']], 'm-zed': ['no-match', []] });
    // Service accounts are not people: never unmatched members.
    expect(index.unmatched.some((u) => u.membershipId.startsWith('bot'))).toBe(false);
  });

  it('names a service account owner from the audit log: by actor, else by the address the event carries', async () => {
    const h = harness();
    const c = await world(h);
    const index = identitiesFor(h.db, loadSnapshot(h.db, c.id));
    expect(index.serviceAccountOwners.get('prefect\u0000bot-1')).toMatchObject({ identityId: 'emp:E1', matchedBy: 'audit-actor', creatorActorId: 'a-ana' });
    // The creator's membership is gone; the address on the event still finds Bo.
    expect(index.serviceAccountOwners.get('prefect\u0000bot-2')).toMatchObject({ identityId: 'emp:E2', matchedBy: 'audit-email' });
    expect(index.byId.get('emp:E2')!.serviceAccounts.map((s) => s.botId)).toEqual(['bot-2']);
  });

  it('applies manual links before anything else, honours unlinks, and puts both on the ledger', async () => {
    const h = harness();
    const c = await world(h);
    const view = loadSnapshot(h.db, c.id);
    // ops@ is really Dee's; zed is Cy's contractor account; Ana's alias match is wrong.
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ops', identityId: 'email:dee@x.io', mode: 'link', reason: 'shared inbox is Dee\'s' }, 'auditor@x.io');
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-zed', identityId: 'email:cy@x.io', mode: 'link' }, 'auditor@x.io');
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ana', identityId: 'emp:E1', mode: 'unlink', reason: 'not her' }, 'auditor@x.io');
    setIdentityLink(h.db, h.clock, { subjectKind: 'service-account', sourceId: 'prefect', subjectId: 'bot-2', identityId: 'email:eve@x.io', mode: 'link' }, 'auditor@x.io');
    const index = identitiesFor(h.db, view);
    expect(index.byId.get('email:dee@x.io')!.prefect.map((l) => [l.membershipId, l.matchedBy])).toEqual([['m-ops', 'manual']]);
    expect(index.byId.get('email:cy@x.io')!.prefect.map((l) => l.membershipId).sort()).toEqual(['m-cy', 'm-zed']);
    expect(index.byId.get('emp:E1')!.prefect).toEqual([]);
    expect(index.unmatched.map((u) => [u.membershipId, u.reason])).toEqual([['m-ana', 'no-match']]);
    expect(index.serviceAccountOwners.get('prefect\u0000bot-2')).toMatchObject({ identityId: 'email:eve@x.io', matchedBy: 'manual' });

    // A second link of the same account replaces the first; clearing returns it to automatic matching.
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ops', identityId: 'email:eve@x.io', mode: 'link' }, 'auditor@x.io');
    expect(listIdentityLinks(h.db).filter((l) => l.subjectId === 'a-ops').map((l) => l.identityId)).toEqual(['email:eve@x.io']);
    expect(clearIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ana', identityId: 'emp:E1' }, 'auditor@x.io')).toBe(true);
    expect(clearIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ana', identityId: 'emp:E1' }, 'auditor@x.io')).toBe(false);
    expect(identitiesFor(h.db, view).byId.get('emp:E1')!.prefect.map((l) => l.matchedBy)).toEqual(['email']);

    const actions = listLedger(h.db, { limit: 20 }).entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('identity.'))).toEqual([
      'identity.link-cleared',
      'identity.linked',
      'identity.linked',
      'identity.unlinked',
      'identity.linked',
      'identity.linked',
    ]);
    const replaced = listLedger(h.db, { limit: 20 }).entries.find((e) => e.action === 'identity.linked' && e.subject.endsWith('a-ops') && e.details.replacedLinks);
    expect(replaced?.details.replacedLinks).toEqual(['email:dee@x.io']);
    expect(verifyLedger(h.db).ok).toBe(true);
  });

  it('takes the rules as a parameter: no rules, no rule match', async () => {
    const h = harness();
    const c = await world(h);
    const index = resolveIdentities(loadSnapshot(h.db, c.id), { rules: [] });
    expect(index.unmatched.map((u) => u.membershipId).sort()).toEqual(['m-bo', 'm-ops', 'm-zed']);
    const alnum = resolveIdentities(loadSnapshot(h.db, c.id), {
      rules: [{ name: 'handle-alnum', prefect: 'handle', identity: 'userNameLocalPart', normalize: 'alnum' }],
    });
    expect(alnum.byPrefectActor.get('prefect\u0000a-bo')?.link.matchedBy).toBe('rule:handle-alnum');
  });

  it('does not merge two people who share an address but have different employee ids', async () => {
    const h = harness();
    const c = await collect(h, T0, [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'sam@x.io'), hrEmployee('E9', 'other@x.io')] },
      { id: 'okta', kind: 'okta', items: [idpUser('u-sam2', 'sam@x.io', { employeeId: 'E7' })] },
    ]);
    const index = identitiesFor(h.db, loadSnapshot(h.db, c.id));
    expect(index.identities.map((i) => i.identityId).sort()).toEqual(['emp:E1', 'emp:E7', 'emp:E9']);
    expect(index.byEmail.get('sam@x.io')!.map((i) => i.identityId).sort()).toEqual(['emp:E1', 'emp:E7']);
  });
});
