import { registerSecret } from '../../platform/redact';

/**
 * Which proxy carries a request, decided the way undici's ProxyAgent and EnvHttpProxyAgent
 * decide it (see node_modules/undici/lib/dispatcher/env-http-proxy-agent.js), so an error can
 * say "the proxy proxy.corp:3128 ..." instead of blaming the source behind it.
 */
export interface ProxyRoute {
  /** The proxy's host:port (never its user or password). */
  address: string;
  hostname: string;
  port: number;
  /** Where it was configured, for the person who has to fix it: "network.proxy", "environment variable HTTPS_PROXY". */
  setting: string;
}

export type ProxyOption = { url: string; noProxy?: string } | 'env' | 'none';

/** The proxy (or none) each request URL goes through, for a client built with `proxy`. */
export function proxyRouter(proxy: ProxyOption, env: NodeJS.ProcessEnv = process.env): (url: string) => ProxyRoute | null {
  if (proxy === 'none') return () => null;
  if (proxy !== 'env') {
    const route = routeOf(proxy.url, 'network.proxy');
    // Without noProxy the client is a ProxyAgent: everything goes through the proxy.
    if (proxy.noProxy === undefined) return () => route;
    const noProxy = proxy.noProxy;
    return (url) => (shouldProxy(url, noProxy) ? route : null);
  }
  // EnvHttpProxyAgent reads the proxies once, when it is built, and NO_PROXY on every request.
  const http = fromEnv(env, 'http_proxy', 'HTTP_PROXY');
  const https = fromEnv(env, 'https_proxy', 'HTTPS_PROXY') ?? http;
  if (!http && !https) return () => null;
  return (url) => {
    const route = protocolOf(url) === 'https:' ? https : http;
    if (!route) return null;
    return shouldProxy(url, env.no_proxy ?? env.NO_PROXY ?? '') ? route : null;
  };
}

function fromEnv(env: NodeJS.ProcessEnv, lower: string, upper: string): ProxyRoute | null {
  // undici takes the lower-case name first, even when it is set but empty.
  const name = env[lower] !== undefined ? lower : upper;
  const value = env[name];
  return value ? routeOf(value, `environment variable ${name}`) : null;
}

function routeOf(proxyUrl: string, setting: string): ProxyRoute | null {
  let u: URL;
  try {
    u = new URL(proxyUrl);
  } catch {
    return null;
  }
  // The proxy's password travels in its URL: mask it wherever undici might echo it.
  if (u.password) {
    registerSecret(u.password);
    registerSecret(safeDecode(u.password));
  }
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  return { address: `${u.hostname}:${port}`, hostname: u.hostname, port, setting };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** undici's NO_PROXY rule: host equal to or a subdomain of an entry (port, if the entry has one, equal); "*" proxies nothing. */
function shouldProxy(url: string, noProxy: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  const hostname = u.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(u.port, 10) || DEFAULT_PORTS[u.protocol] || 0;
  const entries = noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .map((entry) => {
      const parsed = /^(.+):(\d+)$/.exec(entry);
      return { hostname: (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase(), port: parsed ? Number.parseInt(parsed[2]!, 10) : 0 };
    });
  if (entries.length === 0) return true;
  if (noProxy === '*') return false;
  for (const entry of entries) {
    if (entry.port && entry.port !== port) continue;
    if (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)) return false;
  }
  return true;
}
