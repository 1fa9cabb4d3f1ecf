import type { MatchRule, Policy, PolicyMapping, RoleOrTeam } from '../../../shared/domain/policy';
import type { ApiCallError } from '../api/ledger-client';

/**
 * The policy form's state and its translation to and from the policy the API saves. The form
 * keeps text as typed (numbers included), so nothing is lost while a person edits; turning it
 * into a policy checks only what the API cannot name by field (a number that is not one, a
 * workspace role without its workspace, JSON that does not parse). Everything else (ranges,
 * email addresses, unknown roles) is validated by the core, and its message is placed beside
 * the field it names.
 */

export type SideKind = 'team' | 'idpGroup' | 'accountRole' | 'workspaceRole';

export const SIDE_KINDS: readonly { kind: SideKind; label: string }[] = [
  { kind: 'team', label: 'Prefect team' },
  { kind: 'idpGroup', label: 'IdP group' },
  { kind: 'accountRole', label: 'Account role' },
  { kind: 'workspaceRole', label: 'Workspace role' },
];

export interface SideDraft {
  kind: SideKind;
  value: string;
  /** Only for a workspace role; empty means "on any workspace". */
  workspace: string;
}

export interface MappingDraft {
  /** Stable React key: rows are added and removed in the middle. */
  key: number;
  idpGroup: string;
  prefectTeam: string;
  accountRole: string;
  /** One `workspace:role` per line. */
  workspaceRoles: string;
}

export interface SodDraft {
  key: number;
  name: string;
  a: SideDraft;
  b: SideDraft;
}

export interface EmailDraft {
  key: number;
  email: string;
}

export interface PolicyDraft {
  offboardingDeadlineHours: string;
  /** IANA name as typed; empty means UTC (the policy then names no zone, as before the setting). */
  terminationTimeZone: string;
  maxApiKeyAgeDays: string;
  dormancyDays: string;
  breakGlassEmails: EmailDraft[];
  mappings: MappingDraft[];
  sodPairs: SodDraft[];
  /** Pretty JSON of the match rules; empty means the built-in defaults. */
  matchRulesJson: string;
  note: string;
}

/**
 * Errors keyed by the field they belong to: `dormancyDays`, `terminationTimeZone`, `note`, `matchRules`,
 * `breakGlassEmails.<row>`, `mappings.<row>.<field>`, `sodPairs.<row>.<a|b|name>`; rows are
 * the draft's rows (not the indexes of the saved arrays, which skip blank rows).
 */
export type PolicyErrors = Record<string, string>;

/** The numeric fields, with the labels the form shows (errors name fields by these). */
export const NUMBER_FIELDS = [
  { field: 'offboardingDeadlineHours', label: 'Offboarding deadline (hours)', integer: false },
  { field: 'maxApiKeyAgeDays', label: 'Maximum API key age (days)', integer: true },
  { field: 'dormancyDays', label: 'Dormancy (days)', integer: true },
] as const;

export type NumberField = (typeof NUMBER_FIELDS)[number]['field'];

export const TIME_ZONE_LABEL = 'Termination time zone';

/** Every single-value field (one input, a policy key of the same name) with its label: where the core's refusal of such a key is shown. */
const SINGLE_FIELD_LABELS: ReadonlyMap<string, string> = new Map([...NUMBER_FIELDS.map((f) => [f.field, f.label] as const), ['terminationTimeZone', TIME_ZONE_LABEL]]);

let nextKey = 1;
/** A fresh row key; unique for the life of the page. */
export const rowKey = (): number => nextKey++;

export function emptySide(): SideDraft {
  return { kind: 'team', value: '', workspace: '' };
}
export function emptyMapping(): MappingDraft {
  return { key: rowKey(), idpGroup: '', prefectTeam: '', accountRole: '', workspaceRoles: '' };
}
export function emptySodPair(): SodDraft {
  return { key: rowKey(), name: '', a: emptySide(), b: emptySide() };
}
export function emptyEmail(): EmailDraft {
  return { key: rowKey(), email: '' };
}

function sideDraft(side: RoleOrTeam): SideDraft {
  if ('team' in side) return { kind: 'team', value: side.team, workspace: '' };
  if ('idpGroup' in side) return { kind: 'idpGroup', value: side.idpGroup, workspace: '' };
  if ('accountRole' in side) return { kind: 'accountRole', value: side.accountRole, workspace: '' };
  return { kind: 'workspaceRole', value: side.workspaceRole, workspace: side.workspace ?? '' };
}

/** The form's starting point: the policy in force, with a blank note (each save says why anew). */
export function draftFromPolicy(policy: Policy): PolicyDraft {
  return {
    offboardingDeadlineHours: String(policy.offboardingDeadlineHours),
    terminationTimeZone: policy.terminationTimeZone ?? '',
    maxApiKeyAgeDays: String(policy.maxApiKeyAgeDays),
    dormancyDays: String(policy.dormancyDays),
    breakGlassEmails: policy.breakGlassEmails.map((email) => ({ key: rowKey(), email })),
    mappings: policy.mappings.map((m) => ({
      key: rowKey(),
      idpGroup: m.idpGroup,
      prefectTeam: m.prefectTeam ?? '',
      accountRole: m.accountRole ?? '',
      workspaceRoles: (m.workspaceRoles ?? []).map((w) => `${w.workspace}:${w.role}`).join('\n'),
    })),
    sodPairs: policy.sodPairs.map((p) => ({ key: rowKey(), name: p.name ?? '', a: sideDraft(p.a), b: sideDraft(p.b) })),
    matchRulesJson: policy.matchRules ? JSON.stringify(policy.matchRules, null, 2) : '',
    note: '',
  };
}

/** What savePolicy is sent, and which draft row each array element came from. */
export interface BuiltPolicy {
  policy: Omit<Policy, 'version'>;
  rows: { mappings: number[]; breakGlassEmails: number[]; sodPairs: number[] };
}

const blank = (s: string) => s.trim() === '';

function side(draft: SideDraft): RoleOrTeam {
  const value = draft.value.trim();
  switch (draft.kind) {
    case 'team':
      return { team: value };
    case 'idpGroup':
      return { idpGroup: value };
    case 'accountRole':
      return { accountRole: value };
    case 'workspaceRole':
      return blank(draft.workspace) ? { workspaceRole: value } : { workspaceRole: value, workspace: draft.workspace.trim() };
  }
}

/** `prod:Owner` lines; the role follows the last colon, so a workspace name may hold one. */
export function parseWorkspaceRoles(text: string): { roles: { workspace: string; role: string }[]; error: string | null } {
  const roles: { workspace: string; role: string }[] = [];
  for (const line of text.split('\n')) {
    if (blank(line)) continue;
    const at = line.lastIndexOf(':');
    const workspace = at > 0 ? line.slice(0, at).trim() : '';
    const role = at > 0 ? line.slice(at + 1).trim() : '';
    if (!workspace || !role) return { roles, error: `"${line.trim()}" is not workspace:role (one pair per line, e.g. prod:Developer).` };
    roles.push({ workspace, role });
  }
  return { roles, error: null };
}

/**
 * Turns the draft into the policy to save. Fully blank rows are left out (an "Add" clicked
 * and not used); empty optional fields are omitted. Returns field errors instead when a value
 * cannot even be sent: all of them at once, so a person fixes them in one pass.
 */
export function buildPolicy(draft: PolicyDraft): { ok: true; built: BuiltPolicy } | { ok: false; errors: PolicyErrors } {
  const errors: PolicyErrors = {};
  const numbers = {} as Record<NumberField, number>;
  for (const { field } of NUMBER_FIELDS) {
    const text = draft[field].trim();
    const value = Number(text);
    if (text === '') errors[field] = 'Required.';
    else if (!Number.isFinite(value)) errors[field] = 'Must be a number.';
    else numbers[field] = value;
  }
  if (blank(draft.note)) errors.note = 'Say why the policy changes: the note goes on the ledger with the new version.';

  const rows: BuiltPolicy['rows'] = { mappings: [], breakGlassEmails: [], sodPairs: [] };
  const breakGlassEmails: string[] = [];
  draft.breakGlassEmails.forEach((e, row) => {
    if (blank(e.email)) return;
    rows.breakGlassEmails.push(row);
    breakGlassEmails.push(e.email.trim());
  });

  const mappings: PolicyMapping[] = [];
  draft.mappings.forEach((m, row) => {
    if ([m.idpGroup, m.prefectTeam, m.accountRole, m.workspaceRoles].every(blank)) return;
    const parsed = parseWorkspaceRoles(m.workspaceRoles);
    if (parsed.error) errors[`mappings.${row}.workspaceRoles`] = parsed.error;
    rows.mappings.push(row);
    mappings.push({
      idpGroup: m.idpGroup.trim(),
      ...(blank(m.prefectTeam) ? {} : { prefectTeam: m.prefectTeam.trim() }),
      ...(blank(m.accountRole) ? {} : { accountRole: m.accountRole.trim() }),
      ...(parsed.roles.length > 0 ? { workspaceRoles: parsed.roles } : {}),
    });
  });

  const sodPairs: Policy['sodPairs'] = [];
  draft.sodPairs.forEach((p, row) => {
    if ([p.name, p.a.value, p.a.workspace, p.b.value, p.b.workspace].every(blank)) return;
    rows.sodPairs.push(row);
    sodPairs.push({ a: side(p.a), b: side(p.b), ...(blank(p.name) ? {} : { name: p.name.trim() }) });
  });

  let matchRules: MatchRule[] | undefined;
  if (!blank(draft.matchRulesJson)) {
    try {
      const parsed: unknown = JSON.parse(draft.matchRulesJson);
      if (Array.isArray(parsed)) matchRules = parsed as MatchRule[];
      else errors.matchRules = 'Must be a JSON array of rules, or empty for the built-in rules.';
    } catch (error) {
      errors.matchRules = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    built: {
      policy: {
        mappings,
        offboardingDeadlineHours: numbers.offboardingDeadlineHours,
        // Left out when empty: saving the form unchanged must not make a new version naming UTC.
        ...(blank(draft.terminationTimeZone) ? {} : { terminationTimeZone: draft.terminationTimeZone.trim() }),
        maxApiKeyAgeDays: numbers.maxApiKeyAgeDays,
        dormancyDays: numbers.dormancyDays,
        breakGlassEmails,
        sodPairs,
        ...(matchRules ? { matchRules } : {}),
      },
      rows,
    },
  };
}

/**
 * The API names the first invalid key as `savePolicy: policy.<dotted path>: <message>`
 * (e.g. `policy.mappings.2.accountRole`). Returns the error keyed by the form field that
 * shows it (array indexes turned back into draft rows), or at form level when no field does.
 * The core checks the time zone too (Intl knows it or not), so its wording is the same here
 * as in a config file's error.
 */
export function placePolicyError(error: ApiCallError, rows: BuiltPolicy['rows']): { field: string | null; message: string } {
  if (error.code !== 'INVALID_ARGUMENT') return { field: null, message: error.message };
  const match = /^savePolicy: (policy(?:\.[^:\s]+)?|note): (.+)$/s.exec(error.message);
  if (!match) return { field: null, message: error.message };
  const path = match[1]!.split('.');
  const message = sentence(plainMessage(match[2]!));
  if (path[0] === 'note') return { field: 'note', message };
  const [, key, index, sub] = path;
  if (key && SINGLE_FIELD_LABELS.has(key)) return { field: key, message };
  if (key === 'matchRules') return { field: 'matchRules', message: path.length > 2 ? `${keyPath(path.slice(1))}: ${message}` : message };
  const row = index !== undefined && /^\d+$/.test(index) ? rows[key as keyof BuiltPolicy['rows']]?.[Number(index)] : undefined;
  if (row !== undefined) {
    if (key === 'breakGlassEmails') return { field: `breakGlassEmails.${row}`, message };
    if (key === 'mappings' && sub && ['idpGroup', 'prefectTeam', 'accountRole', 'workspaceRoles'].includes(sub)) return { field: `mappings.${row}.${sub}`, message };
    if (key === 'sodPairs' && sub && ['a', 'b', 'name'].includes(sub)) return { field: `sodPairs.${row}.${sub}`, message };
  }
  return { field: null, message: `${match[1]}: ${message}` };
}

/** `matchRules[0].prefect`: the key as it is written in a config file. */
function keyPath(parts: string[]): string {
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');
}

/** The label a person sees for an error key, for the summary above the Save button. */
export function fieldLabel(field: string): string {
  const single = SINGLE_FIELD_LABELS.get(field);
  if (single) return single;
  if (field === 'note') return 'Note';
  if (field === 'matchRules') return 'Match rules (JSON)';
  const [key, row, sub] = field.split('.');
  const n = Number(row) + 1;
  if (key === 'breakGlassEmails') return `Break-glass address ${n}`;
  if (key === 'mappings') return `Mapping ${n}, ${({ idpGroup: 'IdP group', prefectTeam: 'Prefect team', accountRole: 'account role', workspaceRoles: 'workspace roles' } as Record<string, string>)[sub ?? ''] ?? sub}`;
  if (key === 'sodPairs') return `Duty pair ${n}, ${sub === 'name' ? 'name' : `side ${sub?.toUpperCase()}`}`;
  return field;
}

/** "Prefect team prefect-admins", "Workspace role Approver on prod": one side in words. */
export function describeSide(side: RoleOrTeam): string {
  if ('team' in side) return `Prefect team ${side.team}`;
  if ('idpGroup' in side) return `IdP group ${side.idpGroup}`;
  if ('accountRole' in side) return `Account role ${side.accountRole}`;
  return `Workspace role ${side.workspaceRole} ${side.workspace ? `on ${side.workspace}` : 'on any workspace'}`;
}

/** zod's wording in the words of the form: "Too small: expected number to be >0" → "Must be more than 0". */
export function plainMessage(message: string): string {
  const bound = /^Too (small|big): expected number to be ([<>]=?)(-?[\d.]+)$/.exec(message);
  if (bound) {
    const [, , op, n] = bound;
    return { '>': `Must be more than ${n}`, '>=': `Must be at least ${n}`, '<': `Must be less than ${n}`, '<=': `Must be at most ${n}` }[op!]!;
  }
  if (/expected int, received number/.test(message)) return 'Must be a whole number';
  if (/^Too small: expected string to have >=1 characters?$/.test(message) || /received undefined$/.test(message)) return 'Required';
  return message;
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
