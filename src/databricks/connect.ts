import type { Settings } from '../settings.js';
import type { Log } from '../util/log.js';
import { nameOf, settingOf } from '../inputs.js';
import { createCredentials } from './auth.js';
import { DatabricksClient, type ApiObserver, type ClientOptions } from './client.js';
import {
  attributeName,
  ConfigError,
  describeSource,
  resolveConfig,
  type DatabricksConfig,
} from './config.js';
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
  /** Told every API exchange (see ClientOptions.observer). */
  observer?: ApiObserver;
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
    words: settings.words,
  });
  checkCleartext(config, settings, deps.log);
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
    ...clientSettings(config, settings, deps.log),
    log: deps.log,
    observer: deps.observer,
  });
}

/** The Go SDK's defaults (databricks-sdk-go config/config.go, the `Config` struct's field comments). */
export const GO_SDK_DEFAULTS = {
  /** "Number of seconds for HTTP timeout. Default is 60 (1 minute)." */
  httpTimeoutSeconds: 60,
  /** "Number of seconds to keep retrying HTTP requests. Default is 300 (5 minutes)." */
  retryTimeoutSeconds: 300,
} as const;

/**
 * `http_timeout_seconds`, `retry_timeout_seconds` and `rate_limit` (DATABRICKS_RATE_LIMIT) as the Go SDK
 * reads them (databricks-sdk-go config/config.go): the first bounds one attempt (the `timeout-seconds`
 * input wins over it), the second the whole of a request's retries ("If negative, the client will retry
 * on retriable errors indefinitely"; 0 or unset is the default), the third caps all requests of the run
 * at that many per second, retries included, one at a time (the Go SDK's limiter has a burst of 1).
 * Unlike the Go SDK, an unset rate_limit is not 15/s: the per-endpoint budgets (rate-limits.ts) already
 * keep a 429 on one endpoint from slowing the others, and a flat 15/s would make a 10,000-notebook export
 * four times slower than the workspace export budget allows.
 */
function clientSettings(
  config: DatabricksConfig,
  settings: Settings,
  log: Log,
): Pick<ClientOptions, 'timeoutMs' | 'retry' | 'rateLimit'> {
  const timeoutSeconds =
    settings.timeoutSeconds ?? config.httpTimeoutSeconds ?? GO_SDK_DEFAULTS.httpTimeoutSeconds;
  const retrySeconds = config.retryTimeoutSeconds || GO_SDK_DEFAULTS.retryTimeoutSeconds;
  const told = (['httpTimeoutSeconds', 'retryTimeoutSeconds', 'rateLimit'] as const).filter(
    (field) => config[field] !== undefined,
  );
  if (told.length)
    log.info(
      `Client settings: ${told.map((f) => `${attributeName(f)} ${String(config[f])} (${describeSource(config, f)})`).join(', ')}`,
    );
  return {
    timeoutMs: timeoutSeconds * 1000,
    retry: { budgetMs: retrySeconds < 0 ? Infinity : retrySeconds * 1000 },
    rateLimit: config.rateLimit,
  };
}

/**
 * Plain http carries the bearer token (and an OAuth secret to the token endpoint on the same host) in
 * clear text: refused unless the host is loopback (the emulator, an SSH tunnel) or the user allowed it
 * with `allow-insecure-http` (issue 13 #8). A proxy does not help: plain http is sent to it whole.
 */
function checkCleartext(config: DatabricksConfig, settings: Settings, log: Log): void {
  const allowed = settings.allowInsecureHttp;
  const url = new URL(config.host);
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  if (!allowed)
    throw new ConfigError(
      `Refusing to send credentials in clear text to ${config.host} (${describeSource(config, 'host')}): use https://, or allow it with ${nameOf('allow-insecure-http', settings.words)} if every network hop to it is trusted`,
    );
  log.warning(
    `Sending credentials in clear text to ${config.host} (${settingOf('allow-insecure-http', 'true', settings.words)}): anyone on the network path can read the token`,
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
