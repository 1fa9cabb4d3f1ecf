/**
 * The fixed shape of the simulated organisation: departments, IdP groups and how they map to
 * Prefect (teams, account roles, workspace grants), Prefect's built-in roles and workspaces.
 * One place, so the generator, the evolution and the demo's policy hints cannot disagree.
 */

export interface DepartmentSpec {
  name: string;
  slug: string;
  /** Share of the headcount (weights; normalised). */
  weight: number;
  /** Minimum head count at generation, so small organisations still have the teams planting needs. */
  minimum: number;
  /** Probability of each app group for a member of this department. */
  apps: Record<string, number>;
  /** Probability of each directory-synced Prefect group for a member of this department. */
  prefect: Record<string, number>;
}

const ENG_APPS = { 'app-github': 0.95, 'app-jira': 0.9, 'vpn-users': 0.8, 'app-aws-console': 0.5 };

export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    name: 'Data Engineering',
    slug: 'data-engineering',
    weight: 12,
    minimum: 4,
    apps: { ...ENG_APPS, 'app-aws-console': 0.7, 'app-snowflake': 0.9 },
    prefect: { 'prefect-data-eng': 0.92 },
  },
  {
    name: 'Analytics',
    slug: 'analytics',
    weight: 10,
    minimum: 3,
    apps: { 'app-jira': 0.7, 'app-github': 0.6, 'app-snowflake': 0.95, 'app-tableau': 0.8 },
    prefect: { 'prefect-analytics': 0.9 },
  },
  {
    name: 'Platform',
    slug: 'platform',
    weight: 8,
    minimum: 4,
    apps: { ...ENG_APPS, 'app-aws-console': 0.9 },
    prefect: { 'prefect-data-eng': 0.5 },
  },
  {
    name: 'Engineering',
    slug: 'engineering',
    weight: 20,
    minimum: 1,
    apps: ENG_APPS,
    prefect: { 'prefect-viewers': 0.15, 'prefect-data-eng': 0.05 },
  },
  {
    name: 'Security',
    slug: 'security',
    weight: 3,
    minimum: 2,
    apps: { ...ENG_APPS, 'app-aws-console': 0.6 },
    prefect: { 'prefect-auditors': 0.7, 'prefect-viewers': 0.2 },
  },
  {
    name: 'Finance',
    slug: 'finance',
    weight: 6,
    minimum: 1,
    apps: { 'app-netsuite': 0.9, 'app-tableau': 0.6, 'app-snowflake': 0.3 },
    prefect: { 'prefect-viewers': 0.4 },
  },
  {
    name: 'Sales',
    slug: 'sales',
    weight: 15,
    minimum: 1,
    apps: { 'app-salesforce': 0.95, 'app-tableau': 0.4 },
    prefect: { 'prefect-viewers': 0.1 },
  },
  {
    name: 'Marketing',
    slug: 'marketing',
    weight: 8,
    minimum: 0,
    apps: { 'app-salesforce': 0.5, 'app-tableau': 0.4 },
    prefect: { 'prefect-viewers': 0.1 },
  },
  {
    name: 'Customer Success',
    slug: 'customer-success',
    weight: 10,
    minimum: 0,
    apps: { 'app-salesforce': 0.8, 'app-jira': 0.3, 'app-tableau': 0.3 },
    prefect: { 'prefect-viewers': 0.1 },
  },
  { name: 'People', slug: 'people', weight: 4, minimum: 0, apps: { 'app-workday': 0.9 }, prefect: {} },
  { name: 'Legal', slug: 'legal', weight: 2, minimum: 0, apps: {}, prefect: {} },
];

/** Groups everyone is in (with probability). */
export const COMMON_APPS: Record<string, number> = { 'app-slack': 0.98, 'app-google-workspace': 0.99 };

export const OFFICES: readonly (readonly [string, number])[] = [
  ['office-london', 30],
  ['office-new-york', 30],
  ['office-berlin', 20],
  ['office-remote', 20],
];

export const ALL_EMPLOYEES_GROUP = 'all-employees';

/** App groups not tied to Prefect (all the names used in DEPARTMENTS and COMMON_APPS). */
export const APP_GROUPS: readonly string[] = [
  'app-slack', 'app-google-workspace', 'app-github', 'app-jira', 'app-aws-console', 'app-snowflake',
  'app-tableau', 'app-salesforce', 'app-netsuite', 'app-workday', 'vpn-users',
];

export type AccountRoleName = 'Owner' | 'Admin' | 'Member' | 'Collaborator';
export type WorkspaceRoleName = 'Owner' | 'Developer' | 'Runner' | 'Viewer' | 'Worker' | 'Analytics Developer';

/**
 * The directory-sync mapping: each prefect-* IdP group becomes a Prefect team of the same name
 * (directory sync), maps to an account role, and its team holds these workspace grants.
 * A person in several mapped groups gets the highest account role; in none, no membership.
 */
export interface PrefectGroupMapping {
  group: string;
  accountRole: Exclude<AccountRoleName, 'Collaborator'>;
  workspaces: { workspace: string; role: WorkspaceRoleName }[];
  description: string;
}

export const PREFECT_GROUP_MAPPINGS: readonly PrefectGroupMapping[] = [
  { group: 'prefect-owners', accountRole: 'Owner', workspaces: [], description: 'Prefect account owners' },
  {
    group: 'prefect-admins',
    accountRole: 'Admin',
    workspaces: [{ workspace: 'prod', role: 'Owner' }],
    description: 'Prefect account administrators',
  },
  {
    group: 'prefect-data-eng',
    accountRole: 'Member',
    workspaces: [
      { workspace: 'prod', role: 'Runner' },
      { workspace: 'staging', role: 'Developer' },
      { workspace: 'dev', role: 'Developer' },
    ],
    description: 'Data engineers building and running flows',
  },
  {
    group: 'prefect-analytics',
    accountRole: 'Member',
    workspaces: [
      { workspace: 'analytics', role: 'Analytics Developer' },
      { workspace: 'prod', role: 'Viewer' },
    ],
    description: 'Analysts with their own workspace',
  },
  {
    group: 'prefect-viewers',
    accountRole: 'Member',
    workspaces: [
      { workspace: 'prod', role: 'Viewer' },
      { workspace: 'analytics', role: 'Viewer' },
    ],
    description: 'Read-only access to production runs',
  },
  {
    group: 'prefect-auditors',
    accountRole: 'Member',
    workspaces: [
      { workspace: 'prod', role: 'Viewer' },
      { workspace: 'staging', role: 'Viewer' },
      { workspace: 'analytics', role: 'Viewer' },
    ],
    description: 'Internal audit: read-only, must not administer what it audits',
  },
];

export const PREFECT_GROUPS: readonly string[] = PREFECT_GROUP_MAPPINGS.map((m) => m.group);

/** Segregation-of-duties pairs (by team/group name) the demo policy declares. */
export const SOD_GROUP_PAIRS: readonly (readonly [string, string])[] = [['prefect-admins', 'prefect-auditors']];

/** Parent groups that nest others (Entra renders them; Okta has no nesting). Not mapped to Prefect. */
export const NESTED_GROUPS: readonly { name: string; description: string; nests: string[] }[] = [
  {
    name: 'engineering-all',
    description: 'Everyone in the engineering organisation',
    nests: ['dept-engineering', 'dept-platform', 'dept-data-engineering', 'dept-security'],
  },
  {
    name: 'data-platform-users',
    description: 'Everyone with any Prefect access',
    nests: ['prefect-owners', 'prefect-admins', 'prefect-data-eng', 'prefect-analytics', 'prefect-viewers'],
  },
];

export const HAND_MADE_TEAM = {
  name: 'oncall-responders',
  description: 'Created by hand for the incident rota (not governed by the directory)',
  workspaces: [{ workspace: 'prod', role: 'Developer' as WorkspaceRoleName }],
};

export const WORKSPACES: readonly { handle: string; name: string; defaultRole: WorkspaceRoleName | null }[] = [
  { handle: 'prod', name: 'Production', defaultRole: null },
  { handle: 'staging', name: 'Staging', defaultRole: 'Viewer' },
  { handle: 'dev', name: 'Development', defaultRole: 'Runner' },
  { handle: 'analytics', name: 'Analytics', defaultRole: null },
];

const SEE = [
  'see_flows', 'see_deployments', 'see_work_pools', 'see_work_queues', 'see_workers', 'see_blocks',
  'see_concurrency_limits', 'see_events', 'see_automations', 'see_artifacts', 'see_variables',
  'see_notifications', 'see_workspace_settings', 'see_workspace_users', 'see_workspace_service_accounts',
];
const RUN = ['run_flows', 'run_deployments', 'run_tasks'];
const WRITE = [
  'write_deployments', 'write_work_pools', 'write_work_queues', 'write_workers', 'write_artifacts',
  'write_variables', 'write_notifications',
];
const MANAGE = [
  'manage_flows', 'manage_deployments', 'manage_work_pools', 'manage_work_queues', 'manage_workers',
  'manage_blocks', 'see_secret_blocks', 'manage_concurrency_limits', 'manage_events', 'manage_automations',
  'manage_artifacts', 'manage_variables', 'manage_notifications',
];
const ADMIN = [
  'manage_workspace_settings', 'write_workspace_settings', 'manage_workspace_users',
  'manage_workspace_service_accounts', 'manage_workspace_teams', 'manage_acls',
];

/** Prefect's built-in workspace roles (account_id null) plus the custom one this account made. */
export const WORKSPACE_ROLE_SPECS: readonly {
  name: WorkspaceRoleName;
  scopes: string[];
  inherits: WorkspaceRoleName | null;
  custom: boolean;
}[] = [
  { name: 'Owner', scopes: [...SEE, ...RUN, ...WRITE, ...MANAGE, ...ADMIN], inherits: null, custom: false },
  { name: 'Developer', scopes: [...SEE, ...RUN, ...WRITE, ...MANAGE], inherits: null, custom: false },
  { name: 'Runner', scopes: [...SEE, ...RUN], inherits: null, custom: false },
  { name: 'Viewer', scopes: [...SEE], inherits: null, custom: false },
  {
    name: 'Worker',
    scopes: ['see_work_pools', 'see_work_queues', 'see_workers', 'write_workers', 'see_deployments', 'see_flows'],
    inherits: null,
    custom: false,
  },
  { name: 'Analytics Developer', scopes: ['see_secret_blocks', 'manage_variables'], inherits: 'Developer', custom: true },
];

const ACCOUNT_READ = [
  'read:account', 'read:account_membership', 'read:account_role', 'read:workspace', 'read:team', 'read:bot',
  'read:workspace_role',
];
const ACCOUNT_ADMIN = [
  ...ACCOUNT_READ, 'add:account_member', 'update:account_membership', 'delete:account_membership',
  'create:workspace', 'delete:workspace', 'administrate:workspace', 'create:team', 'update:team', 'delete:team',
  'create:bot', 'update:bot', 'delete:bot', 'create:invitation', 'read:invitation', 'update:invitation',
  'create:workspace_role', 'update:workspace_role', 'delete:workspace_role', 'read:audit_event', 'read:sso',
  'update:account',
];

export const ACCOUNT_ROLE_SPECS: readonly { name: AccountRoleName; permissions: string[] }[] = [
  {
    name: 'Owner',
    permissions: [
      ...ACCOUNT_ADMIN, 'delete:account', 'read:billing', 'update:billing', 'administrate:sso', 'bypass:sso',
      'create:account_role', 'update:account_role', 'delete:account_role', 'read:ip_allowlist', 'update:ip_allowlist',
    ],
  },
  { name: 'Admin', permissions: ACCOUNT_ADMIN },
  { name: 'Member', permissions: [...ACCOUNT_READ, 'create:workspace_invitation'] },
  { name: 'Collaborator', permissions: ['read:account', 'read:workspace'] },
];

/** Names for service accounts, with the workspace access each kind typically gets. */
export const BOT_KINDS: readonly { name: string; access: { workspace: string; role: WorkspaceRoleName }[] }[] = [
  { name: 'prod-worker', access: [{ workspace: 'prod', role: 'Worker' }] },
  { name: 'staging-worker', access: [{ workspace: 'staging', role: 'Worker' }] },
  { name: 'ci-deployer', access: [{ workspace: 'staging', role: 'Developer' }, { workspace: 'prod', role: 'Developer' }] },
  { name: 'dbt-runner', access: [{ workspace: 'prod', role: 'Runner' }] },
  { name: 'airbyte-sync', access: [{ workspace: 'prod', role: 'Runner' }] },
  { name: 'analytics-worker', access: [{ workspace: 'analytics', role: 'Worker' }] },
  { name: 'data-quality', access: [{ workspace: 'prod', role: 'Runner' }, { workspace: 'staging', role: 'Runner' }] },
  { name: 'dev-worker', access: [{ workspace: 'dev', role: 'Worker' }] },
];
