import type { RunningScimSim } from '../../../electron/simulate/scim/scim-sim';

/** SCIM JSON as the tests read it: the fields they look at, typed loosely. */
export interface ScimMember {
  value: string;
  type: string;
  display: string;
  $ref: string;
}
export interface ScimResource {
  [key: string]: unknown;
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  endpoint: string;
  members: ScimMember[];
  meta: { version: string; location: string; resourceType: string };
}
export interface ScimBody extends ScimResource {
  Resources: ScimResource[];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  status: string;
  scimType: string;
  detail: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: ScimBody;
}

/** A bare HTTP call against the simulator (the connector is tested separately). */
export async function call(
  sim: RunningScimSim,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const token = options.token === undefined ? sim.credentials.token : options.token;
  const res = await fetch(`${sim.credentials.baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/scim+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
      ...(options.headers ?? {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as ScimBody };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export function patchBody(...operations: unknown[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}
