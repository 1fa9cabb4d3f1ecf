import { describe, expect, it } from 'vitest';
import { ScimFilterError, matches, parseFilter, parsePatchPath } from '../../../electron/simulate/scim/scim-filter';

const user = {
  userName: 'Bjensen@example.com',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  meta: { lastModified: '2011-05-13T04:42:34Z' },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '701984', manager: { value: 'm-1' } },
};

describe('SCIM filter parser', () => {
  it('evaluates the RFC 7644 §3.4.2.2 examples it supports', () => {
    const yes = [
      'userName eq "bjensen@example.com"',
      'userName Eq "BJENSEN@EXAMPLE.COM"',
      'userName sw "bj"',
      'userName co "jensen"',
      'emails co "jensen.org"',
      'emails[type eq "work" and value co "@example.com"]',
      'emails[type eq "work"].value eq "bjensen@example.com"',
      'meta.lastModified gt "2011-05-13T04:42:34Z" or active eq true',
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      'not (userName eq "x") and (active eq true or userName pr)',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "B"',
      'title eq null',
      'userName ne "someone"',
    ];
    for (const f of yes) expect(matches(parseFilter(f), user), f).toBe(true);
    const no = ['userName eq "bjensen"', 'emails[type eq "home"].value eq "bjensen@example.com"', 'title pr', 'active eq false', 'meta.lastModified lt "2011-01-01T00:00:00Z"'];
    for (const f of no) expect(matches(parseFilter(f), user), f).toBe(false);
  });

  it('binds and tighter than or', () => {
    const f = parseFilter('userName eq "x" and active eq true or active eq true');
    expect(f.t).toBe('or');
    expect(matches(f, user)).toBe(true);
  });

  it('rejects what it does not understand with a reason', () => {
    for (const bad of ['userName', 'userName eq', 'userName regex "a"', 'userName eq unquoted', 'a.b.c eq "x"', '"x" eq userName', 'userName eq "x" )', 'active gt true', 'userName eq "unterminated']) {
      expect(() => matches(parseFilter(bad), user), bad).toThrow(ScimFilterError);
    }
  });

  it('parses PATCH paths', () => {
    expect(parsePatchPath('members')).toEqual({ attr: { uri: null, name: 'members', sub: null }, filter: null });
    expect(parsePatchPath('name.familyName').attr).toEqual({ uri: null, name: 'name', sub: 'familyName' });
    const member = parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]');
    expect(member.attr.name).toBe('members');
    expect(matches(member.filter!, { value: '2819c223-7f76-453a-919d-413861904646' })).toBe(true);
    const email = parsePatchPath('emails[type eq "work"].value');
    expect(email.attr).toEqual({ uri: null, name: 'emails', sub: 'value' });
    expect(parsePatchPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department').attr).toEqual({
      uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      name: 'department',
      sub: null,
    });
    for (const bad of ['', 'members[value eq "x"', 'members[value eq "x"] extra', 'name.givenName[value eq "x"]']) {
      expect(() => parsePatchPath(bad), bad).toThrow(ScimFilterError);
    }
  });
});
