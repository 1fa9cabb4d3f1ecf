import { describe, expect, it } from 'vitest';
import { policySchema, type Policy } from '../../shared/domain/policy';
import { ApiCallError } from '../../renderer/src/api/ledger-client';
import {
  buildPolicy,
  draftFromPolicy,
  emptyMapping,
  emptySodPair,
  emptyEmail,
  fieldLabel,
  parseWorkspaceRoles,
  placePolicyError,
  plainMessage,
  type PolicyDraft,
} from '../../renderer/src/policy/policy-draft';
import { savedMessage } from '../../renderer/src/policy/saved-message';
import { openCore } from '../../electron/api/open-core';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';

const rich: Policy = policySchema.parse({
  version: 4,
  mappings: [
    { idpGroup: 'prefect-admins', prefectTeam: 'prefect-admins', accountRole: 'Admin', workspaceRoles: [{ workspace: 'prod', role: 'Owner' }, { workspace: 'team: data', role: 'Developer' }] },
    { idpGroup: 'viewers' },
  ],
  offboardingDeadlineHours: 4.5,
  maxApiKeyAgeDays: 180,
  dormancyDays: 30,
  breakGlassEmails: ['glass@example.com', 'second@example.com'],
  sodPairs: [
    { a: { team: 'deployers' }, b: { workspaceRole: 'Approver', workspace: 'prod' }, name: 'deploy / approve' },
    { a: { idpGroup: 'finance' }, b: { accountRole: 'Admin' } },
    { a: { workspaceRole: 'Owner' }, b: { team: 'auditors' } },
  ],
  matchRules: [{ name: 'alnum-handle', prefect: 'handle', identity: 'userNameLocalPart', normalize: 'alnum' }],
});

const withNote = (draft: PolicyDraft, note = 'why'): PolicyDraft => ({ ...draft, note });

function built(draft: PolicyDraft) {
  const result = buildPolicy(draft);
  if (!result.ok) throw new Error(`expected a policy, got errors ${JSON.stringify(result.errors)}`);
  return result.built;
}

describe('policy form ↔ policy', () => {
  it('round-trips every part of a policy (the version aside, which the store assigns)', () => {
    const draft = draftFromPolicy(rich);
    expect(draft.note).toBe('');
    expect(draft.mappings[0]!.workspaceRoles).toBe('prod:Owner\nteam: data:Developer');
    const { version: _version, ...content } = rich;
    const out = built(withNote(draft));
    expect(out.policy).toEqual(content);
    // What the form sends is what the core accepts, unchanged.
    expect(policySchema.parse(out.policy)).toEqual({ ...rich, version: 0 });
  });

  it('leaves the match rules out when the JSON box is empty (the built-in rule applies)', () => {
    const draft = withNote({ ...draftFromPolicy(rich), matchRulesJson: '  ' });
    expect('matchRules' in built(draft).policy).toBe(false);
    expect(draftFromPolicy(policySchema.parse({})).matchRulesJson).toBe('');
  });

  it('drops fully blank rows and empty optional fields, and remembers which row each element came from', () => {
    const draft = withNote(draftFromPolicy(policySchema.parse({})));
    draft.mappings = [emptyMapping(), { ...emptyMapping(), idpGroup: ' eng ', accountRole: '', workspaceRoles: '\n dev : Runner \n' }, emptyMapping()];
    draft.breakGlassEmails = [emptyEmail(), { ...emptyEmail(), email: ' glass@x.io ' }];
    draft.sodPairs = [emptySodPair(), { ...emptySodPair(), a: { kind: 'workspaceRole', value: 'Approver', workspace: ' ' }, b: { kind: 'accountRole', value: 'Admin', workspace: 'ignored' } }];
    const out = built(draft);
    expect(out.policy.mappings).toEqual([{ idpGroup: 'eng', workspaceRoles: [{ workspace: 'dev', role: 'Runner' }] }]);
    expect(out.policy.breakGlassEmails).toEqual(['glass@x.io']);
    expect(out.policy.sodPairs).toEqual([{ a: { workspaceRole: 'Approver' }, b: { accountRole: 'Admin' } }]);
    expect(out.rows).toEqual({ mappings: [1], breakGlassEmails: [1], sodPairs: [1] });
  });

  it('flags every value it cannot send at once, by field', () => {
    const draft = draftFromPolicy(rich);
    draft.dormancyDays = ' ';
    draft.maxApiKeyAgeDays = 'a year';
    draft.mappings[1] = { ...draft.mappings[1]!, workspaceRoles: 'prod:Owner\njust-a-workspace' };
    draft.matchRulesJson = '{"name": ';
    const result = buildPolicy(draft);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['mappings.1.workspaceRoles', 'matchRules', 'maxApiKeyAgeDays', 'note', 'dormancyDays'].sort());
    expect(result.errors.dormancyDays).toBe('Required.');
    expect(result.errors.maxApiKeyAgeDays).toBe('Must be a number.');
    expect(result.errors['mappings.1.workspaceRoles']).toContain('"just-a-workspace" is not workspace:role');
    expect(result.errors.matchRules).toMatch(/^Not valid JSON/);
    expect(buildPolicy({ ...withNote(draftFromPolicy(rich)), matchRulesJson: '{"name":"x"}' })).toMatchObject({ ok: false, errors: { matchRules: expect.stringContaining('JSON array') } });
  });

  it('takes the termination time zone as typed, and leaves it out when empty (UTC, as a policy that never named one)', () => {
    const tokyo = policySchema.parse({ ...rich, terminationTimeZone: 'Asia/Tokyo' });
    const draft = draftFromPolicy(tokyo);
    expect(draft.terminationTimeZone).toBe('Asia/Tokyo');
    expect(built(withNote({ ...draft, terminationTimeZone: ' America/Los_Angeles ' })).policy.terminationTimeZone).toBe('America/Los_Angeles');
    expect(policySchema.parse(built(withNote(draft)).policy)).toEqual({ ...tokyo, version: 0 });
    expect(draftFromPolicy(rich).terminationTimeZone).toBe('');
    expect('terminationTimeZone' in built(withNote({ ...draft, terminationTimeZone: '  ' })).policy).toBe(false);
    expect('terminationTimeZone' in built(withNote(draftFromPolicy(rich))).policy).toBe(false);
  });

  it('reads workspace:role lines, the role after the last colon', () => {
    expect(parseWorkspaceRoles('a:b\n\n c : d ')).toEqual({ roles: [{ workspace: 'a', role: 'b' }, { workspace: 'c', role: 'd' }], error: null });
    expect(parseWorkspaceRoles(':Owner').error).toContain('not workspace:role');
    expect(parseWorkspaceRoles('prod:').error).toContain('not workspace:role');
  });
});

describe('placing the core’s refusal beside its field', () => {
  const rows = { mappings: [0, 2, 5], breakGlassEmails: [1], sodPairs: [0, 3] };
  const invalid = (message: string) => new ApiCallError('INVALID_ARGUMENT', message, 'savePolicy');

  it('maps array indexes of what was sent back to the rows of the form', () => {
    expect(placePolicyError(invalid('savePolicy: policy.mappings.2.accountRole: Invalid input: expected string, received number'), rows)).toEqual({
      field: 'mappings.5.accountRole',
      message: 'Invalid input: expected string, received number.',
    });
    expect(placePolicyError(invalid('savePolicy: policy.mappings.1.workspaceRoles.0.role: Too small: expected string to have >=1 characters'), rows)).toEqual({
      field: 'mappings.2.workspaceRoles',
      message: 'Required.',
    });
    expect(placePolicyError(invalid('savePolicy: policy.breakGlassEmails.0: must be an email address'), rows)).toEqual({ field: 'breakGlassEmails.1', message: 'Must be an email address.' });
    expect(placePolicyError(invalid('savePolicy: policy.sodPairs.1.b: must be one of { team }, { idpGroup }'), rows).field).toBe('sodPairs.3.b');
  });

  it('numbers, the note and the match rules by name; anything else at form level, naming the key', () => {
    expect(placePolicyError(invalid('savePolicy: policy.dormancyDays: Too small: expected number to be >0'), rows)).toEqual({ field: 'dormancyDays', message: 'Must be more than 0.' });
    expect(placePolicyError(invalid('savePolicy: policy.maxApiKeyAgeDays: Invalid input: expected int, received number'), rows)).toEqual({ field: 'maxApiKeyAgeDays', message: 'Must be a whole number.' });
    expect(placePolicyError(invalid('savePolicy: note: Too big: expected string to have <=2000 characters'), rows).field).toBe('note');
    expect(placePolicyError(invalid('savePolicy: policy.matchRules.0.prefect: Invalid option'), rows)).toEqual({ field: 'matchRules', message: 'matchRules[0].prefect: Invalid option.' });
    expect(placePolicyError(invalid('savePolicy: policy.mappings.9.idpGroup: Required'), rows)).toEqual({ field: null, message: 'policy.mappings.9.idpGroup: Required.' });
    expect(placePolicyError(invalid('savePolicy: policy: Unrecognized key: "extra"'), rows)).toEqual({ field: null, message: 'policy: Unrecognized key: "extra".' });
    expect(placePolicyError(invalid('savePolicy: policy.terminationTimeZone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin'), rows)).toEqual({
      field: 'terminationTimeZone',
      message: 'Unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin.',
    });
    const conflict = new ApiCallError('CONFLICT', 'The policy changed meanwhile: ...', 'savePolicy');
    expect(placePolicyError(conflict, rows)).toEqual({ field: null, message: conflict.message });
  });

  it('places what the real service answers for a value out of range', async () => {
    const core = openCore({ databasePath: ':memory:', clock: new ManualClock('2026-11-28T10:00:00Z'), logger: silentLogger });
    try {
      const draft = withNote(draftFromPolicy(rich));
      draft.offboardingDeadlineHours = '100000';
      const first = built(draft);
      const refusal = async (policy: unknown) => {
        const r = await core.service.dispatch('savePolicy', { policy, note: 'n' }, { transport: 'direct', actor: 't' });
        if (r.ok) throw new Error('expected a refusal');
        return new ApiCallError(r.error.code, r.error.message, 'savePolicy');
      };
      expect(placePolicyError(await refusal(first.policy), first.rows)).toEqual({ field: 'offboardingDeadlineHours', message: 'Must be at most 8760.' });
      draft.offboardingDeadlineHours = '8';
      draft.mappings = [emptyMapping(), { ...emptyMapping(), idpGroup: 'eng', accountRole: 'Member' }, { ...emptyMapping(), prefectTeam: 'no-group' }];
      const second = built(draft);
      expect(placePolicyError(await refusal(second.policy), second.rows)).toEqual({ field: 'mappings.2.idpGroup', message: 'Required.' });
      // A zone Intl does not know: the core's words, beside the field.
      const third = built({ ...withNote(draftFromPolicy(rich)), terminationTimeZone: 'Europe/Berln' });
      expect(placePolicyError(await refusal(third.policy), third.rows)).toEqual({
        field: 'terminationTimeZone',
        message: 'Unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin.',
      });
    } finally {
      await core.close();
    }
  });

  it('names fields as the form labels them', () => {
    expect(fieldLabel('dormancyDays')).toBe('Dormancy (days)');
    expect(fieldLabel('terminationTimeZone')).toBe('Termination time zone');
    expect(fieldLabel('mappings.2.accountRole')).toBe('Mapping 3, account role');
    expect(fieldLabel('breakGlassEmails.0')).toBe('Break-glass address 1');
    expect(fieldLabel('sodPairs.1.b')).toBe('Duty pair 2, side B');
    expect(plainMessage('Too big: expected number to be <=3650')).toBe('Must be at most 3650');
  });
});

describe('the saved notice', () => {
  it('says the version, and whether findings were judged again', () => {
    expect(savedMessage({ version: 3, changed: true, rejudged: true })).toBe('Saved version 3; findings re-judged under it.');
    expect(savedMessage({ version: 1, changed: true, rejudged: false })).toContain('no complete collection yet');
    expect(savedMessage({ version: 2, changed: false, rejudged: false })).toBe('Nothing changed: version 2 is still in force.');
  });
});
