import type { Settings } from '../settings.js';
import type { Log } from '../util/log.js';
import { createCredentials } from './auth.js';
import { DatabricksClient } from './client.js';
import { resolveConfig } from './config.js';

export interface ConnectDeps {
  env: Record<string, string | undefined>;
  homeDir?: string;
  log: Log;
  fetch?: typeof fetch;
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
  const fetchFn = deps.fetch ?? fetch;
  const credentials = createCredentials(config, { fetch: fetchFn, env: deps.env });
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
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutSeconds * 1000,
    log: deps.log,
  });
}
