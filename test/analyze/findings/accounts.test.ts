import { describe, expect, it } from 'vitest';
import { apiKey, bot, botAccess, botCreated, collect, harness, hrEmployee, idpUser, lastLogin, member, plusDays, prefectBase, type SourceScript } from '../builders';
import { findings, summary, testPolicy } from './helpers';

const D0 = '2026-05-01T06:00:00.000Z';
const ago = (days: number) => plusDays(D0, -days);

describe('dormant-account', () => {
  it('flags an admin idle past the threshold (high) and a member (medium); not a recent login, a break-glass account, an inactive membership or a leaver', async () => {
    const h = harness();
    const c = await collect(h, D0, [
      { id: 'hr', kind: 'hr_csv', items: ['adm', 'mem', 'new', 'off', 'gone'].map((x, i) => hrEmployee(`E${i}`, `${x}@x.io`, x === 'gone' ? { status: 'terminated', terminationDate: '2025-12-01' } : {})) },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          member('adm', 'adm@x.io', { role: 'Admin' }),
          lastLogin('adm', ago(200)),
          member('mem', 'mem@x.io'),
          lastLogin('mem', ago(91)),
          member('new', 'new@x.io'),
          lastLogin('new', ago(89)),
          member('glass', 'breakglass@x.io', { role: 'Owner' }),
          lastLogin('glass', ago(400)),
          member('off', 'off@x.io', { active: false }),
          lastLogin('off', ago(300)),
          member('gone', 'gone@x.io'),
          lastLogin('gone', ago(150)),
        ],
      },
    ]);
    const list = findings(h, c.id, testPolicy({ breakGlassEmails: ['breakglass@x.io'] }));
    expect(summary(list, 'dormant-account')).toEqual(['dormant-account mem@x.io', 'dormant-admin adm@x.io']);
    const adm = list.find((f) => f.kind === 'dormant-admin')!;
    expect(adm).toMatchObject({ severity: 'high', details: { idleDays: 200, thresholdDays: 90, accountRole: 'Admin' } });
    // Dated, not counted: the same title is true on every day the finding stays open.
    expect(adm.title).toMatch(new RegExp(`\\(Admin\\) has not logged in to Prefect since ${ago(200).slice(0, 10)} \\(over 90 days\\)$`));
    expect(adm.evidence.map((e) => `${e.kind}:${e.key}`)).toEqual(['prefect_member:m-adm', 'prefect_last_login:m-adm']);
    // The break-glass account is never flagged for removal, dormant or unknown.
    expect(list.some((f) => f.subject.email === 'breakglass@x.io')).toBe(false);
  });

  it('flags a membership never used for longer than the threshold since it was first seen, not a new one', async () => {
    const h = harness();
    const items = (extra: SourceScript['items']) => [...prefectBase(), member('idle', 'idle@x.io'), lastLogin('idle', null), ...extra];
    await collect(h, D0, [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'idle@x.io'), hrEmployee('E2', 'fresh@x.io')] },
      { id: 'prefect', kind: 'prefect', items: items([]) },
    ]);
    const later = await collect(h, plusDays(D0, 100), [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'idle@x.io'), hrEmployee('E2', 'fresh@x.io')] },
      { id: 'prefect', kind: 'prefect', items: items([member('fresh', 'fresh@x.io'), lastLogin('fresh', null)]) },
    ]);
    const list = findings(h, later.id);
    expect(summary(list, 'dormant-account')).toEqual(['never-logged-in idle@x.io']);
    expect(list.find((f) => f.kind === 'never-logged-in')!.details).toMatchObject({ since: D0, sinceBasis: 'first-seen' });
    expect(list.find((f) => f.kind === 'never-logged-in')!.title).toMatch(new RegExp(`has never logged in to Prefect since the membership was first seen on ${D0.slice(0, 10)} \\(over 90 days\\)$`));
  });
});

describe('service-account-risk', () => {
  it('flags keys without expiry or past the maximum age, admin bots, and bots created by leavers; not fresh, expiring or expired keys', async () => {
    const h = harness();
    const c = await collect(h, D0, [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'left@x.io', { status: 'terminated', terminationDate: '2026-03-01' }), hrEmployee('E2', 'here@x.io')] },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          member('here', 'here@x.io'),
          bot('b-legacy', 'legacy-etl'),
          apiKey('k-forever', 'b-legacy', ago(30), null),
          bot('b-finance', 'finance-export'),
          apiKey('k-old', 'b-finance', ago(400), plusDays(D0, 700)),
          bot('b-ok', 'dbt-runner'),
          apiKey('k-fine', 'b-ok', ago(100), plusDays(D0, 100)),
          apiKey('k-dead', 'b-ok', ago(800), ago(10)),
          botAccess('ws-prod', 'b-ok', 'wr-runner'),
          bot('b-deploy', 'deploy-admin'),
          botAccess('ws-prod', 'b-deploy', 'wr-owner'),
          bot('b-acct', 'acct-admin', 'Admin'),
          bot('b-orphan', 'ml-feature-sync'),
          botCreated('b-orphan', ago(60), 'a-left', 'left@x.io'),
          bot('b-owned', 'owned-by-here'),
          botCreated('b-owned', ago(60), 'a-here', 'here@x.io'),
        ],
      },
    ]);
    const list = findings(h, c.id);
    expect(summary(list, 'service-account-risk')).toEqual([
      'bot-admin-role b-acct',
      'bot-admin-role b-deploy @ws-prod',
      'bot-owned-by-leaver left@x.io',
      'key-too-old k-old',
      'key-without-expiry k-forever',
    ]);
    const orphan = list.find((f) => f.kind === 'bot-owned-by-leaver')!;
    expect(orphan).toMatchObject({ severity: 'high', subject: { type: 'bot', id: 'b-orphan', identityId: 'emp:E1' }, details: { ownerMatchedBy: 'audit-email' } });
    expect(orphan.evidence.map((e) => `${e.kind}:${e.key}`)).toEqual(['prefect_service_account:b-orphan', 'event:ev-bot-b-orphan', 'hr_employee:E1']);
    expect(list.find((f) => f.kind === 'key-too-old')!.details).toMatchObject({ ageDays: 400, maxAgeDays: 365 });
    expect(list.find((f) => f.kind === 'key-too-old')!.title).toContain(`was created ${ago(400).slice(0, 10)}, over the maximum age of 365 days`);
    // A stricter policy catches the 100-day key too.
    expect(summary(findings(h, c.id, testPolicy({ maxApiKeyAgeDays: 90 })), 'service-account-risk')).toContain('key-too-old k-fine');
  });
});

describe('unknown-account', () => {
  it('flags an active member matching nobody (high) or several people (medium); not inactive or break-glass ones', async () => {
    const h = harness();
    const c = await collect(h, D0, [
      { id: 'okta', kind: 'okta', items: [idpUser('u1', 'a@x.io', { emails: ['a@x.io', 'team@x.io'] }), idpUser('u2', 'b@x.io', { emails: ['b@x.io', 'team@x.io'] })] },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          member('zed', 'zed@contractor.io', { handle: 'zed' }),
          member('team', 'team@x.io', { handle: 'team' }),
          member('old', 'old@contractor.io', { active: false }),
          member('glass', 'breakglass@x.io', { role: 'Owner' }),
        ],
      },
    ]);
    const list = findings(h, c.id, testPolicy({ breakGlassEmails: ['breakglass@x.io'] }));
    expect(summary(list, 'unknown-account')).toEqual(['unknown-account team@x.io', 'unknown-account zed@contractor.io']);
    expect(list.find((f) => f.subject.email === 'zed@contractor.io')).toMatchObject({ severity: 'high', subject: { type: 'member', id: 'm-zed' } });
    expect(list.find((f) => f.subject.email === 'team@x.io')).toMatchObject({ severity: 'medium', details: { reason: 'ambiguous', candidates: ['email:a@x.io', 'email:b@x.io'] } });
  });
});
