import { z } from 'zod';
import { AppError } from '../api/result';
import { isKnownTimeZone, unknownTimeZoneMessage } from './time-zone';

/**
 * Attribute rules tried after manual links and email: "this Prefect field equals that
 * identity attribute". Configurable because organisations differ (handles derived from the
 * login name, contractors invited with a personal address...). A rule matches only when
 * exactly one person fits; several candidates make the account ambiguous, never a guess.
 */
export const matchRuleSchema = z
  .object({
    name: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    prefect: z.enum(['handle', 'emailLocalPart', 'fullName']),
    identity: z.enum(['userNameLocalPart', 'emailLocalPart', 'displayName', 'employeeId']),
    /** exact: compared lower-cased; alnum: also ignoring everything but letters and digits ("ana.ruiz" = "ana-ruiz"). */
    normalize: z.enum(['exact', 'alnum']).default('exact'),
  })
  .strict();
export type MatchRule = z.infer<typeof matchRuleSchema>;

/** Prefect handle == the IdP login's local part (Prefect derives handles from the sign-up address). */
export const DEFAULT_MATCH_RULES: readonly MatchRule[] = [{ name: 'handle-is-login', prefect: 'handle', identity: 'userNameLocalPart', normalize: 'exact' }];

/**
 * The access policy the findings are judged against: what the directory mapping should grant,
 * the deadlines and thresholds, the accounts never to flag for removal, and the duties that
 * must not meet in one person. Edited in Settings or the config file, validated here, and
 * versioned by the policy store.
 */

/** One side of a segregation-of-duties pair: something a person can hold. */
export const roleOrTeamSchema = z.union([
  z.object({ team: z.string().min(1) }).strict(),
  z.object({ idpGroup: z.string().min(1) }).strict(),
  z.object({ accountRole: z.string().min(1) }).strict(),
  /** A workspace role held on `workspace` (id, handle or name), or on any workspace when omitted. */
  z.object({ workspaceRole: z.string().min(1), workspace: z.string().min(1).optional() }).strict(),
], { error: 'must be one of { team }, { idpGroup }, { accountRole } or { workspaceRole, workspace? }' });
export type RoleOrTeam = z.infer<typeof roleOrTeamSchema>;

const email = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')
  .transform((s) => s.toLowerCase());

export const policyMappingSchema = z
  .object({
    /** The IdP group's name (as the directory shows it). */
    idpGroup: z.string().min(1),
    /** The Prefect team the directory sync makes of it (usually the same name). */
    prefectTeam: z.string().min(1).optional(),
    /** The account role members of the group should hold. */
    accountRole: z.string().min(1).optional(),
    /** Workspace roles the group's team should hold; workspace by id, handle or name. */
    workspaceRoles: z.array(z.object({ workspace: z.string().min(1), role: z.string().min(1) }).strict()).optional(),
  })
  .strict()
  // No workspace roles said two ways ([] or left out) is one policy: a form that writes one for
  // the other must not make a new version with "mappings" changed on the ledger.
  .transform((m) => {
    if (m.workspaceRoles?.length === 0) delete m.workspaceRoles;
    return m;
  });
export type PolicyMapping = z.infer<typeof policyMappingSchema>;

export const policySchema = z
  .object({
    /** Assigned by the policy store on save; 0 is the built-in default. */
    version: z.number().int().nonnegative().default(0),
    mappings: z.array(policyMappingSchema).default([]),
    /** Access must be gone this long after termination at the latest. */
    offboardingDeadlineHours: z.number().positive().max(24 * 365).default(24),
    /**
     * The IANA time zone the HR roster's dates are days of: termination is measured from the
     * start of the termination day there. Absent means UTC, and is never filled in: a default
     * would change the canonical JSON, and so the hash the ledger recorded, of every policy
     * saved before the setting existed. Read it through terminationTimeZoneOf.
     */
    terminationTimeZone: z.string().refine(isKnownTimeZone, { error: (issue) => unknownTimeZoneMessage(issue.input) }).optional(),
    maxApiKeyAgeDays: z.number().int().positive().max(3650).default(365),
    dormancyDays: z.number().int().positive().max(3650).default(90),
    /** Emergency accounts: never flagged for removal (dormant, unknown, role above mapping...). */
    breakGlassEmails: z.array(email).default([]),
    sodPairs: z
      .array(z.object({ a: roleOrTeamSchema, b: roleOrTeamSchema, name: z.string().min(1).optional() }).strict())
      .default([]),
    /** Identity attribute rules (after manual links and email); absent means the defaults. */
    matchRules: z.array(matchRuleSchema).optional(),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** The zone a policy's termination dates are days of: UTC when it names none (what every policy meant before the setting). */
export function terminationTimeZoneOf(policy: Pick<Policy, 'terminationTimeZone'>): string {
  return policy.terminationTimeZone ?? 'UTC';
}

/**
 * The `policy:` section of a collection config file: the policy without its version, which
 * only the policy store assigns (a file claiming "version: 3" would mislead its readers).
 */
export const configPolicySchema = policySchema.omit({ version: true });

/** Safe defaults: no mapping (nothing to drift from), a one-day offboarding deadline, a year for keys, 90 days dormancy. */
export const DEFAULT_POLICY: Policy = policySchema.parse({ version: 0 });

/**
 * Validates a policy from Settings or a config file. Errors name the bad key by its path,
 * e.g. "policy.mappings[2].accountRole: expected string", so the person can find it.
 */
export function parsePolicy(input: unknown, where = 'policy'): Policy {
  const parsed = policySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${where}${formatPath(i.path)}: ${i.message}`);
  throw new AppError('INVALID_ARGUMENT', `The policy is not valid: ${lines.join('; ')}`);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** One saved version of the policy: findings record the version they were judged under. */
export interface PolicyVersion {
  version: number;
  policy: Policy;
  sha256: string;
  createdAt: string;
  actor: string;
  note: string | null;
}

/**
 * Where the policy in force is edited: in Settings (saved versions in the database), or in the
 * config file the app, `serve` or `collect` was started with, which then owns it: Settings
 * shows it read-only and savePolicy refuses.
 */
export type PolicyOrigin = { kind: 'settings' } | { kind: 'config-file'; path: string };

/** getPolicy's answer: the version in force and where it is edited. */
export type PolicyInForce = PolicyVersion & { origin: PolicyOrigin };
