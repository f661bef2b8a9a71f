import type { Settings } from '../settings.js';
import type { Log } from '../util/log.js';
import { createCredentials } from './auth.js';
import { DatabricksClient, type ApiObserver } from './client.js';
import { resolveConfig } from './config.js';
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
  });
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
    observer: deps.observer,
  });
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
