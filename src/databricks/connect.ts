import type { Settings } from '../settings.js';
import type { Log } from '../util/log.js';
import { createCredentials } from './auth.js';
import { DatabricksClient } from './client.js';
import { ConfigError, describeSource, resolveConfig, type DatabricksConfig } from './config.js';
import { describeProxy, proxyFromEnvironment } from './proxy.js';
import { nodeTransport, type Transport } from './transport.js';

export interface ConnectDeps {
  env: Record<string, string | undefined>;
  homeDir?: string;
  log: Log;
  /** The wire for the API and the token endpoints; by default node:http through the proxy `env` names. */
  transport?: Transport;
  /** Told every secret value as soon as it is known (GitHub: core.setSecret). */
  onSecret?: (value: string) => void;
}

/**
 * Settings + environment + ~/.databrickscfg -> an authenticated client, following the Databricks unified
 * auth conventions. Secrets are reported to `onSecret` before any request is made.
 */
export function connect(settings: Settings, deps: ConnectDeps): DatabricksClient {
  const c = settings.connection;
  const config = resolveConfig({
    explicit: {
      host: c.host,
      token: c.token,
      profile: c.profile,
      authType: c.authType,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      azureClientId: c.azureClientId,
      azureClientSecret: c.azureClientSecret,
      azureTenantId: c.azureTenantId,
    },
    env: deps.env,
    homeDir: deps.homeDir,
  });
  checkCleartext(config, settings.allowInsecureHttp, deps.log);
  const transport = deps.transport ?? proxiedTransport(config.host, deps);
  const credentials = createCredentials(config, { transport, env: deps.env });
  const announced = new Set<string>();
  const announce = () => {
    for (const secret of credentials.secrets()) {
      if (announced.has(secret)) continue;
      announced.add(secret);
      deps.onSecret?.(secret);
    }
  };
  announce();
  return new DatabricksClient({
    host: config.host,
    credentials: {
      // Tokens fetched later (OAuth, Azure AD) are masked the moment they exist.
      headers: async () => {
        const headers = await credentials.headers();
        announce();
        return headers;
      },
    },
    transport,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutSeconds * 1000,
    log: deps.log,
  });
}

/**
 * Plain http carries the bearer token (and an OAuth secret to the token endpoint on the same host) in
 * clear text: refused unless the host is loopback (the emulator, an SSH tunnel) or the user allowed it
 * with `allow-insecure-http` (issue 13 #8). A proxy does not help: plain http is sent to it whole.
 */
function checkCleartext(config: DatabricksConfig, allowed: boolean, log: Log): void {
  const url = new URL(config.host);
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  if (!allowed)
    throw new ConfigError(
      `Refusing to send credentials in clear text to ${config.host} (${describeSource(config, 'host')}): use https://, or allow it with input 'allow-insecure-http' if every network hop to it is trusted`,
    );
  log.warning(
    `Sending credentials in clear text to ${config.host} (allow-insecure-http): anyone on the network path can read the token`,
  );
}

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    // IPv4-mapped IPv6, as URL writes it: ::ffff:7f00:1 is 127.0.0.1.
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(name)
  );
}

/** node:http through the proxy the environment names (HTTPS_PROXY, NO_PROXY, ...), said once in the log. */
function proxiedTransport(host: string, deps: ConnectDeps): Transport {
  const proxyFor = proxyFromEnvironment(deps.env);
  const proxy = proxyFor(new URL(host));
  if (proxy) {
    if (proxy.password) deps.onSecret?.(decodeURIComponent(proxy.password));
    deps.log.info(`Connecting to ${host} through the proxy ${describeProxy(proxy)}`);
  }
  return nodeTransport({ proxyFor });
}
