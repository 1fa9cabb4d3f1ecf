import { describe, expect, it } from 'vitest';
import { bodyLength, decodeBodyTuple, encodeBody, FIELD, parseBody, type BodyTuple } from '../../electron/analyze/derived/body-format';
import { bodyFields008 } from '../../electron/db/migrations/008-derived-body-fields';

const plain: BodyTuple = [0, 'm-1', 'a-1', 'p1@x.io', 'Person 1', 'p1', 'Member', 20, 1, 'emp:E1', 'Person 1', 'email', ['p1@x.io'], 3, [[0, 'm-1', 1, null], [2, 't1:a-1', 2, 5]]];

/** Bodies with everything the format has to tell apart: nulls, empty strings, separators and markers inside values. */
const awkward: BodyTuple[] = [
  plain,
  [1, 'bot-1', 'actor-bot-1', null, null, null, null, 0, 0, null, null, null, [], 0, []],
  [0, '', 'a-\u0001', '', '', '=', '\u0002', -1.5, 1, '\u0002=', '\u0002=', 'manual', ['=', '3', ''], 12, [['prefect_workspace_access', 'ws:user:\u0001\u0002', 7, null]]],
  // The identity name equal to the name, and emails that are not just [email].
  [0, 'm-2', 'a-2', 'p2@x.io', 'Zoë Ünïcødé 🙂', null, 'Admin', 30, 1, 'emp:E2', 'Zoë Ünïcødé 🙂', 'rule', ['other@x.io', 'p2@x.io'], 1, [[3, 'ws-prod:user:a-2', 4, 9]]],
  // A person whose identity has a name but the membership has none, and an address with no emails list.
  [0, 'm-3', 'a-3', 'p3@x.io', null, 'h', null, 10, 0, 'emp:E3', 'Three', null, [], 2, [[1, 'sa', 1, 2]]],
  [0, 'm-4', 'a-4', null, 'N', 'h', 'Member', 20, 1, 'emp:E4', 'N', 'email', ['a@x.io'], 2, []],
];

describe('derived body format', () => {
  it('reads back every field of every body exactly', () => {
    for (const t of awkward) expect(parseBody(encodeBody(t))).toEqual(t);
  });

  it('keeps separators and markers inside values from being read as structure', () => {
    const joined = awkward.map(encodeBody).join(FIELD).split(FIELD);
    const read: BodyTuple[] = [];
    for (let at = 0; at < joined.length; at += bodyLength(joined, at)) read.push(decodeBodyTuple(joined, at));
    expect(read).toEqual(awkward);
  });

  it('writes the same bodies as migration 008 converts schema-6 JSON to', () => {
    for (const t of awkward) expect(bodyFields008(JSON.stringify(t))).toBe(encodeBody(t));
  });

  it('refuses to store a number it could not read back', () => {
    expect(() => encodeBody([...plain.slice(0, 7), Number.NaN, ...plain.slice(8)] as BodyTuple)).toThrow(/NaN/);
  });
});
