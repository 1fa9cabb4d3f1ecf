import type { SimResponse } from '../sim-server';
import { SCIM_MEDIA_TYPE, SCIM_URN } from '../../collect/connectors/scim/scim-urns';

/** An error the simulator answers in SCIM's own shape; thrown from deep inside PATCH/filter handling. */
export class ScimSimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | null,
    detail: string,
  ) {
    super(detail);
    this.name = 'ScimSimError';
  }
}

/** RFC 7644 §3.12: `{schemas:[...Error], status:"400", scimType?, detail}`, with status as a string. */
export function scimErrorResponse(status: number, detail: string, scimType?: string | null, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': SCIM_MEDIA_TYPE, ...headers },
    json: { schemas: [SCIM_URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail },
  };
}

export function fromSimError(error: ScimSimError): SimResponse {
  return scimErrorResponse(error.status, error.message, error.scimType);
}
