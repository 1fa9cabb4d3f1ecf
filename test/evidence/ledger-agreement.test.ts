import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../electron/evidence/ledger';
import { savePolicy } from '../../electron/analyze/policy/policy-store';
import { botCreated, collect, harness, hrEmployee, idpUser, member, plusDays, prefectBase } from '../analyze/builders';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { testPolicy } from '../analyze/findings/helpers';
import { packHistory, unpackHistory } from '../../electron/collect/store/history-codec';
import { clearIdentityLink, setIdentityLink } from '../../electron/analyze/identity/identity-links';
import { collectedDataDisagreements } from '../../electron/evidence/collected-data-agreement';
import { contentHashFromRows } from '../../electron/collect/store/content-hash';
import { linesContentHash } from '../../electron/collect/store/lines-content-hash';

const D0 = '2026-05-01T06:00:00.000Z';

/** Two complete collections, a degraded one, and a saved policy: every one of them on the ledger. */
async function history() {
  const h = harness();
  const okta = (n: number) => ({ id: 'okta', kind: 'okta' as const, items: Array.from({ length: n }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) });
  await collect(h, D0, [okta(3)]);
  await collect(h, plusDays(D0, 1), [okta(2)]);
  await collect(h, plusDays(D0, 2), [{ ...okta(2), outcome: 'degraded' as const }]);
  savePolicy(h.db, h.clock, { dormancyDays: 60 }, 'ana@x.io', { note: 'tighter' });
  return h;
}

describe('the ledger against the tables it recorded', () => {
  it('an untouched history verifies, with nothing in disagreement', async () => {
    const h = await history();
    expect(verifyLedger(h.db)).toMatchObject({ ok: true, brokenAt: null, problem: null, disagreements: [] });
  });

  it("catches a collection's status or content hash changed in place", async () => {
    const h = await history();
    h.db.prepare(`UPDATE collections SET status = 'complete' WHERE id = 3`).run();
    h.db.prepare(`UPDATE collections SET content_hash = 'feed' WHERE id = 1`).run();
    const v = verifyLedger(h.db);
    expect(v.ok).toBe(false);
    expect(v.disagreements).toEqual([
      expect.stringMatching(/^collection 1's content hash differs from the one ledger entry \d+ records$/),
      expect.stringMatching(/^collection 3 is "complete" in the collections table but ledger entry \d+ records "degraded"$/),
    ]);
    expect(v.problem).toMatch(/\(and 1 more\)$/);
  });

  it('catches the newest entries cut off (a collection with no entry) and a policy version edited', async () => {
    const h = await history();
    h.db.exec('DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER ledger_entries_no_update;');
    const newestCollectionEntry = h.db.prepare(`SELECT max(seq) FROM ledger_entries WHERE action LIKE 'collection.%'`).pluck().get() as number;
    h.db.prepare('DELETE FROM ledger_entries WHERE seq >= ?').run(newestCollectionEntry);
    expect(verifyLedger(h.db).disagreements).toEqual([
      'collection 3 (degraded) has no ledger entry: the ledger\'s newest entries may have been cut off, or the row was written behind its back',
      'policy version 1 has no ledger entry',
    ]);

    const fresh = await history();
    fresh.db.prepare(`UPDATE policy_versions SET json = replace(json, '60', '600') WHERE version = 1`).run();
    expect(verifyLedger(fresh.db).disagreements).toEqual([expect.stringMatching(/^policy version 1 differs from the one ledger entry \d+ records \(content hash\)$/)]);
  });

  it('catches a retirement or recorded findings that no ledger entry wrote', async () => {
    const h = await history();
    h.db.prepare(`INSERT INTO retired_sources (source_id, retired_at, actor, last_read_in, reason) VALUES ('okta', '2026-05-04T00:00:00Z', 'mallory', 2, NULL)`).run();
    h.db.prepare(`INSERT INTO finding_runs (collection_id, policy_version, computed_at, total, opened, reopened, resolved) VALUES (2, 0, '2026-05-04T00:00:00Z', 0, 0, 0, 0)`).run();
    expect(verifyLedger(h.db).disagreements).toEqual(['findings of collection 2 are recorded with no ledger entry', 'source "okta" is retired with no ledger entry retiring it']);
  });

  it('catches a recorded finding deleted or its severity lowered in place, and a stored fact edited', async () => {
    const h = harness();
    const day = (status: 'active' | 'terminated') => [
      { id: 'hr', kind: 'hr_csv' as const, items: [hrEmployee('E1', 'zed@x.io', { status, terminationDate: status === 'terminated' ? '2026-04-01' : null })] },
      { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), member('zed', 'zed@x.io'), member('yan', 'yan@outside.io')] },
    ];
    const c1 = await collect(h, D0, day('terminated'));
    refreshFindings(h.db, h.clock, c1.id, testPolicy());
    const c2 = await collect(h, plusDays(D0, 1), day('terminated'));
    refreshFindings(h.db, h.clock, c2.id, testPolicy());
    expect(verifyLedger(h.db).disagreements).toEqual([]);
    const critical = h.db.prepare(`SELECT id FROM findings WHERE severity = 'critical' LIMIT 1`).pluck().get() as string;
    expect(critical).toBeTruthy();

    // Lowered to "low" in place, everywhere it is stored.
    const lowered = h.db.prepare(`UPDATE finding_versions SET severity = 'low' WHERE finding_id = ?`);
    lowered.run(critical);
    h.db.prepare(`UPDATE findings SET severity = 'low' WHERE id = ?`).run(critical);
    expect(verifyLedger(h.db).disagreements).toEqual([
      // One edit in force at both recordings is one line, not one per recording.
      expect.stringMatching(/^the findings open at collections 1–2 \(2 recordings\) have other severities than ledger entries \d+–\d+ record \(at collection 1: critical: 0 now, 1 recorded; low: \d+ now, \d+ recorded\)$/),
      // The version that says "critical" was started by collection 1's recording.
      expect.stringMatching(/^what the findings recorded for collection 1 say is not what ledger entry \d+ records/),
    ]);

    // Deleted outright.
    for (const table of ['finding_events', 'finding_versions']) h.db.prepare(`DELETE FROM ${table} WHERE finding_id = ?`).run(critical);
    h.db.prepare(`DELETE FROM findings WHERE id = ?`).run(critical);
    expect(verifyLedger(h.db).disagreements).toEqual([
      expect.stringMatching(/^the findings open at collections 1–2 \(2 recordings\) are not the ones ledger entries \d+–\d+ record \(a finding was deleted/),
      expect.stringMatching(/^what the findings recorded for collection 1 say is not what ledger entry \d+ records/),
      // The table no longer holds what the newest recording left.
      expect.stringMatching(/^the findings as listed now are not what the recording of collection 2 left/),
    ]);
  });

  it("catches a finding's title and evidence rewritten in place, in its versions or in the listing", async () => {
    const h = harness();
    const day = [
      { id: 'hr', kind: 'hr_csv' as const, items: [hrEmployee('E1', 'zed@x.io', { status: 'terminated', terminationDate: '2026-04-01' })] },
      { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), member('zed', 'zed@x.io')] },
    ];
    for (let d = 0; d < 2; d++) {
      const c = await collect(h, plusDays(D0, d), day);
      refreshFindings(h.db, h.clock, c.id, testPolicy());
    }
    expect(verifyLedger(h.db).disagreements).toEqual([]);
    const critical = h.db.prepare(`SELECT id FROM findings WHERE severity = 'critical' LIMIT 1`).pluck().get() as string;

    // What the QA pass did: the version an auditor reads now says the access was verified, severity untouched.
    h.db.prepare(`UPDATE finding_versions SET title = 'access verified as appropriate', evidence_json = '[]' WHERE finding_id = ?`).run(critical);
    expect(verifyLedger(h.db).disagreements).toEqual([
      expect.stringMatching(/^what the findings recorded for collection 1 say is not what ledger entry \d+ records: a finding's severity, title, evidence or details were edited, or a version deleted$/),
      `finding ${critical} says something other than its newest recorded version (edited in place)`,
    ]);
    h.db.prepare(`UPDATE findings SET title = 'access verified as appropriate', evidence_json = '[]' WHERE id = ?`).run(critical);
    expect(verifyLedger(h.db).disagreements).toEqual([expect.stringMatching(/^what the findings recorded for collection 1 say is not what ledger entry \d+ records/)]);

    // Marked resolved, or made to look newer, in the table only.
    const resolved = harness();
    for (let d = 0; d < 2; d++) {
      const c = await collect(resolved, plusDays(D0, d), day);
      refreshFindings(resolved.db, resolved.clock, c.id, testPolicy());
    }
    resolved.db.prepare(`UPDATE findings SET status = 'resolved', resolved_in = 2, first_seen = 2 WHERE id = ?`).run(critical);
    expect(verifyLedger(resolved.db).disagreements).toEqual([
      `finding ${critical} is "resolved" in the findings table, but its events leave it open (collection 1)`,
      `finding ${critical} was first seen in collection 2 by the findings table, 1 by its events`,
    ]);

    // Only the listing edited: its newest version still says what was recorded.
    const other = harness();
    for (let d = 0; d < 2; d++) {
      const c = await collect(other, plusDays(D0, d), day);
      refreshFindings(other.db, other.clock, c.id, testPolicy());
    }
    other.db.prepare(`UPDATE findings SET title = 'access verified as appropriate' WHERE id = ?`).run(critical);
    expect(verifyLedger(other.db).disagreements).toEqual([`finding ${critical} says something other than its newest recorded version (edited in place)`]);
  });

  it("catches a finding moved onto another person, given another rule, or its details rewritten in the listing", async () => {
    const build = async () => {
      const h = harness();
      const day = [
        { id: 'hr', kind: 'hr_csv' as const, items: [hrEmployee('E1', 'zed@x.io', { status: 'terminated', terminationDate: '2026-04-01' }), hrEmployee('E2', 'amy@x.io')] },
        { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), member('zed', 'zed@x.io'), member('amy', 'amy@x.io')] },
      ];
      for (let d = 0; d < 2; d++) {
        const c = await collect(h, plusDays(D0, d), day);
        refreshFindings(h.db, h.clock, c.id, testPolicy());
      }
      expect(verifyLedger(h.db).disagreements).toEqual([]);
      const critical = h.db.prepare(`SELECT id FROM findings WHERE severity = 'critical' AND email = 'zed@x.io' LIMIT 1`).pluck().get() as string;
      expect(critical).toBeTruthy();
      // What the newest recording's entry keeps, as an auditor recomputes it from the table.
      const rows = h.db.prepare('SELECT id, rule, kind, subject_json, identity_id, email, details_json FROM findings ORDER BY id').raw().all();
      const entry = JSON.parse(h.db.prepare(`SELECT details_json FROM ledger_entries WHERE action = 'findings.recorded' ORDER BY seq DESC LIMIT 1`).pluck().get() as string);
      expect(entry.findingListingSha256).toBe(createHash('sha256').update(rows.map((r) => `${JSON.stringify(r)}\n`).join('')).digest('hex'));
      return { h, critical };
    };
    const changed = /^the findings as listed now are not what the recording of collection 2 left \(ledger entry \d+\): a finding's rule, subject, person or details were edited in place$/;
    const edits = [
      // The leaver's critical finding shown under a colleague (the People page lists findings by person).
      `UPDATE findings SET email = 'amy@x.io', identity_id = (SELECT identity_id FROM findings WHERE email = 'amy@x.io' LIMIT 1), subject_json = replace(subject_json, 'zed@x.io', 'amy@x.io') WHERE id = ?`,
      `UPDATE findings SET rule = 'dormant-account' WHERE id = ?`,
      `UPDATE findings SET details_json = '{}' WHERE id = ?`,
    ];
    for (const edit of edits) {
      const { h, critical } = await build();
      expect(h.db.prepare(edit).run(critical).changes).toBe(1);
      expect(verifyLedger(h.db).disagreements, edit).toEqual([expect.stringMatching(changed)]);
    }
  });

  it('catches a resolved finding moved onto someone else even after a later recording, and passes re-recordings of one collection', async () => {
    const h = harness();
    const people = [hrEmployee('E1', 'zed@x.io', { status: 'terminated', terminationDate: '2026-04-01' }), hrEmployee('E2', 'amy@x.io')];
    const day = (zedInPrefect: boolean) => [
      { id: 'hr', kind: 'hr_csv' as const, items: people },
      { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...(zedInPrefect ? [member('zed', 'zed@x.io')] : []), member('amy', 'amy@x.io')] },
    ];
    const first = await collect(h, D0, day(true));
    refreshFindings(h.db, h.clock, first.id, testPolicy());
    // The leaver is removed: the critical finding is resolved by the second recording.
    const second = await collect(h, plusDays(D0, 1), day(false));
    refreshFindings(h.db, h.clock, second.id, testPolicy());
    // The same collection recorded again (as after a policy change): each recording finds what the one before left.
    refreshFindings(h.db, h.clock, second.id, testPolicy());
    const resolved = h.db.prepare(`SELECT id FROM findings WHERE status = 'resolved' AND severity = 'critical' AND email = 'zed@x.io' LIMIT 1`).pluck().get() as string;
    expect(resolved).toBeTruthy();
    expect(verifyLedger(h.db).disagreements).toEqual([]);

    // The record of the leaver's removal now names a colleague, and a later recording runs over it.
    h.db.prepare(`UPDATE findings SET email = 'amy@x.io', subject_json = replace(subject_json, 'zed@x.io', 'amy@x.io') WHERE id = ?`).run(resolved);
    const third = await collect(h, plusDays(D0, 2), day(false));
    refreshFindings(h.db, h.clock, third.id, testPolicy());
    const [before, after] = h.db.prepare(`SELECT seq FROM ledger_entries WHERE action = 'findings.recorded' ORDER BY seq DESC LIMIT 2`).pluck().all() as number[];
    expect(verifyLedger(h.db).disagreements).toEqual([
      `the findings were edited between the recording of collection ${second.id} (ledger entry ${after}) and that of collection ${third.id} (ledger entry ${before}): the later one found a finding's rule, subject, person or details other than the earlier one left them`,
    ]);
  });

  it('catches an audit-log event edited, added or deleted in place (who removed access, and when)', async () => {
    const h = harness();
    const prefect = (events: ReturnType<typeof botCreated>[]) => ({ id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), member('zed', 'zed@x.io'), ...events] });
    await collect(h, D0, [prefect([botCreated('b1', '2026-04-30T10:00:00.000Z', 'actor-1', 'ana@x.io')])]);
    await collect(h, plusDays(D0, 1), [prefect([botCreated('b2', '2026-05-01T10:00:00.000Z', 'actor-2', 'bo@x.io')])]);
    expect(h.db.prepare('SELECT count(*) FROM source_events').pluck().get()).toBe(2);
    expect(verifyLedger(h.db).disagreements).toEqual([]);

    h.db.prepare(`UPDATE source_events SET actor_name = 'Directory sync (SCIM)' WHERE event_id = 'ev-bot-b1'`).run();
    h.db.prepare(`DELETE FROM source_events WHERE event_id = 'ev-bot-b2'`).run();
    h.db.prepare(`INSERT INTO source_events SELECT source_id, 'ev-forged', occurred_at, type, actor_id, actor_name, target_ids_json, detail_json, 2 FROM source_events WHERE event_id = 'ev-bot-b1'`).run();
    expect(verifyLedger(h.db).disagreements).toEqual([
      expect.stringMatching(/^the audit-log events collection 1 stored for source "prefect" are not the ones ledger entry \d+ records: an event was edited, added or deleted$/),
      expect.stringMatching(/^the audit-log events collection 2 stored for source "prefect" are not the ones ledger entry \d+ records/),
    ]);
  });

  it('catches identity links written, changed or deleted behind the ledger (a leaver\'s grants shown under someone else)', async () => {
    const h = await history();
    const account = { subjectKind: 'prefect-user' as const, sourceId: 'prefect', subjectId: 'acct-1' };
    setIdentityLink(h.db, h.clock, { ...account, identityId: 'emp:E1', mode: 'link', reason: 'same person' }, 'ana@x.io');
    setIdentityLink(h.db, h.clock, { ...account, identityId: 'emp:E2', mode: 'link', reason: 'no, this one' }, 'ana@x.io'); // replaces E1
    setIdentityLink(h.db, h.clock, { ...account, identityId: 'emp:E3', mode: 'unlink', reason: 'never E3' }, 'ana@x.io');
    setIdentityLink(h.db, h.clock, { ...account, subjectId: 'acct-2', identityId: 'emp:E4', mode: 'link', reason: 'x' }, 'ana@x.io');
    clearIdentityLink(h.db, h.clock, { ...account, subjectId: 'acct-2', identityId: 'emp:E4' }, 'ana@x.io');
    expect(verifyLedger(h.db).disagreements).toEqual([]);

    h.db.prepare(`INSERT INTO identity_links VALUES ('prefect-user', 'prefect', 'acct-9', 'emp:E100', 'link', 'x', 'mallory', '2026-05-09T00:00:00Z')`).run();
    h.db.prepare(`UPDATE identity_links SET mode = 'link' WHERE identity_id = 'emp:E3'`).run();
    h.db.prepare(`DELETE FROM identity_links WHERE identity_id = 'emp:E2'`).run();
    expect(verifyLedger(h.db).disagreements).toEqual([
      expect.stringMatching(/^identity link of prefect-user prefect\/acct-1 to emp:E3 is "link" in the table, "unlink" by ledger entry \d+$/),
      'identity link of prefect-user prefect/acct-9 to emp:E100 has no ledger entry: it was written outside the app',
      expect.stringMatching(/^identity link of prefect-user prefect\/acct-1 to emp:E2 recorded by ledger entry \d+ is gone from the table$/),
    ]);
  });

  it("catches past access erased or rewritten: a closed version's block deleted or edited, an open fact's start moved", async () => {
    const build = async () => {
      const h = harness();
      const prefect = (members: string[]) => ({ id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...members.map((m) => member(m, `${m}@x.io`))] });
      await collect(h, D0, [prefect(['ada', 'bob', 'cy'])]);
      await collect(h, plusDays(D0, 1), [prefect(['bob', 'cy'])]); // ada's membership closes here
      await collect(h, plusDays(D0, 2), [prefect(['bob', 'cy', 'dee'])]); // dee's opens here
      expect(verifyLedger(h.db).disagreements).toEqual([]);
      return h;
    };

    // Erased: the block holding ada's closed membership is gone, so no date shows she ever had access.
    const erased = await build();
    expect(erased.db.prepare('DELETE FROM fact_history WHERE valid_to = 2').run().changes).toBeGreaterThan(0);
    expect(verifyLedger(erased.db).disagreements).toEqual([
      expect.stringMatching(/^the fact versions collection 2 closed in source "prefect" are not the ones ledger entry \d+ records: a past version was deleted or edited$/),
      expect.stringMatching(/^\d+ fact versions start at collection 1, but ledger entry \d+ records that it opened \d+: a version's start was moved or a version added$/),
    ]);

    // Rewritten: the closed version repacked with another role.
    const rewritten = await build();
    const block = rewritten.db.prepare('SELECT id, packed FROM fact_history WHERE valid_to = 2 LIMIT 1').get() as { id: number; packed: Buffer };
    const rows = unpackHistory(block.packed).map((r) => ({ ...r, valueJson: r.valueJson.replace('"Member"', '"Viewer"').replace('"Admin"', '"Viewer"') }));
    rewritten.db.prepare('UPDATE fact_history SET packed = ? WHERE id = ?').run(packHistory(rows), block.id);
    expect(verifyLedger(rewritten.db).disagreements).toEqual([
      expect.stringMatching(/^the fact versions collection 2 closed in source "prefect" are not the ones ledger entry \d+ records/),
    ]);

    // Moved: dee's open membership made to look one collection older. The content hash names
    // each open fact's start (scheme 3), and the count of versions each collection opened moves.
    const moved = await build();
    expect(moved.db.prepare(`UPDATE fact_open SET valid_from = 2 WHERE valid_from = 3`).run().changes).toBeGreaterThan(0);
    expect(verifyLedger(moved.db).disagreements).toEqual([
      'source "prefect"\'s stored facts no longer hash to what collection 3 recorded: a fact was changed, added or removed outside a collection',
      expect.stringMatching(/^\d+ fact versions start at collection 2, but ledger entry \d+ records that it opened \d+/),
      expect.stringMatching(/^0 fact versions start at collection 3, but ledger entry \d+ records that it opened [1-9]\d*/),
    ]);
  });

  it("catches two open grants' starts swapped between collections, which leaves every count of versions opened as it was", async () => {
    const h = harness();
    const prefect = (members: string[]) => ({ id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...members.map((m) => member(m, `${m}@x.io`))] });
    await collect(h, D0, [prefect(['ada', 'bob'])]);
    await collect(h, plusDays(D0, 1), [prefect(['ada', 'bob', 'cy'])]); // cy's membership opens here
    expect(verifyLedger(h.db).disagreements).toEqual([]);
    const startOf = (email: string) => h.db.prepare(`SELECT valid_from FROM fact_open WHERE value_json LIKE ?`).pluck().get(`%"${email}"%`) as number;
    expect([startOf('ada@x.io'), startOf('cy@x.io')]).toEqual([1, 2]);
    // cy made to look as if granted at the first collection, ada as if only at the second.
    h.db.prepare(`UPDATE fact_open SET valid_from = CASE valid_from WHEN 1 THEN 2 ELSE 1 END WHERE value_json LIKE '%"ada@x.io"%' OR value_json LIKE '%"cy@x.io"%'`).run();
    expect([startOf('ada@x.io'), startOf('cy@x.io')]).toEqual([2, 1]);
    expect(verifyLedger(h.db).disagreements).toEqual([
      'source "prefect"\'s stored facts no longer hash to what collection 2 recorded: a fact was changed, added or removed outside a collection',
    ]);
  });

  it('catches a stored fact edited outside a collection (an HR termination turned back to active)', async () => {
    const h = harness();
    await collect(h, D0, [{ id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'zed@x.io', { status: 'terminated', terminationDate: '2026-04-01' })] }]);
    expect(verifyLedger(h.db).ok).toBe(true);
    h.db.prepare(`UPDATE fact_open SET value_json = replace(value_json, '"terminated"', '"active"')`).run();
    expect(verifyLedger(h.db).disagreements).toEqual(['source "hr"\'s stored facts no longer hash to what collection 1 recorded: a fact was changed, added or removed outside a collection']);
  });

  it('catches an open fact added where the buckets do not reach: a slot no key has, or a stream with a digest level no collection writes', async () => {
    const value = JSON.stringify({ id: 'mallory', userName: 'm@x.io', email: 'm@x.io', emails: ['m@x.io'], displayName: 'm', rawStatus: 'ACTIVE', lifecycle: 'active', employeeId: null, department: null });
    const build = async () => {
      const h = harness();
      await collect(h, D0, [{ id: 'okta', kind: 'okta', items: Array.from({ length: 1000 }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) }]);
      expect(verifyLedger(h.db).disagreements).toEqual([]);
      return h;
    };
    const changed = 'source "okta"\'s stored facts no longer hash to what collection 1 recorded: a fact was changed, added or removed outside a collection';
    // Started "at collection 0", so no collection's count of the versions it opened sees it either.
    const add = (h: Awaited<ReturnType<typeof build>>, stream: unknown, slot: number, key: string, json: string) =>
      h.db.prepare('INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (?, ?, ?, 0, ?)').run(stream, slot, key, json);
    // Slots past 65,535 (scheme 1 saw some of them) and below 0: the analysis reads the row all the same.
    for (const slot of [70_000, -5, 2 ** 40]) {
      const h = await build();
      add(h, h.db.prepare(`SELECT id FROM fact_streams WHERE kind = 'idp_user'`).pluck().get(), slot, 'mallory', value);
      expect(h.db.prepare(`SELECT count(*) FROM facts WHERE key = 'mallory' AND valid_to IS NULL`).pluck().get()).toBe(1);
      expect(verifyLedger(h.db).disagreements, `slot ${slot}`).toEqual([changed]);
    }
    // A new kind for the source, at a level whose buckets cover no slot (or none at all).
    for (const level of [-1, 17, 33]) {
      const h = await build();
      const stream = h.db.prepare(`INSERT INTO fact_streams (source_id, kind, digest_level) VALUES ('okta', 'idp_app_assignment', ?)`).run(level).lastInsertRowid;
      add(h, stream, 123, 'app:mallory', JSON.stringify({ appId: 'app', userId: 'mallory', status: 'ACTIVE' }));
      expect(verifyLedger(h.db).disagreements, `level ${level}`).toEqual([
        `source "okta"'s stored facts cannot be hashed again to check collection 1's content hash: stream ${String(stream)} (idp_app_assignment) of source "okta" has digest level ${level}, outside 0 to 16`,
      ]);
    }
  });

  it('still checks a content hash recorded under scheme 1 (before schema 12), and a scheme changed in place', async () => {
    const h = harness();
    await collect(h, D0, [{ id: 'okta', kind: 'okta', items: Array.from({ length: 50 }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) }]);
    // As a schema-11 file holds it: one SHA-256 over every line, recorded with no scheme named.
    const flat = linesContentHash(h.db, 'okta');
    expect(flat).not.toBe(contentHashFromRows(h.db, 'okta'));
    h.db.prepare('UPDATE collection_sources SET content_hash = ?, content_hash_scheme = 1').run(flat);
    const recorded = new Map([[1, { seq: 7, details: { sourceHashes: { okta: flat } } }]]);
    expect(collectedDataDisagreements(h.db, recorded).filter((d) => /content hash|no longer hash/.test(d.problem))).toEqual([]);
    h.db.prepare(`UPDATE fact_open SET value_json = replace(value_json, 'p7@x.io', 'p8@x.io')`).run();
    expect(collectedDataDisagreements(h.db, recorded).map((d) => d.problem)).toContain(
      'source "okta"\'s stored facts no longer hash to what collection 1 recorded: a fact was changed, added or removed outside a collection',
    );
    h.db.prepare('UPDATE collection_sources SET content_hash_scheme = 2').run();
    expect(collectedDataDisagreements(h.db, recorded).map((d) => d.problem)).toContain(
      'source "okta"\'s content hash for collection 1 is marked as scheme 2, but its ledger entry records scheme 1',
    );
  });

  it('still checks a content hash recorded under scheme 2 (before schema 13), which does not see starts', async () => {
    const h = harness();
    await collect(h, D0, [{ id: 'okta', kind: 'okta', items: Array.from({ length: 50 }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) }]);
    const scheme2 = contentHashFromRows(h.db, 'okta', 2);
    h.db.prepare('UPDATE collection_sources SET content_hash = ?, content_hash_scheme = 2').run(scheme2);
    const recorded = new Map([[1, { seq: 7, details: { sourceHashes: { okta: scheme2 }, contentHashScheme: 2 } }]]);
    const problems = () => collectedDataDisagreements(h.db, recorded).map((d) => d.problem).filter((p) => /hash/.test(p));
    expect(problems()).toEqual([]);
    h.db.prepare(`UPDATE fact_open SET valid_from = 0 WHERE key = 'u3'`).run();
    expect(problems()).toEqual([]);
    h.db.prepare(`UPDATE fact_open SET value_json = replace(value_json, 'p7@x.io', 'p8@x.io')`).run();
    expect(problems()).toEqual(['source "okta"\'s stored facts no longer hash to what collection 1 recorded: a fact was changed, added or removed outside a collection']);
  });

  it('catches, under scheme 1 too, an open fact added at a slot below 0 or past 65,535', async () => {
    const value = JSON.stringify({ id: 'mallory', userName: 'm@x.io', email: 'm@x.io', emails: ['m@x.io'], displayName: 'm', rawStatus: 'ACTIVE', lifecycle: 'active', employeeId: null, department: null });
    for (const slot of [-5, -(2 ** 40), 65_536, 2 ** 40]) {
      const h = harness();
      await collect(h, D0, [{ id: 'okta', kind: 'okta', items: Array.from({ length: 50 }, (_, i) => idpUser(`u${i}`, `p${i}@x.io`)) }]);
      const flat = linesContentHash(h.db, 'okta');
      h.db.prepare('UPDATE collection_sources SET content_hash = ?, content_hash_scheme = 1').run(flat);
      const recorded = new Map([[1, { seq: 7, details: { sourceHashes: { okta: flat } } }]]);
      const stream = h.db.prepare(`SELECT id FROM fact_streams WHERE kind = 'idp_user'`).pluck().get();
      h.db.prepare('INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (?, ?, ?, 0, ?)').run(stream, slot, 'mallory', value);
      expect(collectedDataDisagreements(h.db, recorded).map((d) => d.problem), `slot ${slot}`).toContain(
        'source "okta"\'s stored facts no longer hash to what collection 1 recorded: a fact was changed, added or removed outside a collection',
      );
    }
  });
});
