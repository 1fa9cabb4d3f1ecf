import { describe, expect, it } from 'vitest';
import { jsonPieces, writeJson } from '../../electron/cli/json-stream';
import { rng } from '../fixtures/rng';

/** Random JSON-ish values: long and short arrays, nested objects, the values JSON.stringify drops or rewrites. */
function randomValue(random: () => number, depth: number): unknown {
  const r = random();
  if (depth > 3 || r < 0.3) {
    const leaves = ['text', 'line\nbreak "quoted" ]}', '', 0, -1.5, 1e21, true, false, null, undefined, () => 1, new Date(Date.UTC(2026, 10, 29)), Number.NaN];
    return leaves[Math.floor(random() * leaves.length)];
  }
  if (r < 0.6) {
    // Long arrays near the top only, so that a value stays a few megabytes.
    const length = depth < 2 && random() < 0.3 ? 257 + Math.floor(random() * 300) : Math.floor(random() * 4);
    return Array.from({ length }, () => randomValue(random, depth + 1));
  }
  const out: Record<string, unknown> = {};
  const keys = Math.floor(random() * 5);
  for (let i = 0; i < keys; i++) out[random() < 0.1 ? `k "${i}"\n` : `k${i}`] = randomValue(random, depth + 1);
  if (depth < 2 && random() < 0.3) out.long = Array.from({ length: 300 }, (_, i) => ({ i, v: randomValue(random, 3) }));
  return out;
}

describe('jsonPieces', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', () => {
    const random = rng(3);
    let long = 0;
    for (let i = 0; i < 120; i++) {
      const value = randomValue(random, 0);
      const expected = JSON.stringify(value, null, 2) ?? 'null';
      expect([...jsonPieces(value)].join(''), `value ${i}`).toBe(expected);
      if (expected.length > 10_000) long += 1;
    }
    // Long values (member by member) were among them, not only JSON.stringify's own.
    expect(long).toBeGreaterThan(10);
    const diffLike = { from: { collectionId: 1 }, changes: Array.from({ length: 1000 }, (_, i) => ({ i, before: null, after: { grants: [] } })), byPerson: [], counts: { added: 1000 } };
    expect([...jsonPieces(diffLike)].join('')).toBe(JSON.stringify(diffLike, null, 2));
    expect([...jsonPieces(diffLike)].length).toBeGreaterThan(1000);
  });

  it('writes in pieces with a newline at the end, waiting for the output to drain', async () => {
    const value = { rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(100) })) };
    const out: string[] = [];
    let waits = 0;
    await writeJson(value, (t) => out.push(t), async () => {
      waits += 1;
    });
    expect(out.join('')).toBe(JSON.stringify(value, null, 2) + '\n');
    expect(out.length).toBeGreaterThan(1);
    expect(waits).toBe(out.length - 1);
  });
});
