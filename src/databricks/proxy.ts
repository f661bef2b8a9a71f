/**
 * Which proxy a request goes through, by the rules of Go's net/http (golang.org/x/net/http/httpproxy),
 * which the Databricks CLI and Go SDK follow, so one environment means the same in both tools:
 *
 * - `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones; the upper-case name wins over the lower-case.
 *   `ALL_PROXY` is not read. A value without a scheme is an http:// proxy.
 * - `NO_PROXY`: comma-separated hosts reached directly. `*` is all; `example.com` is that domain and its
 *   subdomains; `.example.com` (or `*.example.com`) only its subdomains; `10.0.0.0/8` a network; any entry
 *   may end in `:port`.
 * - localhost and loopback addresses are never proxied.
 *
 * Hand-written rather than `proxy-from-env`, which differs on each of these points (lower case first,
 * ALL_PROXY, the target's scheme for a bare host:port, no CIDR, loopback proxied).
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError } from './config.js';

export type Env = Record<string, string | undefined>;

/** For a request URL, the proxy to send it through, or undefined to connect directly. */
export type ProxyFor = (target: URL) => URL | undefined;

export const DIRECT: ProxyFor = () => undefined;

/** Reads the proxy variables once; throws ConfigError for a value that is not a usable proxy URL. */
export function proxyFromEnvironment(env: Env): ProxyFor {
  const https = proxyVariable(env, 'HTTPS_PROXY');
  const http = proxyVariable(env, 'HTTP_PROXY');
  if (!https && !http) return DIRECT;
  const bypass = noProxyRules(variable(env, 'NO_PROXY')?.value ?? '');
  return (target) => {
    const proxy = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!proxy || bypass(target)) return undefined;
    return proxy;
  };
}

/** `http://user:***@proxy:3128`: a proxy URL fit for a log line. */
export function describeProxy(proxy: URL): string {
  const shown = new URL(proxy.href);
  if (shown.password) shown.password = '***';
  return shown.href.replace(/\/$/, '');
}

function variable(env: Env, name: string): { name: string; value: string } | undefined {
  for (const key of [name, name.toLowerCase()]) {
    const value = env[key]?.trim();
    if (value) return { name: key, value };
  }
  return undefined;
}

function proxyVariable(env: Env, name: string): URL | undefined {
  const found = variable(env, name);
  if (!found) return undefined;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${found.name} is not a proxy URL; set it as http://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(
      `${found.name} is a ${url.protocol.replace(/:$/, '')} proxy; only http:// and https:// proxies are supported`,
    );
  if (!url.hostname) throw new ConfigError(`${found.name} names no proxy host; set it as http://host:port`);
  return url;
}

/** NO_PROXY as a predicate: true when the target is reached directly. */
function noProxyRules(noProxy: string): (target: URL) => boolean {
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  const networks = new BlockList();
  const addresses: Array<{ ip: string; port: string }> = [];
  const domains: Array<{ suffix: string; exact: string | undefined; port: string }> = [];
  let all = false;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') {
      all = true;
      continue;
    }
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1])) {
      networks.addSubnet(cidr[1], Number(cidr[2]), isIP(cidr[1]) === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const { host, port } = splitPort(entry);
    if (isIP(host)) {
      addresses.push({ ip: host, port });
      continue;
    }
    // `*.example.com` and `.example.com`: subdomains only; `example.com`: the domain and its subdomains.
    const name = host.replace(/^\*/, '');
    domains.push({
      suffix: name.startsWith('.') ? name : `.${name}`,
      exact: name.startsWith('.') ? undefined : name,
      port,
    });
  }
  return (target) => {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    const family = isIP(host);
    if (host === 'localhost') return true;
    if (family) {
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (loopback.check(host, type)) return true;
      if (all || networks.check(host, type)) return true;
      return addresses.some((a) => a.ip === host && (!a.port || a.port === port));
    }
    if (all) return true;
    return domains.some((d) => (!d.port || d.port === port) && (host === d.exact || host.endsWith(d.suffix)));
  };
}

function splitPort(entry: string): { host: string; port: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ?? '' };
  if (isIP(entry) === 6) return { host: entry, port: '' };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1], port: withPort[2] } : { host: entry, port: '' };
}
