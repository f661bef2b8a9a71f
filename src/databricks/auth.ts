import { SecretSet, TokenCache, fetchAccessToken, fetchIdToken, type TokenHttp } from './auth-http.js';
import type { Transport } from './transport.js';
import {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  azureAuthorityFor,
  azureCloudFor,
  azureResourceFor,
  checkAuthConflicts,
  configSecrets,
  describeAttribute,
  describeAuthAttributes,
  describeSource,
  isAccountHost,
  isAzureWorkspace,
  type DatabricksConfig,
} from './config.js';

export { AuthError } from './auth-http.js';

/** What the HTTP client needs from an auth method (reference §19; databricks-sdk-go config/config.go). */
export interface Credentials {
  /** The auth type in use, e.g. `oauth-m2m`. */
  readonly authType: string;
  /** Authorization (and, for Azure, the SP management / resource id) headers; fetches tokens as needed. */
  headers(): Promise<Record<string, string>>;
  /** Every secret value known so far (PAT, client secrets, fetched tokens, OIDC JWTs), to mask in logs. */
  secrets(): string[];
}

export interface CredentialsDeps {
  /** How token endpoints are called: the API client's transport, proxy and all. */
  transport: Transport;
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** Only the GitHub Actions variables ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are read. Defaults to none. */
  env?: Record<string, string | undefined>;
}

/** The auth types databricks-dr implements, in the Go SDK's default-chain order. */
export const SUPPORTED_AUTH_TYPES = [
  'pat',
  'oauth-m2m',
  'github-oidc',
  'github-oidc-azure',
  'azure-client-secret',
] as const;
export type AuthType = (typeof SUPPORTED_AUTH_TYPES)[number];

/** Auth types of the Go/Python SDKs that are not implemented here (for a precise message). */
const UNSUPPORTED_AUTH_TYPES = [
  'basic',
  'databricks-cli',
  'metadata-service',
  'azure-devops-oidc',
  'env-oidc',
  'file-oidc',
  'azure-msi',
  'azure-cli',
  'google-credentials',
  'google-id',
  'runtime',
  'external-browser',
  'model-serving',
];

/** Refresh Databricks OAuth tokens this long before they expire. */
const DATABRICKS_REFRESH_LEAD_MS = 30_000;
/** "Azure Databricks rejects tokens that expire in 30 seconds or less" (Go SDK): refresh 40 s before. */
const AZURE_REFRESH_LEAD_MS = 40_000;
const DEFAULT_HTTP_TIMEOUT_SECONDS = 60;
const GITHUB_AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface GitHubOidc {
  requestUrl: string;
  requestToken: string;
}

interface FlowContext {
  config: DatabricksConfig;
  http: TokenHttp;
  now: () => number;
  secrets: SecretSet;
  github?: GitHubOidc;
}

/**
 * Picks the auth method (`authType`, or the first whose attributes are present, in Go chain order) and
 * returns its credentials. Configuration problems throw ConfigError now; token endpoint failures throw
 * AuthError from `headers()`.
 */
export function createCredentials(config: DatabricksConfig, deps: CredentialsDeps): Credentials {
  const env = deps.env ?? {};
  const secrets = new SecretSet();
  for (const secret of configSecrets(config)) secrets.add(secret);
  const github = githubOidcFrom(env);
  secrets.add(github?.requestToken);
  const ctx: FlowContext = {
    config,
    http: {
      transport: deps.transport,
      timeoutMs: (config.httpTimeoutSeconds ?? DEFAULT_HTTP_TIMEOUT_SECONDS) * 1000,
      secrets,
    },
    now: deps.now ?? Date.now,
    secrets,
    github,
  };
  const authType = selectAuthType(config, github);
  switch (authType) {
    case 'pat':
      return patCredentials(ctx);
    case 'oauth-m2m':
      return oauthM2mCredentials(ctx);
    case 'github-oidc':
      return githubOidcCredentials(ctx);
    case 'github-oidc-azure':
      return githubOidcAzureCredentials(ctx);
    case 'azure-client-secret':
      return azureClientSecretCredentials(ctx);
  }
}

function githubOidcFrom(env: Record<string, string | undefined>): GitHubOidc | undefined {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
  return requestUrl && requestToken ? { requestUrl, requestToken } : undefined;
}

const GITHUB_OIDC_MISSING =
  'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run it in GitHub Actions with `permissions: id-token: write`';

/** `auth_type` if set, else the first method whose attributes are present (Go default chain). */
function selectAuthType(config: DatabricksConfig, github: GitHubOidc | undefined): AuthType {
  if (config.authType) return checkExplicitAuthType(config, github);
  checkAuthConflicts(config);
  const c = config;
  // The Go SDK only tries Azure methods against Azure workspaces.
  const azure = isAzureWorkspace(c);
  if (c.token) return 'pat';
  if (c.clientId && c.clientSecret) return 'oauth-m2m';
  if (c.clientId && github) return 'github-oidc';
  if (azure && c.azureClientId && c.azureTenantId && !c.azureClientSecret && github)
    return 'github-oidc-azure';
  if (azure && c.azureClientId && c.azureTenantId && c.azureClientSecret) return 'azure-client-secret';
  throw new ConfigError(noCredentialsMessage(config, github));
}

function checkExplicitAuthType(config: DatabricksConfig, github: GitHubOidc | undefined): AuthType {
  const name = config.authType ?? '';
  const where = describeSource(config, 'authType');
  const supported = SUPPORTED_AUTH_TYPES.join(', ');
  if (!(SUPPORTED_AUTH_TYPES as readonly string[]).includes(name)) {
    if (UNSUPPORTED_AUTH_TYPES.includes(name))
      throw new ConfigError(
        `auth_type '${name}' (${where}) is not supported by databricks-dr: use one of ${supported}`,
      );
    throw new ConfigError(`Unknown auth_type '${name}' (${where}): use one of ${supported}`);
  }
  const authType = name as AuthType;
  const required: Record<AuthType, Array<keyof DatabricksConfig>> = {
    pat: ['token'],
    'oauth-m2m': ['clientId', 'clientSecret'],
    'github-oidc': [],
    'github-oidc-azure': ['azureClientId', 'azureTenantId'],
    'azure-client-secret': ['azureClientId', 'azureTenantId', 'azureClientSecret'],
  };
  const missing = required[authType].filter((field) => !config[field]);
  if (missing.length > 0) {
    const list = missing.map((field) => attributeHint(field)).join(', ');
    throw new ConfigError(
      `auth_type '${authType}' (${where}) needs ${list}: set them, or choose another auth_type`,
    );
  }
  if ((authType === 'github-oidc' || authType === 'github-oidc-azure') && !github)
    throw new ConfigError(
      `auth_type '${authType}' (${where}) needs a GitHub Actions OIDC token, but ${GITHUB_OIDC_MISSING}`,
    );
  return authType;
}

const ATTRIBUTE_HINTS: Partial<Record<keyof DatabricksConfig, string>> = {
  token: 'token (DATABRICKS_TOKEN)',
  clientId: 'client_id (DATABRICKS_CLIENT_ID)',
  clientSecret: 'client_secret (DATABRICKS_CLIENT_SECRET)',
  azureClientId: 'azure_client_id (ARM_CLIENT_ID)',
  azureTenantId: 'azure_tenant_id (ARM_TENANT_ID)',
  azureClientSecret: 'azure_client_secret (ARM_CLIENT_SECRET)',
};

function attributeHint(field: keyof DatabricksConfig): string {
  return ATTRIBUTE_HINTS[field] ?? field;
}

function noCredentialsMessage(config: DatabricksConfig, github: GitHubOidc | undefined): string {
  const found = describeAuthAttributes(config);
  const notes: string[] = [];
  if (found.length) notes.push(`found only ${found.join(', ')}`);
  if (config.azureClientId && config.azureTenantId && !isAzureWorkspace(config))
    notes.push(
      `${config.host} is not an Azure Databricks host, so Azure credentials are not tried: set auth_type (DATABRICKS_AUTH_TYPE) to azure-client-secret or github-oidc-azure to use them anyway`,
    );
  if (config.azureUseMsi) notes.push('Azure managed identity (azure_use_msi) is not supported');
  if ((config.clientId || config.azureClientId) && !github)
    notes.push(`no GitHub Actions OIDC token (${GITHUB_OIDC_MISSING})`);
  const context = notes.length ? ` (${notes.join('; ')})` : '';
  return (
    `No usable Databricks credentials for ${config.host}${context}: set token (DATABRICKS_TOKEN) for pat; ` +
    'client_id and client_secret (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET) for oauth-m2m; ' +
    'client_id (DATABRICKS_CLIENT_ID) in GitHub Actions with `permissions: id-token: write` for github-oidc; ' +
    'azure_client_id, azure_tenant_id and azure_client_secret (ARM_CLIENT_ID, ARM_TENANT_ID, ARM_CLIENT_SECRET) for azure-client-secret; ' +
    'azure_client_id and azure_tenant_id in GitHub Actions for github-oidc-azure; ' +
    `either as inputs, environment variables or in a profile of ${config.configFile ?? DEFAULT_CONFIG_FILE}`
  );
}

function staticCredentials(
  authType: AuthType,
  ctx: FlowContext,
  headers: () => Promise<Record<string, string>>,
) {
  return { authType, headers, secrets: () => ctx.secrets.list() } satisfies Credentials;
}

function patCredentials(ctx: FlowContext): Credentials {
  const token = ctx.config.token ?? '';
  return staticCredentials('pat', ctx, async () => ({ Authorization: `Bearer ${token}` }));
}

/** Databricks OAuth with a service principal secret (client credentials, HTTP Basic). */
function oauthM2mCredentials(ctx: FlowContext): Credentials {
  const { config } = ctx;
  const tokenEndpoint = databricksTokenEndpoint(ctx);
  const basic = Buffer.from(
    `${formEncode(config.clientId ?? '')}:${formEncode(config.clientSecret ?? '')}`,
  ).toString('base64');
  const cache = new TokenCache(
    async () =>
      fetchAccessToken(
        ctx.http,
        {
          flow: 'oauth-m2m',
          purpose: 'token request',
          method: 'POST',
          url: await tokenEndpoint(),
          headers: { Authorization: `Basic ${basic}` },
          form: { grant_type: 'client_credentials', scope: 'all-apis' },
          hint: `check ${describeAttribute(config, 'clientId')} and ${describeAttribute(config, 'clientSecret')} are an OAuth secret of a service principal of this workspace`,
        },
        ctx.now,
      ),
    ctx.now,
    DATABRICKS_REFRESH_LEAD_MS,
  );
  return bearerCredentials('oauth-m2m', ctx, cache);
}

/** GitHub Actions OIDC token exchanged at the Databricks token endpoint (workload identity federation). */
function githubOidcCredentials(ctx: FlowContext): Credentials {
  const { config } = ctx;
  const github = ctx.github as GitHubOidc;
  const tokenEndpoint = databricksTokenEndpoint(ctx);
  const cache = new TokenCache(
    async () => {
      const url = await tokenEndpoint();
      const audience =
        config.tokenAudience || (isAccountHost(config.host) && config.accountId ? config.accountId : url);
      const jwt = await requestGitHubIdToken(ctx, github, audience, 'github-oidc');
      const principal = config.clientId
        ? `the service principal ${describeAttribute(config, 'clientId')} has a federation policy`
        : 'the account has a federation policy';
      const form: Record<string, string> = {
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: jwt,
        subject_token_type: JWT_TOKEN_TYPE,
        scope: 'all-apis',
      };
      if (config.clientId) form.client_id = config.clientId;
      return fetchAccessToken(
        ctx.http,
        {
          flow: 'github-oidc',
          purpose: 'token exchange',
          method: 'POST',
          url,
          form,
          hint: `check that ${principal} accepting this workflow's tokens (issuer https://token.actions.githubusercontent.com, audience ${audience})`,
        },
        ctx.now,
      );
    },
    ctx.now,
    DATABRICKS_REFRESH_LEAD_MS,
  );
  return bearerCredentials('github-oidc', ctx, cache);
}

/** GitHub Actions OIDC token used as a client assertion at Azure AD (federated credential). */
function githubOidcAzureCredentials(ctx: FlowContext): Credentials {
  const { config } = ctx;
  const github = ctx.github as GitHubOidc;
  const url = `${azureAuthorityFor(config)}/${config.azureTenantId}/oauth2/token`;
  const resource = azureResourceFor(config);
  const cache = new TokenCache(
    async () => {
      // A fresh JWT for every AAD request: GitHub's ID tokens expire after minutes.
      const jwt = await requestGitHubIdToken(ctx, github, GITHUB_AZURE_AUDIENCE, 'github-oidc-azure');
      return fetchAccessToken(
        ctx.http,
        {
          flow: 'github-oidc-azure',
          purpose: 'Azure AD token request',
          method: 'POST',
          url,
          form: {
            grant_type: 'client_credentials',
            resource,
            client_id: config.azureClientId ?? '',
            client_assertion_type: JWT_BEARER_ASSERTION,
            client_assertion: jwt,
          },
          hint: `check that the app ${describeAttribute(config, 'azureClientId')} in tenant ${describeAttribute(config, 'azureTenantId')} has a federated credential for this workflow (audience ${GITHUB_AZURE_AUDIENCE})`,
        },
        ctx.now,
      );
    },
    ctx.now,
    AZURE_REFRESH_LEAD_MS,
  );
  return bearerCredentials('github-oidc-azure', ctx, cache);
}

/**
 * Azure AD service principal secret (AAD v1 client credentials). Also sends a token for the Azure
 * Service Management endpoint and the workspace resource id, as the Go SDK does, so that an SP with
 * Azure RBAC on the workspace can be added to it on first use.
 */
function azureClientSecretCredentials(ctx: FlowContext): Credentials {
  const { config } = ctx;
  const url = `${azureAuthorityFor(config)}/${config.azureTenantId}/oauth2/token`;
  const hint = `check ${describeAttribute(config, 'azureTenantId')}, ${describeAttribute(config, 'azureClientId')} and ${describeAttribute(config, 'azureClientSecret')}`;
  const tokenFor = (resource: string, purpose: string) =>
    new TokenCache(
      () =>
        fetchAccessToken(
          ctx.http,
          {
            flow: 'azure-client-secret',
            purpose,
            method: 'POST',
            url,
            form: {
              grant_type: 'client_credentials',
              client_id: config.azureClientId ?? '',
              client_secret: config.azureClientSecret ?? '',
              resource,
            },
            hint,
          },
          ctx.now,
        ),
      ctx.now,
      AZURE_REFRESH_LEAD_MS,
    );
  const cloud = azureCloudFor(config);
  const databricks = tokenFor(azureResourceFor(config), 'Azure AD token request');
  const management = tokenFor(cloud.serviceManagementEndpoint, 'Azure AD management token request');
  return staticCredentials('azure-client-secret', ctx, async () => {
    const [token, managementToken] = await Promise.all([databricks.get(), management.get()]);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'X-Databricks-Azure-SP-Management-Token': managementToken,
    };
    if (config.azureWorkspaceResourceId)
      headers['X-Databricks-Azure-Workspace-Resource-Id'] = config.azureWorkspaceResourceId;
    return headers;
  });
}

function bearerCredentials(authType: AuthType, ctx: FlowContext, cache: TokenCache): Credentials {
  return staticCredentials(authType, ctx, async () => ({ Authorization: `Bearer ${await cache.get()}` }));
}

/**
 * The workspace token endpoint from OIDC discovery, falling back to `{host}/oidc/v1/token` when
 * discovery fails; fixed `{host}/oidc/accounts/{account_id}/v1/token` on an accounts host. Looked up once.
 */
function databricksTokenEndpoint(ctx: FlowContext): () => Promise<string> {
  const { config, http } = ctx;
  if (isAccountHost(config.host)) {
    if (!config.accountId)
      throw new ConfigError(
        `${config.host} is an accounts host: set account_id (DATABRICKS_ACCOUNT_ID), or use a workspace URL as host`,
      );
    const url = `${config.host}/oidc/accounts/${encodeURIComponent(config.accountId)}/v1/token`;
    return () => Promise.resolve(url);
  }
  let endpoint: Promise<string> | undefined;
  const discover = async (): Promise<string> => {
    const fallback = `${config.host}/oidc/v1/token`;
    try {
      const response = await http.transport(`${config.host}/oidc/.well-known/oauth-authorization-server`, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        timeoutMs: http.timeoutMs,
      });
      if (response.status !== 200) return fallback;
      const json = JSON.parse(response.body.toString('utf8')) as { token_endpoint?: unknown };
      return typeof json?.token_endpoint === 'string' && json.token_endpoint ? json.token_endpoint : fallback;
    } catch {
      // The token request itself will report an unreachable host.
      return fallback;
    }
  };
  return () => (endpoint ??= discover());
}

/** `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with the request token as bearer -> the JWT. */
function requestGitHubIdToken(ctx: FlowContext, github: GitHubOidc, audience: string, flow: AuthType) {
  const separator = github.requestUrl.includes('?') ? '&' : '?';
  return fetchIdToken(ctx.http, {
    flow,
    purpose: 'GitHub ID token request',
    method: 'GET',
    url: `${github.requestUrl}${separator}audience=${encodeURIComponent(audience)}`,
    headers: { Authorization: `Bearer ${github.requestToken}` },
    hint: 'check that the workflow job has `permissions: id-token: write`',
  });
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before HTTP Basic (as Go's oauth2 does). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}
