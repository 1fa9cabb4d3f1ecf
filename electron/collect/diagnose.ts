import { HttpError, type ProxyFailure } from './http/http-client';

import type { Diagnosis } from '../../shared/domain/collection';

export type { Diagnosis };

const HINTS: Record<Diagnosis['problem'], string> = {
  none: 'The connection works.',
  dns: 'Check the URL for typos, and that this machine can resolve the host (VPN, DNS).',
  tls: 'The certificate was not trusted. If your network inspects TLS, add its CA certificate under network.extraCaFile.',
  connect: 'The host refused or dropped the connection: check the URL and port, firewalls and HTTPS_PROXY.',
  timeout: 'The host did not answer in time: check network access and proxies, or raise network.timeoutSeconds.',
  auth: 'The credential was rejected: check that the token or secret is current and belongs to this tenant.',
  permission: 'The credential works but lacks a permission or scope: grant the one named in the message.',
  'rate-limit': 'The API is rate limiting this client: wait for the window to reset, or poll less often.',
  config: 'Fix the connection settings named in the message.',
  'bad-response': 'The server answered with something that is not the expected API: check the URL points at the API itself.',
  other: 'See the message for details.',
};

/** Classifies a connector failure into something a person can act on. */
export function diagnose(error: unknown): Diagnosis {
  const message = error instanceof Error ? error.message : String(error);
  let problem: Diagnosis['problem'] = 'other';
  const transport = transportCause(error);
  if (transport && ['dns', 'tls', 'connect', 'timeout'].includes(transport.kind)) problem = transport.kind as Diagnosis['problem'];
  else if (transport?.kind === 'reset') problem = 'connect';
  else if (/\b429\b|rate.?limit|E0000047|throttl/i.test(message)) problem = 'rate-limit';
  else if (/\b403\b|forbidden|permission|scope|Authorization_RequestDenied|E0000006|insufficient/i.test(message)) problem = 'permission';
  else if (/\b401\b|unauthori[sz]ed|rejected the|invalid[_ ](token|client|grant)|E0000011|InvalidAuthenticationToken|expired/i.test(message)) problem = 'auth';
  else if (/needs a credential|not set|config|must be/i.test(message)) problem = 'config';
  else if (/not JSON|malformed|unexpected|truncated|not an? (array|object)|shape/i.test(message)) problem = 'bad-response';
  const proxied = transport?.proxy ? proxyDiagnosis(transport.proxy) : null;
  if (proxied) return { ok: false, problem: proxied.problem, message, hint: proxied.hint };
  return { ok: false, problem, message, hint: HINTS[problem] };
}

/** The proxy, not the source, is what to fix: say so, and where it is configured. */
function proxyDiagnosis(proxy: ProxyFailure): { problem: Diagnosis['problem']; hint: string } | null {
  switch (proxy.failed) {
    case 'dns':
      return { problem: 'dns', hint: `The proxy's host name could not be resolved: check ${proxy.setting}, and that this machine can resolve it (VPN, DNS).` };
    case 'connect':
      return { problem: 'connect', hint: `The proxy could not be reached: check the host and port in ${proxy.setting}, and that the proxy is running and reachable from this machine.` };
    case 'timeout':
      return { problem: 'timeout', hint: `The proxy did not answer in time: check the host and port in ${proxy.setting}, and that this machine may reach it (firewall, VPN).` };
    case 'tunnel':
      if (proxy.status === 407) return { problem: 'config', hint: `The proxy wants a user and password: give them in ${proxy.setting} as http://user:password@host:port.` };
      return {
        problem: 'connect',
        hint: `The proxy would not open a connection to ${proxy.target} (HTTP ${proxy.status ?? '?'}): check the source's URL, or ask whoever runs the proxy to allow that host. The source itself was not reached.`,
      };
    case 'beyond':
      return null;
  }
}

/** The HTTP client's error, as thrown or as the cause a connector wrapped it with. */
function transportCause(error: unknown): HttpError | null {
  for (let at: unknown = error, depth = 0; at && depth < 5; at = (at as { cause?: unknown }).cause, depth += 1) {
    if (at instanceof HttpError) return at;
  }
  return null;
}

/** A read that waited on the API's rate limit before it got anywhere: the connection may work, but not now. */
export function rateLimitedDiagnosis(message: string): Diagnosis {
  return { ok: false, problem: 'rate-limit', message, hint: HINTS['rate-limit'] };
}

export function okDiagnosis(message: string): Diagnosis {
  return { ok: true, problem: 'none', message, hint: HINTS.none };
}
