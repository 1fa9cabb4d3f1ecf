import { createHash } from 'node:crypto';
import type { IdpEvent, OrgGroup, OrgPerson } from '../org/org-model';

/**
 * The org as Okta's JSON: user, group, app user and LogEvent objects in the documented
 * shapes (developer.okta.com API reference), with Okta-style ids from idFor().
 */
export interface OktaIds {
  user(personId: string): string;
  group(groupId: string): string;
}

export const OKTA_SIM_USER_TYPE_ID = 'oty1simdefault0000a1';

export function renderUser(p: OrgPerson, ids: OktaIds, origin: string): Record<string, unknown> {
  const id = ids.user(p.personId);
  const active = p.idpStatus === 'ACTIVE' || p.idpStatus === 'SUSPENDED';
  return {
    id,
    status: p.idpStatus,
    created: p.createdAt,
    activated: active ? p.createdAt : null,
    statusChanged: p.updatedAt,
    lastLogin: null,
    lastUpdated: p.updatedAt,
    passwordChanged: null,
    type: { id: OKTA_SIM_USER_TYPE_ID },
    profile: {
      firstName: p.givenName,
      lastName: p.familyName,
      mobilePhone: null,
      secondEmail: p.aliases[0] ?? null,
      login: p.email,
      email: p.email,
      employeeNumber: p.employeeId,
      department: p.department,
    },
    credentials: {
      emails: [{ value: p.email, status: 'VERIFIED', type: 'PRIMARY' }],
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: { self: { href: `${origin}/api/v1/users/${id}` } },
  };
}

export function renderGroup(g: OrgGroup, ids: OktaIds, origin: string, type: 'OKTA_GROUP' | 'BUILT_IN' = 'OKTA_GROUP'): Record<string, unknown> {
  const id = ids.group(g.groupId);
  return {
    id,
    created: g.updatedAt,
    lastUpdated: g.updatedAt,
    lastMembershipUpdated: g.updatedAt,
    objectClass: ['okta:user_group'],
    type,
    profile: { name: g.name, description: g.description },
    _links: {
      logo: [
        { name: 'medium', href: `${origin}/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${origin}/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${origin}/api/v1/groups/${id}/users` },
      apps: { href: `${origin}/api/v1/groups/${id}/apps` },
    },
  };
}

/** An app user assigned through a group (scope GROUP), as GET /api/v1/apps/{appId}/users returns it. */
export function renderAppUser(p: OrgPerson, appId: string, ids: OktaIds, origin: string): Record<string, unknown> {
  const id = ids.user(p.personId);
  return {
    id,
    externalId: null,
    created: p.createdAt,
    lastUpdated: p.updatedAt,
    scope: 'GROUP',
    status: p.idpStatus === 'STAGED' || p.idpStatus === 'PROVISIONED' ? 'STAGED' : 'PROVISIONED',
    statusChanged: p.updatedAt,
    passwordChanged: null,
    syncState: 'DISABLED',
    lastSync: null,
    credentials: { userName: p.email },
    profile: { email: p.email, firstName: p.givenName, lastName: p.familyName },
    _links: {
      app: { href: `${origin}/api/v1/apps/${appId}` },
      user: { href: `${origin}/api/v1/users/${id}` },
    },
  };
}

const DISPLAY_MESSAGE: Record<string, string> = {
  'user.lifecycle.create': 'Create okta user',
  'user.lifecycle.activate': 'Activate Okta user',
  'user.lifecycle.deactivate': 'Deactivate Okta user',
  'user.lifecycle.suspend': 'Suspend Okta user',
  'user.lifecycle.unsuspend': 'Unsuspend Okta user',
  'group.user_membership.add': 'Add user to group membership',
  'group.user_membership.remove': 'Remove user from group membership',
  'application.user_membership.add': 'Add user to application membership',
  'application.user_membership.remove': 'Remove users application membership',
  'user.session.start': 'User login to Okta',
};

const LEGACY_TYPE: Record<string, string> = {
  'user.lifecycle.create': 'core.user.config.user_creation.success',
  'user.lifecycle.activate': 'core.user.config.user_activated',
  'user.lifecycle.deactivate': 'core.user.config.user_deactivated',
  'user.lifecycle.suspend': 'core.user.config.user_status.suspended',
  'user.lifecycle.unsuspend': 'core.user.config.user_status.unsuspended',
  'group.user_membership.add': 'core.user_group_member.user_add',
  'group.user_membership.remove': 'core.user_group_member.user_remove',
  'application.user_membership.add': 'app.generic.provision.assign_user_to_app',
  'application.user_membership.remove': 'app.generic.provision.deprovision_user_from_app',
  'user.session.start': 'core.user_auth.login_success',
};

export interface LogRenderContext {
  ids: OktaIds;
  person(personId: string): OrgPerson | undefined;
  group(groupId: string): OrgGroup | undefined;
  appId: string;
  appLabel: string;
}

/** An IdpEvent as a System Log LogEvent. */
export function renderLogEvent(e: IdpEvent, c: LogRenderContext): Record<string, unknown> {
  const actorPerson = e.actorId ? c.person(e.actorId) : undefined;
  const actor = actorPerson
    ? { id: c.ids.user(actorPerson.personId), type: 'User', alternateId: actorPerson.email, displayName: `${actorPerson.givenName} ${actorPerson.familyName}`, detailEntry: null }
    : { id: e.actorId ?? '0oa1oktasystem00000a', type: e.actorId ? 'PublicClientApp' : 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System', detailEntry: null };
  const target: Record<string, unknown>[] = [];
  const person = e.personId ? c.person(e.personId) : undefined;
  const group = e.groupId ? c.group(e.groupId) : undefined;
  if (e.eventType.startsWith('application.user_membership') && person) {
    target.push({ id: `0ua${hash(`${c.appId}:${person.personId}`)}`, type: 'AppUser', alternateId: person.email, displayName: `${person.givenName} ${person.familyName}`, detailEntry: null });
    target.push({ id: c.appId, type: 'AppInstance', alternateId: c.appLabel, displayName: c.appLabel, detailEntry: null });
  }
  if (person) target.push({ id: c.ids.user(person.personId), type: 'User', alternateId: person.email, displayName: `${person.givenName} ${person.familyName}`, detailEntry: null });
  else if (e.personId) target.push({ id: c.ids.user(e.personId), type: 'User', alternateId: 'unknown', displayName: 'unknown', detailEntry: null });
  if (group) target.push({ id: c.ids.group(group.groupId), type: 'UserGroup', alternateId: 'unknown', displayName: group.name, detailEntry: null });
  else if (e.groupId) target.push({ id: c.ids.group(e.groupId), type: 'UserGroup', alternateId: 'unknown', displayName: 'unknown', detailEntry: null });
  const txId = hash(`tx:${e.uuid}`).slice(0, 27);
  return {
    actor,
    client: { userAgent: null, zone: null, device: null, id: null, ipAddress: null, geographicalContext: null },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: 'unknown' },
    displayMessage: DISPLAY_MESSAGE[e.eventType] ?? e.eventType,
    eventType: e.eventType,
    outcome: { result: 'SUCCESS', reason: null },
    published: e.published,
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: 'INFO',
    debugContext: { debugData: { requestId: txId } },
    legacyEventType: LEGACY_TYPE[e.eventType] ?? null,
    transaction: { type: actorPerson ? 'WEB' : 'JOB', id: txId, detail: {} },
    uuid: e.uuid,
    version: '0',
    request: { ipChain: [] },
    target,
  };
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('base64url').replace(/[-_]/g, 'x').slice(0, 17);
}
