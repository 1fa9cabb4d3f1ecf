import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from '../../electron/analyze/policy/policy-schema';
import { currentPolicy, getPolicyVersion, listPolicyVersions, policyHash, savePolicy } from '../../electron/analyze/policy/policy-store';
import { terminationTimeZoneOf } from '../../shared/domain/policy';
import { demoPolicy } from '../../electron/analyze/policy/demo-policy';
import { orgPolicyHints } from '../../electron/simulate/org/org-policy-hints';
import { generateOrg } from '../../electron/simulate/org/generate-org';
import { appendLedger, listLedger, verifyLedger } from '../../electron/evidence/ledger';
import { AppError } from '../../shared/api/result';
import { harness } from './builders';

describe('policy schema', () => {
  it('fills defaults and lower-cases break-glass addresses', () => {
    expect(DEFAULT_POLICY).toMatchObject({ version: 0, mappings: [], offboardingDeadlineHours: 24, maxApiKeyAgeDays: 365, dormancyDays: 90, breakGlassEmails: [], sodPairs: [] });
    expect(parsePolicy({ breakGlassEmails: ['Glass@X.io'] }).breakGlassEmails).toEqual(['glass@x.io']);
  });

  it('names the bad key in its error', () => {
    const bad = (input: unknown) => {
      try {
        parsePolicy(input);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return (error as AppError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(bad({ mappings: [{ idpGroup: 'g', accountRole: 7 }] })).toMatch(/policy\.mappings\[0\]\.accountRole: /);
    expect(bad({ dormancyDays: -1 })).toMatch(/policy\.dormancyDays: /);
    expect(bad({ sodPairs: [{ a: { team: 'x' }, b: { colour: 'red' } }] })).toMatch(/policy\.sodPairs\[0\]\.b/);
    expect(bad({ breakGlassEmails: ['not-an-address'] })).toMatch(/policy\.breakGlassEmails\[0\]: must be an email address/);
    expect(bad({ offboardingDeadline: 4 })).toMatch(/offboardingDeadline/);
  });

  it('takes the termination time zone as an IANA name, refuses one Intl does not know, and leaves it out when not set', () => {
    expect(parsePolicy({ terminationTimeZone: 'Asia/Tokyo' }).terminationTimeZone).toBe('Asia/Tokyo');
    // Not filled in: a policy that does not name a zone keeps the canonical JSON (and hash) it always had.
    expect('terminationTimeZone' in DEFAULT_POLICY).toBe(false);
    expect('terminationTimeZone' in parsePolicy({ dormancyDays: 30 })).toBe(false);
    expect(terminationTimeZoneOf(DEFAULT_POLICY)).toBe('UTC');
    expect(terminationTimeZoneOf(parsePolicy({ terminationTimeZone: 'America/Los_Angeles' }))).toBe('America/Los_Angeles');
    expect(() => parsePolicy({ terminationTimeZone: 'Europe/Berln' })).toThrow(
      'The policy is not valid: policy.terminationTimeZone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin',
    );
    // An offset is not a zone some runtimes accept and others refuse: refused everywhere.
    expect(() => parsePolicy({ terminationTimeZone: '+09:00' })).toThrow(/policy\.terminationTimeZone: unknown time zone "\+09:00"/);
    expect(() => parsePolicy({ terminationTimeZone: '' })).toThrow(/policy\.terminationTimeZone: unknown time zone ""/);
  });

  it('the demo policy mirrors the simulated organisation', () => {
    const p = demoPolicy(orgPolicyHints(generateOrg({ seed: 3, people: 40, start: '2026-05-01' })));
    expect(p.breakGlassEmails).toHaveLength(1);
    expect(p.mappings.find((m) => m.idpGroup === 'prefect-admins')).toMatchObject({ prefectTeam: 'prefect-admins', accountRole: 'Admin' });
    expect(p.sodPairs).toHaveLength(1);
  });
});

describe('policy store', () => {
  it('versions every change on the ledger, skips a save that changes nothing, and guards against lost updates', () => {
    const h = harness();
    expect(currentPolicy(h.db).version).toBe(0);
    const v1 = savePolicy(h.db, h.clock, { dormancyDays: 60 }, 'ana@x.io', { note: 'tighter dormancy' });
    expect(v1).toMatchObject({ version: 1, changed: true });
    expect(currentPolicy(h.db)).toMatchObject({ version: 1, dormancyDays: 60 });
    // Same content (the version number a caller sends is ignored): nothing new.
    expect(savePolicy(h.db, h.clock, { version: 99, dormancyDays: 60 }, 'bo@x.io')).toMatchObject({ version: 1, changed: false });
    const v2 = savePolicy(h.db, h.clock, { dormancyDays: 60, breakGlassEmails: ['glass@x.io'] }, 'bo@x.io', { expectedVersion: 1 });
    expect(v2.version).toBe(2);
    expect(() => savePolicy(h.db, h.clock, { dormancyDays: 30 }, 'cy@x.io', { expectedVersion: 1 })).toThrow(/changed meanwhile/);
    expect(() => savePolicy(h.db, h.clock, { dormancyDays: 'soon' }, 'cy@x.io')).toThrow(/policy\.dormancyDays/);
    expect(listPolicyVersions(h.db).map((v) => [v.version, v.actor])).toEqual([
      [2, 'bo@x.io'],
      [1, 'ana@x.io'],
    ]);
    expect(getPolicyVersion(h.db, 1)!.policy.dormancyDays).toBe(60);
    expect(getPolicyVersion(h.db, 0)!.policy).toEqual(DEFAULT_POLICY);
    const saved = listLedger(h.db, { limit: 10 }).entries.filter((e) => e.action === 'policy.saved');
    expect(saved.map((e) => [e.details.version, e.details.changedKeys])).toEqual([
      [2, ['breakGlassEmails']],
      [1, ['dormancyDays']],
    ]);
    expect(verifyLedger(h.db).ok).toBe(true);
  });

  it('a mapping with no workspace roles is one policy whether it says [] or leaves them out', () => {
    const h = harness();
    const mapping = { idpGroup: 'prefect-owners', prefectTeam: 'prefect-owners', accountRole: 'Owner' };
    expect(savePolicy(h.db, h.clock, { mappings: [{ ...mapping, workspaceRoles: [] }], offboardingDeadlineHours: 48 }, 'ana@x.io', { note: 'first' }).version).toBe(1);
    // What the policy form sends back: the empty list left out, and one real edit.
    expect(savePolicy(h.db, h.clock, { mappings: [mapping], offboardingDeadlineHours: 48 }, 'bo@x.io')).toMatchObject({ version: 1, changed: false });
    expect(savePolicy(h.db, h.clock, { mappings: [mapping], offboardingDeadlineHours: 24 }, 'bo@x.io')).toMatchObject({ version: 2, changed: true });
    const saved = listLedger(h.db, { limit: 1 }).entries[0]!;
    expect(saved.details.changedKeys).toEqual(['offboardingDeadlineHours']);
  });

  it('a version saved before the termination time zone existed still verifies intact, and measures in UTC', () => {
    const h = harness();
    // What savePolicy stored and recorded before the setting: canonical JSON without the key,
    // and on the ledger the SHA-256 of that JSON less the version (written out, not recomputed).
    const storedJson = '{"breakGlassEmails":[],"dormancyDays":60,"mappings":[],"maxApiKeyAgeDays":365,"offboardingDeadlineHours":24,"sodPairs":[],"version":1}';
    const recordedSha = 'cc7b2c0896379b02851b575b8741a15ccc1a45b42c0682460746af5ca438debd';
    h.db.prepare('INSERT INTO policy_versions (version, json, sha256, created_at, actor, note) VALUES (1, ?, ?, ?, ?, NULL)').run(storedJson, recordedSha, h.clock.now().toISOString(), 'ana@x.io');
    appendLedger(h.db, h.clock, {
      actor: 'ana@x.io',
      action: 'policy.saved',
      subject: 'policy version 1',
      details: { version: 1, previousVersion: 0, sha256: recordedSha, changedKeys: ['dormancyDays'], note: null },
    });
    expect(verifyLedger(h.db).ok).toBe(true);

    // Read back, nothing is filled in: the policy hashes to what the ledger recorded, and means UTC.
    const old = currentPolicy(h.db);
    expect('terminationTimeZone' in old).toBe(false);
    expect(policyHash(old)).toBe(recordedSha);
    expect(terminationTimeZoneOf(old)).toBe('UTC');
    expect(savePolicy(h.db, h.clock, { dormancyDays: 60 }, 'bo@x.io')).toMatchObject({ version: 1, changed: false });

    // Naming a zone is a new version, and the chain with both still verifies.
    expect(savePolicy(h.db, h.clock, { dormancyDays: 60, terminationTimeZone: 'Asia/Tokyo' }, 'bo@x.io', { note: 'roster dates are Tokyo days' })).toMatchObject({ version: 2, changed: true });
    expect(listLedger(h.db, { limit: 1 }).entries[0]!.details.changedKeys).toEqual(['terminationTimeZone']);
    expect(currentPolicy(h.db).terminationTimeZone).toBe('Asia/Tokyo');
    expect((h.db.prepare('SELECT json FROM policy_versions WHERE version = 1').get() as { json: string }).json).toBe(storedJson);
    expect(verifyLedger(h.db).ok).toBe(true);
  });
});
