import { describe, expect, it } from 'vitest';
import { atFromPickers, atIsCollection, pickersFromAt, resolveAsOfClient } from '../../renderer/src/analysis/resolve-as-of';

// Complete collections as snapshotTimes lists them; 3 and 4 finished at the same instant.
const points = [
  { collectionId: 1, at: '2026-11-01T06:00:00.000Z' },
  { collectionId: 2, at: '2026-11-02T06:00:00.000Z' },
  { collectionId: 4, at: '2026-11-03T06:00:00.000Z' },
  { collectionId: 3, at: '2026-11-03T06:00:00.000Z' },
  { collectionId: 7, at: '2026-11-05T18:30:00.000Z' },
];

const answer = (at: string | null) => {
  const r = resolveAsOfClient(points, at);
  return r.kind === 'resolved' ? { id: r.point.collectionId, next: r.next?.collectionId ?? null, latest: r.latest } : r.kind;
};

describe('resolveAsOfClient (the engine rule, in the browser)', () => {
  it('now is the newest collection, with no later poll', () => {
    expect(answer(null)).toEqual({ id: 7, next: null, latest: true });
  });
  it('a bare date means the end of that day UTC, so that day’s poll answers', () => {
    expect(answer('2026-11-02')).toEqual({ id: 2, next: 3, latest: false });
    expect(answer('2026-11-04')).toEqual({ id: 4, next: 7, latest: false });
  });
  it('a time exactly at a commit is answered by that collection; a millisecond earlier by the one before', () => {
    expect(answer('2026-11-02T06:00:00.000Z')).toEqual({ id: 2, next: 3, latest: false });
    expect(answer('2026-11-02T05:59:59.999Z')).toEqual({ id: 1, next: 2, latest: false });
  });
  it('on a tie of commit times the higher id answers, and the window runs to the next id', () => {
    expect(answer('2026-11-03T12:00:00Z')).toEqual({ id: 4, next: 7, latest: false });
  });
  it('reads zone offsets as the API does', () => {
    // 07:00+02:00 is 05:00Z: before collection 2's 06:00Z commit.
    expect(answer('2026-11-02T07:00:00+02:00')).toEqual({ id: 1, next: 2, latest: false });
  });
  it('says when T is before the first collection, when there are none, and when the text is no time', () => {
    const early = resolveAsOfClient(points, '2026-10-31');
    expect(early).toMatchObject({ kind: 'before-first', first: { collectionId: 1 } });
    expect(early.kind === 'before-first' && early.time.toISOString()).toBe('2026-10-31T23:59:59.999Z');
    expect(resolveAsOfClient([], null)).toEqual({ kind: 'no-collections' });
    expect(resolveAsOfClient([], '2026-11-01')).toEqual({ kind: 'no-collections' });
    expect(resolveAsOfClient(points, 'yesterday')).toEqual({ kind: 'invalid', text: 'yesterday' });
  });
});

describe('date and time pickers', () => {
  it('turn a date alone into a bare date and a date with a time into a UTC instant', () => {
    expect(atFromPickers('2026-11-02', '')).toBe('2026-11-02');
    expect(atFromPickers('2026-11-02', '14:05')).toBe('2026-11-02T14:05:00Z');
    expect(atFromPickers('2026-11-02', '14:05:09')).toBe('2026-11-02T14:05:09Z');
    expect(atFromPickers('', '14:05')).toBeNull();
    expect(atFromPickers('2026-13-40', '')).toBeNull();
  });
  it('show an `at` back as UTC date and time (no time for a bare date)', () => {
    expect(pickersFromAt(null)).toEqual({ date: '', time: '' });
    expect(pickersFromAt('2026-11-02')).toEqual({ date: '2026-11-02', time: '' });
    expect(pickersFromAt('2026-11-02T06:00:00.000Z')).toEqual({ date: '2026-11-02', time: '06:00' });
    expect(pickersFromAt('2026-11-02T01:30:15+02:00')).toEqual({ date: '2026-11-01', time: '23:30:15' });
    expect(pickersFromAt('garbage')).toEqual({ date: '', time: '' });
  });
  it('recognise an `at` that names a collection exactly (not a bare date of the same day)', () => {
    expect(atIsCollection('2026-11-02T06:00:00.000Z', points[1]!)).toBe(true);
    expect(atIsCollection('2026-11-02T06:00:00Z', points[1]!)).toBe(true);
    expect(atIsCollection('2026-11-02', points[1]!)).toBe(false);
    expect(atIsCollection(null, points[1]!)).toBe(false);
  });
});
