import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileRecordSchema, quote, recordEncoder } from '../../../electron/collect/record-encoder';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addHash, factHash, factHashAscii } from '../../../electron/collect/store/fact-digest';
import { RecordFile } from '../../../electron/collect/store/record-file';
import { recordKinds, recordSchemas } from '../../../shared/domain/records';

/** One valid value per kind, every field set (strings, nulls, arrays, enums, booleans). */
const samples: Record<string, Record<string, unknown>> = {
  idp_user: { id: 'u1', userName: 'ann@x.io', email: 'ann@x.io', emails: ['ann@x.io', 'a@y.io'], displayName: 'Ann', rawStatus: 'ACTIVE', lifecycle: 'active', employeeId: 'E1', department: null },
  idp_group: { id: 'g1', name: 'Data', description: null },
  idp_group_member: { groupId: 'g1', memberId: 'u1', memberType: 'user' },
  idp_app_assignment: { appId: 'app', userId: 'u1', status: 'ACTIVE' },
  hr_employee: { employeeId: 'E1', email: 'ann@x.io', name: 'Ann', status: 'active', hireDate: '2020-01-02', terminationDate: null, department: 'Data' },
  prefect_member: { id: 'm1', actorId: 'a1', userId: 'u1', email: 'ann@x.io', handle: 'ann', firstName: 'Ann', lastName: 'Lee', accountRoleId: 'r1', accountRoleName: 'Member', active: true },
  prefect_last_login: { membershipId: 'm1', lastLogin: '2026-01-01T00:00:00Z' },
  prefect_account_role: { id: 'r1', name: 'Member', permissions: ['a', 'b'], isSystemRole: false },
  prefect_workspace: { id: 'w1', name: 'Prod', handle: 'prod', defaultWorkspaceRoleId: null, isPublic: false },
  prefect_workspace_role: { id: 'wr1', name: 'Runner', scopes: [], inheritedRoleId: null, builtIn: true },
  prefect_workspace_access: { id: null, workspaceId: 'w1', actorType: 'team', actorId: 't1', userId: null, email: null, name: 'Team', workspaceRoleId: 'wr1' },
  prefect_team: { id: 't1', name: 'Team', description: null, directoryGroupId: 'g1' },
  prefect_team_member: { teamId: 't1', memberId: 'a1', memberType: 'bot', email: null, handle: null },
  prefect_service_account: { id: 's1', actorId: null, name: 'bot', accountRoleName: 'Member' },
  prefect_api_key: { id: 'k1', serviceAccountId: 's1', name: null, created: null, expiration: '2027-01-01T00:00:00Z' },
};

/** Strings that are hard to serialize or to validate: escapes, lone surrogates, lengths at the limits. */
const awkwardStrings = ['', 'a', 'ab', 'a@b', ' @b', 'a@b c', 'x"y', 'back\\slash', 'tab\there', 'nl\n', '\u0000', '\u001f', '\u007f', 'é', '日本', '😀', '\ud800', 'a\udc00b', '\uffff', 'x'.repeat(512), 'x'.repeat(513), `${'y'.repeat(316)}@a.b`, `${'y'.repeat(317)}@a.b`, 'ACTIVE', 'user', 'group', 'bot', 'team', 'active', '2020-01-02', 'toString', '__proto__'];
const awkwardValues: unknown[] = [...awkwardStrings, null, undefined, 0, 1, true, false, [], ['a'], ['a', 1], [null], Object.assign([], { length: 2 }), {}, new String('x'), ['x"', '\ud800']];

/** Every sample with one field replaced by each awkward value, removed, or joined by an unknown field; and some non-objects. */
function* candidates(sample: Record<string, unknown>): Generator<unknown> {
  yield sample;
  yield { ...sample, extra: 'ignored', another: { nested: true } };
  yield Object.assign(Object.create({ inherited: 1 }), sample);
  for (const field of Object.keys(sample)) {
    const { [field]: _dropped, ...without } = sample;
    yield without;
    for (const value of awkwardValues) yield { ...sample, [field]: value };
  }
  yield null;
  yield [];
  yield 'a string';
  yield 42;
}

describe('record encoder (the fast path beside zod)', () => {
  it('has a fast path for the kinds that make up large sources', () => {
    for (const kind of ['idp_user', 'idp_group_member', 'idp_group', 'prefect_member', 'hr_employee', 'prefect_workspace_access', 'prefect_team_member']) {
      expect(recordEncoder(kind), kind).not.toBeNull();
    }
    // Refinements (isoTime) are zod's alone.
    expect(recordEncoder('prefect_last_login')).toBeNull();
    expect(recordEncoder('prefect_api_key')).toBeNull();
    expect(recordEncoder('no_such_kind')).toBeNull();
    expect(recordEncoder('toString')).toBeNull();
    expect(recordEncoder('__proto__')).toBeNull();
  });

  it('accepts only what zod accepts, and then writes exactly JSON.stringify of zod’s output', () => {
    expect(recordKinds.sort()).toEqual(Object.keys(samples).sort());
    let fast = 0;
    let deferred = 0;
    for (const kind of recordKinds) {
      const schema = recordSchemas[kind];
      expect(schema.safeParse(samples[kind]).success, `sample ${kind}`).toBe(true);
      const encode = recordEncoder(kind);
      if (!encode) continue;
      expect(encode(samples[kind]), `sample ${kind} takes the fast path`).not.toBeNull();
      for (const value of candidates(samples[kind]!)) {
        const encoded = encode(value);
        const parsed = schema.safeParse(value);
        if (encoded === null) {
          deferred += 1;
          continue;
        }
        fast += 1;
        expect(parsed.success, `${kind}: fast path accepted ${JSON.stringify(value)}`).toBe(true);
        expect(encoded, `${kind}: ${JSON.stringify(value)}`).toBe(JSON.stringify(parsed.data));
      }
    }
    // Both branches were exercised many times.
    expect(fast).toBeGreaterThan(200);
    expect(deferred).toBeGreaterThan(200);
  });

  it('defers every value zod rejects', () => {
    for (const kind of recordKinds) {
      const encode = recordEncoder(kind);
      if (!encode) continue;
      for (const value of candidates(samples[kind]!)) {
        if (!recordSchemas[kind].safeParse(value).success) expect(encode(value), `${kind}: ${JSON.stringify(value)}`).toBeNull();
      }
    }
  });

  it('compiles no fast path for schema features it does not model', () => {
    expect(compileRecordSchema(z.object({ a: z.string() }))).not.toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().optional() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().default('x') }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().refine((s) => s !== 'x') }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().trim() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().email() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.coerce.string() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.number() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.array(z.string()).min(1) }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string().transform((s) => s.length) }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string() }).passthrough())).toBeNull();
    expect(compileRecordSchema(z.looseObject({ a: z.string() }))).toBeNull();
    expect(compileRecordSchema(z.object({ a: z.string() }).refine(() => true))).toBeNull();
    expect(compileRecordSchema(z.string())).toBeNull();
  });

  it('quotes strings exactly as JSON.stringify does', () => {
    for (const s of [...awkwardStrings, '\u2028', '\u2029', '\ud83d\ude00x', '\ude00\ud83d']) expect(quote(s)).toBe(JSON.stringify(s));
  });
});

describe('fact digests', () => {
  it('keep the values earlier versions stored (stored digests stay comparable)', () => {
    // Computed by the previous implementation (floating-point modulo).
    expect(factHash('idp_user', 'p1', '{"a":1}')).toBe(4195783419840858);
    expect(factHash('idp_group_member', 'g1:p1', '{"groupId":"g1","memberId":"p1","memberType":"user"}')).toBe(529672469878370);
    expect(factHash('prefect_member', 'm-😀é', '{"x":"é😀"}')).toBe(1958867925971442);
    expect(factHash('k', '', '')).toBe(1899339175525439);
  });

  it('add modulo 2^52', () => {
    const mod = 2 ** 52;
    for (const [a, b] of [[0, 0], [mod - 1, 1], [mod - 1, mod - 1], [123, mod - 123], [2 ** 51, 2 ** 51], [2 ** 51, 2 ** 51 - 1]] as const) {
      expect(addHash(a, b)).toBe((a + b) % mod);
    }
  });

  it('hash a record file’s ASCII bytes exactly as factHash hashes the strings; non-ASCII records are left to factHash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-digest-'));
    const file = new RecordFile(path.join(dir, 'r.bin'));
    try {
      const ascii = ['', 'a', 'g1:p1', 'x'.repeat(300), '{"a":"b\\"c"}', '\u0000\u007f~'];
      for (const key of ascii) {
        for (const value of ascii) {
          const at = file.append(1, 0, 7, key, value);
          expect(at).toBeGreaterThanOrEqual(0);
          expect(factHashAscii('idp_user', file.bytes, at, key.length, at + key.length + value.length)).toBe(factHash('idp_user', key, value));
        }
      }
      const odd = [['é', '{}'], ['k', '{"n":"日本"}'], ['😀', '"x"'], ['k', '\u0080'], ['a\ud800', '{}'], ['\udc00', 'x']] as const;
      for (const [key, value] of odd) expect(file.append(2, 0, 7, key, value)).toBe(-1);
      // Everything reads back as written, ASCII or not.
      const back: [string, string][] = [];
      file.scan(() => true, (_seq, _slot, key, value) => back.push([key, value]));
      const expected = [...ascii.flatMap((key) => ascii.map((value) => [key, value])), ...odd.map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString()])];
      expect(back).toEqual(expected);
    } finally {
      file.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
