import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo, type DemoResult } from '../../electron/simulate/demo/run-demo';
import { generateOrg } from '../../electron/simulate/org/generate-org';
import { orgPolicyHints } from '../../electron/simulate/org/org-policy-hints';
import { evolveOrg } from '../../electron/simulate/org/evolve-org';
import { createRng } from '../../electron/simulate/org/rng';
import { resolvePlantedSubject, plantedKind } from '../../electron/simulate/org/planted-kinds';
import type { OrgModel } from '../../electron/simulate/org/org-model';
import { openDatabase, type Db } from '../../electron/db/open-database';
import { allMigrations } from '../../electron/db/migrations';
import { currentCollectionId } from '../../electron/collect/store/collection-rows';
import { silentLogger } from '../../electron/platform/logger';
import { ManualClock } from '../../electron/platform/clock';
import { computeFindings } from '../../electron/analyze/findings/compute-findings';
import { recordFindings } from '../../electron/analyze/findings/findings-store';
import type { Finding, FindingKind } from '../../electron/analyze/findings/finding-types';
import { demoPolicy } from '../../electron/analyze/policy/demo-policy';
import { savePolicy } from '../../electron/analyze/policy/policy-store';
import { accessAt } from '../../electron/analyze/point-in-time';
import { diffAccess } from '../../electron/analyze/diff';
import { personTimeline } from '../../electron/analyze/timeline';

/**
 * End to end: the real demo pipeline (simulators, connectors, collections over five simulated
 * days) and then the analysis. Every problem the generator planted must surface as a finding
 * of the matching kind about the planted subject.
 */
const SEED = 7;
const PEOPLE = 60;
const DAYS = 5;
const END = new Date('2026-06-05T12:00:00.000Z');

let dir: string;
let db: Db;
let demo: DemoResult;
let org: OrgModel;
let findings: Finding[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-analyze-demo-'));
  const file = path.join(dir, 'demo.db');
  demo = await runDemo({ databasePath: file, people: PEOPLE, days: DAYS, seed: SEED, endDate: END, logger: silentLogger });
  // The same organisation, evolved the same way the demo did, to resolve the planted subjects.
  org = generateOrg({ seed: SEED, people: PEOPLE, start: `${demo.firstDay}T00:00:00.000Z`, days: DAYS });
  const rng = createRng(SEED ^ 0x5eed);
  for (let day = 1; day < DAYS; day++) evolveOrg(org, rng, { days: 1 });
  db = openDatabase(file, { migrations: allMigrations });
  const clock = new ManualClock(END);
  const saved = savePolicy(db, clock, demoPolicy(orgPolicyHints(org)), 'demo');
  const collectionId = currentCollectionId(db)!;
  const result = computeFindings(db, collectionId, saved.policy);
  recordFindings(db, clock, result, 'demo');
  findings = result.findings;
}, 120_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const FINDING_FOR: Record<string, FindingKind> = {
  'leaver-still-active': 'leaver-still-active',
  'direct-grant-bypass': 'direct-grant-bypass',
  'key-without-expiry': 'key-without-expiry',
  'dormant-admin': 'dormant-admin',
  'bot-owned-by-leaver': 'bot-owned-by-leaver',
  'unknown-account': 'unknown-account',
  'role-escalation': 'role-escalation',
  'offboarding-deadline-missed': 'offboarding-deadline-missed',
  'role-drift-below': 'role-drift-below',
  'expected-access-missing': 'expected-access-missing',
  'key-too-old': 'key-too-old',
  'bot-admin-role': 'bot-admin-role',
  'sod-conflict': 'sod-conflict',
};

describe('the demo organisation through the analysis', () => {
  it('replays the same organisation the demo ran', () => {
    expect(demo.statuses.complete).toBe(DAYS);
    expect(org.planted.map((p) => `${p.kind}:${p.subject}`)).toEqual(demo.planted.map((p) => `${p.kind}:${p.subject}`));
  });

  it('surfaces every planted problem as a finding about its subject', () => {
    const missing: string[] = [];
    const notCollected: string[] = [];
    const creationEventStored = (botId: string) =>
      !!db.prepare(`SELECT 1 FROM source_events WHERE type = 'prefect-cloud.service-account.created' AND instr(target_ids_json, ?) > 0`).get(botId);
    for (const problem of org.planted) {
      const subject = resolvePlantedSubject(org, problem);
      const kind = FINDING_FOR[plantedKind(problem)]!;
      if (!subject) {
        missing.push(`${problem.kind} ${problem.subject}: subject no longer in the organisation`);
        continue;
      }
      const person = subject.personId ? org.people.find((p) => p.personId === subject.personId) : undefined;
      const matches = findings.filter((f) => {
        if (f.kind !== kind) return false;
        const s = f.subject;
        if (person && s.identityId === `emp:${person.employeeId}`) return !subject.workspaceId || s.workspaceId === undefined || !!s.workspaceId;
        if (subject.keyId && s.id === subject.keyId) return true;
        if (subject.botId && (s.botId === subject.botId || s.id === subject.botId)) return true;
        if (subject.membershipId && s.membershipId === subject.membershipId) return true;
        return false;
      });
      if (matches.length > 0) continue;
      // The Prefect connector's first audit read looks back 30 days (its default; the demo's
      // sim-suite config does not raise it), so a service account created before that has no
      // creation event in the store and no known owner. Accepted only when that is the cause.
      if (problem.kind === 'bot-owned-by-leaver' && subject.botId && !creationEventStored(subject.botId)) {
        const bot = org.prefect.bots.find((b) => b.id === subject.botId)!;
        const firstRead = Date.parse(`${demo.firstDay}T06:00:00.000Z`);
        expect(firstRead - Date.parse(bot.createdAt)).toBeGreaterThan(30 * 86_400_000);
        notCollected.push(problem.kind);
        continue;
      }
      missing.push(`${problem.kind} ${problem.subject}: ${problem.note}`);
    }
    expect(missing).toEqual([]);
    expect(notCollected.length).toBeLessThanOrEqual(1);
    expect(new Set(org.planted.map((p) => plantedKind(p))).size).toBe(13);
  });

  it('never flags the break-glass account', () => {
    const [glass] = orgPolicyHints(org).breakGlassEmails;
    expect(glass).toBeDefined();
    expect(findings.filter((f) => f.subject.email === glass)).toEqual([]);
  });

  it('answers point-in-time, diff and timeline questions on the demo history', () => {
    const at = accessAt(db, new Date(END.getTime() + 86_400_000), { workspace: 'prod' });
    expect(at.rows.length).toBeGreaterThan(5);
    expect(at.rows.every((r) => r.role !== null && r.provenance.length > 0)).toBe(true);
    const first = `${demo.firstDay}T12:00:00.000Z`;
    const diff = diffAccess(db, new Date(first), new Date(END.getTime() + 86_400_000));
    expect(diff.changes.length).toBeGreaterThan(0);
    // The fast path (changed facts only) agrees with whole-snapshot comparison on every pair of days.
    const days = Array.from({ length: DAYS }, (_, i) => new Date(Date.parse(first) + i * 86_400_000));
    const strip = (d: ReturnType<typeof diffAccess>) => JSON.stringify({ changes: d.changes, counts: d.counts });
    for (let i = 0; i < DAYS; i++) {
      for (let j = i + 1; j < DAYS; j++) expect(strip(diffAccess(db, days[i]!, days[j]!)), `day ${i} -> ${j}`).toBe(strip(diffAccess(db, days[i]!, days[j]!, { strategy: 'full' })));
    }
    const leaver = org.planted.find((p) => p.kind === 'leaver-still-active')!;
    const person = org.people.find((p) => p.personId === leaver.subject)!;
    const t = personTimeline(db, person.email);
    expect(t.identityId).toBe(`emp:${person.employeeId}`);
    expect(t.revocation?.state).toBe('still-active');
    expect(t.events.some((e) => e.type === 'finding.opened')).toBe(true);
  });
});
