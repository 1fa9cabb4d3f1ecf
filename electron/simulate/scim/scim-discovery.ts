import { SCIM_URN } from '../../collect/connectors/scim/scim-urns';

/**
 * The discovery endpoints (RFC 7644 §4): what this simulated server supports, described the
 * way real servers do so a client can read its features before paging.
 */
export function serviceProviderConfig(origin: string, basePath: string, maxCount: number): Record<string, unknown> {
  return {
    schemas: [SCIM_URN.serviceProviderConfig],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: maxCount },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${origin}${basePath}/ServiceProviderConfig` },
  };
}

export function resourceTypes(origin: string, basePath: string): Record<string, unknown>[] {
  return [
    {
      schemas: [SCIM_URN.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCIM_URN.user,
      schemaExtensions: [{ schema: SCIM_URN.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${origin}${basePath}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM_URN.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: SCIM_URN.group,
      meta: { resourceType: 'ResourceType', location: `${origin}${basePath}/ResourceTypes/Group` },
    },
  ];
}

type Attr = Record<string, unknown>;

function attr(name: string, extra: Partial<Attr> = {}): Attr {
  return {
    name,
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...extra,
  };
}

const memberAttrs = (refTypes: string[]) => [
  attr('value', { mutability: 'immutable' }),
  attr('$ref', { type: 'reference', referenceTypes: refTypes, mutability: 'immutable' }),
  attr('display', { mutability: 'readOnly' }),
  attr('type', { canonicalValues: refTypes, mutability: 'immutable' }),
];

/** Abbreviated schema definitions: the attributes this simulator actually serves. */
export function schemas(origin: string, basePath: string): Record<string, unknown>[] {
  const schema = (id: string, name: string, attributes: Attr[]) => ({
    schemas: [SCIM_URN.schema],
    id,
    name,
    attributes,
    meta: { resourceType: 'Schema', location: `${origin}${basePath}/Schemas/${id}` },
  });
  return [
    schema(SCIM_URN.user, 'User', [
      attr('userName', { required: true, uniqueness: 'server' }),
      attr('name', {
        type: 'complex',
        subAttributes: [attr('formatted'), attr('familyName'), attr('givenName')],
      }),
      attr('displayName'),
      attr('emails', {
        type: 'complex',
        multiValued: true,
        subAttributes: [attr('value'), attr('type', { canonicalValues: ['work', 'home', 'other'] }), attr('primary', { type: 'boolean' })],
      }),
      attr('active', { type: 'boolean' }),
      attr('groups', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: memberAttrs(['Group']) }),
    ]),
    schema(SCIM_URN.group, 'Group', [
      attr('displayName', { required: true }),
      attr('members', { type: 'complex', multiValued: true, subAttributes: memberAttrs(['User', 'Group']) }),
    ]),
    schema(SCIM_URN.enterpriseUser, 'EnterpriseUser', [attr('employeeNumber'), attr('department')]),
  ];
}
