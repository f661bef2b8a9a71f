import { AuthError, createCredentials, type Credentials } from '../../src/databricks/auth.js';
import { ConfigError, resolveConfig, type DatabricksConfig } from '../../src/databricks/config.js';
import { nodeTransport, type Transport } from '../../src/databricks/transport.js';
import { FakeTokenServer, GITHUB_ID_TOKEN_PATH, GITHUB_REQUEST_TOKEN, fakeJwt } from './fake-token-server.js';

const DATABRICKS_RESOURCE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';
const MANAGEMENT_RESOURCE = 'https://management.core.windows.net/';
const AZURE_HOST = 'https://adb-1234567890123456.7.azuredatabricks.net';
const RESOURCE_ID = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws';
const FORM = 'application/x-www-form-urlencoded';

const server = new FakeTokenServer();
let clock: number;
const now = () => clock;
const transport = nodeTransport();

beforeAll(async () => {
  await server.start();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  clock = Date.UTC(2026, 0, 1, 12, 0, 0);
});

/** Resolves the config from env only (no profile file), then builds the credentials. */
function credentialsFor(
  env: Record<string, string | undefined>,
  extra: Partial<DatabricksConfig> = {},
): Credentials {
  const config = resolveConfig({ env, explicit: extra, homeDir: '/nonexistent-home' });
  return createCredentials(config, { transport, now, env });
}

function m2mEnv(secret = 'dose-secret-0001'): Record<string, string> {
  return { DATABRICKS_HOST: server.url, DATABRICKS_CLIENT_ID: 'sp-app-id', DATABRICKS_CLIENT_SECRET: secret };
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

function summary() {
  return server.requests.map((r) => `${r.method} ${r.path}`);
}

describe('pat', () => {
  test('a bearer header, no requests, the token is a secret', async () => {
    const credentials = credentialsFor({
      DATABRICKS_HOST: server.url,
      DATABRICKS_TOKEN: 'dapi0123456789abcdef',
    });
    expect(credentials.authType).toBe('pat');
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dapi0123456789abcdef' });
    expect(credentials.secrets()).toEqual(['dapi0123456789abcdef']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('oauth-m2m', () => {
  test('discovers the token endpoint and sends client credentials with HTTP Basic', async () => {
    server.on('GET', '/oidc/.well-known/oauth-authorization-server', (_req, s) => ({
      json: { token_endpoint: `${s.url}/oidc/v1/token-discovered` },
    }));
    server.on('POST', '/oidc/v1/token-discovered', (_req, s) => ({
      json: { access_token: `dbx-access-${s.next()}`, token_type: 'Bearer', expires_in: 3600 },
    }));
    const credentials = credentialsFor(m2mEnv('dose+s/cr:t secret'));
    expect(credentials.authType).toBe('oauth-m2m');
    expect(credentials.secrets()).toEqual(['dose+s/cr:t secret']);
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-1' });

    expect(summary()).toEqual([
      'GET /oidc/.well-known/oauth-authorization-server',
      'POST /oidc/v1/token-discovered',
    ]);
    const [discovery, token] = server.requests;
    expect(discovery.headers.authorization).toBeUndefined();
    expect(token.headers['content-type']).toBe(FORM);
    expect(token.form).toEqual({ grant_type: 'client_credentials', scope: 'all-apis' });
    // RFC 6749 §2.3.1: id and secret are form-encoded inside the Basic credentials.
    const basic = Buffer.from('sp-app-id:dose%2Bs%2Fcr%3At+secret').toString('base64');
    expect(token.headers.authorization).toBe(`Basic ${basic}`);
    expect(credentials.secrets().sort()).toEqual(['dbx-access-1', 'dose+s/cr:t secret']);
  });

  test('falls back to {host}/oidc/v1/token when discovery is not there', async () => {
    server.on('GET', '/oidc/.well-known/oauth-authorization-server', () => ({
      status: 404,
      body: 'Not Found',
    }));
    const credentials = credentialsFor(m2mEnv());
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-1' });
    expect(summary()).toEqual(['GET /oidc/.well-known/oauth-authorization-server', 'POST /oidc/v1/token']);
  });

  test('caches the token until shortly before expiry, then refreshes without rediscovery', async () => {
    const credentials = credentialsFor(m2mEnv());
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-1' });
    clock += 3000 * 1000;
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-1' });
    expect(server.requests).toHaveLength(2);

    clock += 571 * 1000; // 29 s before the 3600 s expiry: inside the refresh window
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-2' });
    expect(summary()).toEqual([
      'GET /oidc/.well-known/oauth-authorization-server',
      'POST /oidc/v1/token',
      'POST /oidc/v1/token',
    ]);
    expect(credentials.secrets()).toEqual(expect.arrayContaining(['dbx-access-1', 'dbx-access-2']));
  });

  test('concurrent callers share one discovery and one token request', async () => {
    const credentials = credentialsFor(m2mEnv());
    const all = await Promise.all(Array.from({ length: 8 }, () => credentials.headers()));
    expect(new Set(all.map((h) => h.Authorization))).toEqual(new Set(['Bearer dbx-access-1']));
    expect(summary()).toEqual(['GET /oidc/.well-known/oauth-authorization-server', 'POST /oidc/v1/token']);
  });

  test('a refused secret: one line naming flow, endpoint, status, server error and what to check', async () => {
    server.on('POST', '/oidc/v1/token', () => ({
      status: 401,
      json: { error: 'invalid_client', error_description: 'Client authentication failed' },
    }));
    const credentials = credentialsFor(m2mEnv());
    const error = await errorOf(credentials.headers());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe(
      `oauth-m2m auth: token request POST ${server.url}/oidc/v1/token answered HTTP 401 (invalid_client: Client authentication failed); ` +
        'check client_id (from DATABRICKS_CLIENT_ID) and client_secret (from DATABRICKS_CLIENT_SECRET) are an OAuth secret of a service principal of this workspace',
    );
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).flow).toBe('oauth-m2m');

    // A failure is not cached: the next call asks again.
    server.reset();
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-1' });
  });

  test.each([
    {
      name: 'not JSON',
      answer: { status: 200, body: '<html>login</html>', contentType: 'text/html; charset=utf-8' },
      problem: 'answered HTTP 200 with something that is not JSON (text/html)',
    },
    {
      name: 'no access_token',
      answer: { status: 200, json: { token_type: 'Bearer', expires_in: 3600 } },
      problem: 'answered HTTP 200 without an access_token',
    },
    {
      name: 'Databricks error body',
      answer: { status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad scope' } },
      problem: 'answered HTTP 400 (INVALID_PARAMETER_VALUE: bad scope)',
    },
    {
      name: 'empty error body',
      answer: { status: 503, body: '' },
      problem: 'answered HTTP 503 Service Unavailable',
    },
    {
      name: 'a server echoing the secret',
      answer: {
        status: 400,
        json: { error: 'invalid_request', error_description: 'secret dose-secret-0001 is\nwrong' },
      },
      problem: 'answered HTTP 400 (invalid_request: secret *** is wrong)',
    },
  ])('bad answer: $name', async ({ answer, problem }) => {
    server.on('POST', '/oidc/v1/token', () => answer);
    const error = await errorOf(credentialsFor(m2mEnv()).headers());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain(
      `oauth-m2m auth: token request POST ${server.url}/oidc/v1/token ${problem}; check`,
    );
    expect(error.message).not.toContain('dose-secret-0001');
    expect(error.message).not.toMatch(/\n/);
  });

  test('an unreachable host', async () => {
    const closed = new FakeTokenServer();
    await closed.start();
    await closed.close();
    const config = resolveConfig({
      env: { ...m2mEnv(), DATABRICKS_HOST: closed.url },
      homeDir: '/nonexistent',
    });
    const error = await errorOf(createCredentials(config, { transport, now }).headers());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe(
      `oauth-m2m auth: token request POST ${closed.url}/oidc/v1/token could not connect (ECONNREFUSED); check the URL and the network`,
    );
  });

  test('on an accounts host the token endpoint is fixed by account id', async () => {
    const requests: string[] = [];
    const fake: Transport = async (url, request) => {
      requests.push(`${request.method} ${url}`);
      const body = Buffer.from(JSON.stringify({ access_token: 'acct-token', expires_in: 3600 }));
      return { status: 200, statusText: 'OK', headers: { get: () => null }, body };
    };
    const config = resolveConfig({
      env: {
        ...m2mEnv(),
        DATABRICKS_HOST: 'https://accounts.cloud.databricks.com',
        DATABRICKS_ACCOUNT_ID: 'acc-1',
      },
      homeDir: '/nonexistent',
    });
    expect(await createCredentials(config, { transport: fake, now }).headers()).toEqual({
      Authorization: 'Bearer acct-token',
    });
    expect(requests).toEqual(['POST https://accounts.cloud.databricks.com/oidc/accounts/acc-1/v1/token']);
  });
});

describe('github-oidc', () => {
  function oidcEnv(): Record<string, string> {
    return { DATABRICKS_HOST: server.url, DATABRICKS_CLIENT_ID: 'sp-app-id', ...server.githubEnv() };
  }

  test('gets a GitHub ID token for the token endpoint audience and exchanges it', async () => {
    const credentials = credentialsFor(oidcEnv());
    expect(credentials.authType).toBe('github-oidc');
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-2' });

    expect(summary()).toEqual([
      'GET /oidc/.well-known/oauth-authorization-server',
      `GET ${GITHUB_ID_TOKEN_PATH}`,
      'POST /oidc/v1/token',
    ]);
    const [, idToken, exchange] = server.requests;
    expect(idToken.query).toEqual({ 'api-version': '2.0', audience: `${server.url}/oidc/v1/token` });
    expect(idToken.headers.authorization).toBe(`Bearer ${GITHUB_REQUEST_TOKEN}`);
    const jwt = fakeJwt(`${server.url}/oidc/v1/token`, 1);
    expect(exchange.headers['content-type']).toBe(FORM);
    expect(exchange.headers.authorization).toBeUndefined();
    expect(exchange.form).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: jwt,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      scope: 'all-apis',
      client_id: 'sp-app-id',
    });
    expect(credentials.secrets().sort()).toEqual([GITHUB_REQUEST_TOKEN, 'dbx-access-2', jwt].sort());
  });

  test('DATABRICKS_TOKEN_AUDIENCE overrides the audience', async () => {
    const credentials = credentialsFor({ ...oidcEnv(), DATABRICKS_TOKEN_AUDIENCE: 'my-federation-audience' });
    await credentials.headers();
    expect(server.requests[1].query.audience).toBe('my-federation-audience');
  });

  test('auth_type github-oidc without a client id uses account-wide federation (no client_id sent)', async () => {
    const env = { DATABRICKS_HOST: server.url, DATABRICKS_AUTH_TYPE: 'github-oidc', ...server.githubEnv() };
    await credentialsFor(env).headers();
    expect(server.requests[2].form.client_id).toBeUndefined();
    expect(server.requests[2].form.grant_type).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
  });

  test('a refresh fetches a fresh ID token', async () => {
    const credentials = credentialsFor(oidcEnv());
    await credentials.headers();
    clock += 3600 * 1000;
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer dbx-access-4' });
    expect(summary().slice(3)).toEqual([`GET ${GITHUB_ID_TOKEN_PATH}`, 'POST /oidc/v1/token']);
    expect(server.requests[4].form.subject_token).toBe(fakeJwt(`${server.url}/oidc/v1/token`, 3));
  });

  test('GitHub refuses the ID token request', async () => {
    server.on('GET', GITHUB_ID_TOKEN_PATH, () => ({
      status: 403,
      json: { message: 'Resource not accessible by integration' },
    }));
    const error = await errorOf(credentialsFor(oidcEnv()).headers());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toBe(
      `github-oidc auth: GitHub ID token request GET ${server.url}${GITHUB_ID_TOKEN_PATH} answered HTTP 403 (Resource not accessible by integration); ` +
        'check that the workflow job has `permissions: id-token: write`',
    );
    expect(error.message).not.toContain(GITHUB_REQUEST_TOKEN);
  });

  test('Databricks refuses the exchange: the message names the audience to put in the policy', async () => {
    server.on('POST', '/oidc/v1/token', () => ({
      status: 401,
      json: { error: 'invalid_request', error_description: 'no matching federation policy' },
    }));
    const error = await errorOf(credentialsFor(oidcEnv()).headers());
    expect(error.message).toBe(
      `github-oidc auth: token exchange POST ${server.url}/oidc/v1/token answered HTTP 401 (invalid_request: no matching federation policy); ` +
        "check that the service principal client_id (from DATABRICKS_CLIENT_ID) has a federation policy accepting this workflow's tokens " +
        `(issuer https://token.actions.githubusercontent.com, audience ${server.url}/oidc/v1/token)`,
    );
    expect(error.message).not.toContain('eyJ');
  });
});

describe('github-oidc-azure', () => {
  function azureOidcEnv(): Record<string, string> {
    return {
      DATABRICKS_HOST: AZURE_HOST,
      ARM_CLIENT_ID: 'aad-app-id',
      ARM_TENANT_ID: 'tenant-1',
      AZURE_AUTHORITY_HOST: server.url,
      ...server.githubEnv(),
    };
  }

  test('a GitHub ID token for api://AzureADTokenExchange as client assertion; expires_on honoured', async () => {
    const expiresOn = clock / 1000 + 3600;
    server.on('POST', '/tenant-1/oauth2/token', (_req, s) => ({
      json: {
        token_type: 'Bearer',
        access_token: `aad-oidc-${s.next()}`,
        expires_on: expiresOn,
        resource: DATABRICKS_RESOURCE,
      },
    }));
    const credentials = credentialsFor(azureOidcEnv());
    expect(credentials.authType).toBe('github-oidc-azure');
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer aad-oidc-2' });

    expect(summary()).toEqual([`GET ${GITHUB_ID_TOKEN_PATH}`, 'POST /tenant-1/oauth2/token']);
    const [idToken, aad] = server.requests;
    expect(idToken.query).toEqual({ 'api-version': '2.0', audience: 'api://AzureADTokenExchange' });
    expect(idToken.headers.authorization).toBe(`Bearer ${GITHUB_REQUEST_TOKEN}`);
    expect(aad.headers['content-type']).toBe(FORM);
    expect(aad.form).toEqual({
      grant_type: 'client_credentials',
      resource: DATABRICKS_RESOURCE,
      client_id: 'aad-app-id',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: fakeJwt('api://AzureADTokenExchange', 1),
    });

    clock = (expiresOn - 41) * 1000;
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer aad-oidc-2' });
    expect(server.requests).toHaveLength(2);
    clock = (expiresOn - 39) * 1000; // Azure: refreshed 40 s before expiry
    expect(await credentials.headers()).toEqual({ Authorization: 'Bearer aad-oidc-4' });
    expect(summary().slice(2)).toEqual([`GET ${GITHUB_ID_TOKEN_PATH}`, 'POST /tenant-1/oauth2/token']);
  });

  test('Azure AD refuses the assertion: trace ids dropped, the JWT never shown', async () => {
    server.on('POST', '/tenant-1/oauth2/token', () => ({
      status: 400,
      json: {
        error: 'invalid_client',
        error_description:
          "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'.\r\nTrace ID: 1b2c\r\nCorrelation ID: 3d4e\r\nTimestamp: 2026-01-01 12:00:00Z",
        error_codes: [70021],
      },
    }));
    const error = await errorOf(credentialsFor(azureOidcEnv()).headers());
    expect(error.message).toBe(
      `github-oidc-azure auth: Azure AD token request POST ${server.url}/tenant-1/oauth2/token answered HTTP 400 ` +
        "(invalid_client: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'.); " +
        'check that the app azure_client_id (from ARM_CLIENT_ID) in tenant azure_tenant_id (from ARM_TENANT_ID) has a federated credential for this workflow (audience api://AzureADTokenExchange)',
    );
  });
});

describe('azure-client-secret', () => {
  function azureEnv(): Record<string, string> {
    return {
      DATABRICKS_HOST: AZURE_HOST,
      ARM_CLIENT_ID: 'aad-app-id',
      ARM_CLIENT_SECRET: 'aad~secret.value_1',
      ARM_TENANT_ID: 'tenant-1',
      DATABRICKS_AZURE_RESOURCE_ID: RESOURCE_ID,
      AZURE_AUTHORITY_HOST: server.url,
    };
  }

  test('AAD v1 client credentials for Databricks and for the management endpoint', async () => {
    const credentials = credentialsFor(azureEnv());
    expect(credentials.authType).toBe('azure-client-secret');
    const headers = await credentials.headers();
    const byResource = new Map(server.requests.map((r) => [r.form.resource, r]));
    const dbx = byResource.get(DATABRICKS_RESOURCE);
    const mgmt = byResource.get(MANAGEMENT_RESOURCE);
    expect(summary()).toEqual(['POST /tenant-1/oauth2/token', 'POST /tenant-1/oauth2/token']);
    for (const [request, resource] of [
      [dbx, DATABRICKS_RESOURCE],
      [mgmt, MANAGEMENT_RESOURCE],
    ] as const) {
      expect(request?.headers['content-type']).toBe(FORM);
      expect(request?.headers.authorization).toBeUndefined();
      expect(request?.form).toEqual({
        grant_type: 'client_credentials',
        client_id: 'aad-app-id',
        client_secret: 'aad~secret.value_1',
        resource,
      });
    }
    // The two requests run in parallel, so which got serial 1 and which 2 is not fixed.
    expect(headers).toEqual({
      Authorization: expect.stringMatching(/^Bearer aad-dbx-[12]$/),
      'X-Databricks-Azure-SP-Management-Token': expect.stringMatching(/^aad-mgmt-[12]$/),
      'X-Databricks-Azure-Workspace-Resource-Id': RESOURCE_ID,
    });
    expect(credentials.secrets()).toEqual(
      expect.arrayContaining([
        'aad~secret.value_1',
        headers.Authorization.slice('Bearer '.length),
        headers['X-Databricks-Azure-SP-Management-Token'],
      ]),
    );
  });

  test('cached, refreshed 40 s before expires_in runs out, concurrent callers share requests', async () => {
    const credentials = credentialsFor(azureEnv());
    const first = await Promise.all([credentials.headers(), credentials.headers(), credentials.headers()]);
    expect(server.requests).toHaveLength(2);
    expect(new Set(first.map((h) => h.Authorization)).size).toBe(1);

    clock += (3599 - 41) * 1000;
    expect(await credentials.headers()).toEqual(first[0]);
    expect(server.requests).toHaveLength(2);

    clock += 2 * 1000;
    const refreshed = await credentials.headers();
    expect(server.requests).toHaveLength(4);
    expect(refreshed.Authorization).not.toBe(first[0].Authorization);
    expect(refreshed['X-Databricks-Azure-SP-Management-Token']).not.toBe(
      first[0]['X-Databricks-Azure-SP-Management-Token'],
    );
  });

  test('no resource id header when none is configured; US Government management endpoint', async () => {
    const env = {
      ...azureEnv(),
      DATABRICKS_HOST: 'https://adb-1.2.databricks.azure.us',
      DATABRICKS_AZURE_RESOURCE_ID: undefined,
    };
    const headers = await credentialsFor(env).headers();
    expect(Object.keys(headers).sort()).toEqual(['Authorization', 'X-Databricks-Azure-SP-Management-Token']);
    expect(server.requests.map((r) => r.form.resource).sort()).toEqual(
      [DATABRICKS_RESOURCE, 'https://management.core.usgovcloudapi.net/'].sort(),
    );
  });

  test('a wrong secret: AAD error in one line, no secret', async () => {
    server.on('POST', '/tenant-1/oauth2/token', () => ({
      status: 401,
      json: {
        error: 'invalid_client',
        error_description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'aad-app-id'. Trace ID: 5f6a Correlation ID: 7b8c Timestamp: 2026-01-01 12:00:00Z",
      },
    }));
    const error = await errorOf(credentialsFor(azureEnv()).headers());
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(
      new RegExp(
        `^azure-client-secret auth: Azure AD (management )?token request POST ${server.url}/tenant-1/oauth2/token answered HTTP 401 ` +
          '\\(invalid_client: AADSTS7000215: Invalid client secret provided\\. .*\\); ' +
          'check azure_tenant_id \\(from ARM_TENANT_ID\\), azure_client_id \\(from ARM_CLIENT_ID\\) and azure_client_secret \\(from ARM_CLIENT_SECRET\\)$',
      ),
    );
    expect(error.message).not.toContain('Trace ID');
    expect(error.message).not.toContain('aad~secret.value_1');
  });
});

describe('choosing the auth type', () => {
  const base = { DATABRICKS_HOST: 'https://dbc-1.cloud.databricks.com' };

  test.each([
    { env: { DATABRICKS_TOKEN: 'dapi1' }, authType: 'pat' },
    { env: { DATABRICKS_CLIENT_ID: 'id', DATABRICKS_CLIENT_SECRET: 's' }, authType: 'oauth-m2m' },
    { env: { DATABRICKS_CLIENT_ID: 'id', ACTIONS: 'github' }, authType: 'github-oidc' },
    // In GitHub Actions with a secret too, the secret wins (Go chain order).
    {
      env: { DATABRICKS_CLIENT_ID: 'id', DATABRICKS_CLIENT_SECRET: 's', ACTIONS: 'github' },
      authType: 'oauth-m2m',
    },
    {
      env: { DATABRICKS_HOST: AZURE_HOST, ARM_CLIENT_ID: 'a', ARM_TENANT_ID: 't', ARM_CLIENT_SECRET: 's' },
      authType: 'azure-client-secret',
    },
    {
      env: {
        DATABRICKS_HOST: AZURE_HOST,
        ARM_CLIENT_ID: 'a',
        ARM_TENANT_ID: 't',
        ARM_CLIENT_SECRET: 's',
        ACTIONS: 'github',
      },
      authType: 'azure-client-secret',
    },
    {
      env: { DATABRICKS_HOST: AZURE_HOST, ARM_CLIENT_ID: 'a', ARM_TENANT_ID: 't', ACTIONS: 'github' },
      authType: 'github-oidc-azure',
    },
    {
      env: {
        DATABRICKS_TOKEN: 'dapi1',
        DATABRICKS_CLIENT_ID: 'id',
        DATABRICKS_AUTH_TYPE: 'oauth-m2m',
        DATABRICKS_CLIENT_SECRET: 's',
      },
      authType: 'oauth-m2m',
    },
    // auth_type lets Azure credentials be used against a non-Azure host (e.g. a local emulator).
    {
      env: {
        ARM_CLIENT_ID: 'a',
        ARM_TENANT_ID: 't',
        ARM_CLIENT_SECRET: 's',
        DATABRICKS_AUTH_TYPE: 'azure-client-secret',
      },
      authType: 'azure-client-secret',
    },
  ])('$authType from $env', ({ env, authType }) => {
    const { ACTIONS, ...rest }: Record<string, string | undefined> = env;
    const full = { ...base, ...rest, ...(ACTIONS ? server.githubEnv() : {}) };
    expect(credentialsFor(full).authType).toBe(authType);
  });

  test('no credentials: a ConfigError listing what can be set', () => {
    const error = thrown(() => credentialsFor(base));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      'No usable Databricks credentials for https://dbc-1.cloud.databricks.com: set token (DATABRICKS_TOKEN) for pat; ' +
        'client_id and client_secret (DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET) for oauth-m2m; ' +
        'client_id (DATABRICKS_CLIENT_ID) in GitHub Actions with `permissions: id-token: write` for github-oidc; ' +
        'azure_client_id, azure_tenant_id and azure_client_secret (ARM_CLIENT_ID, ARM_TENANT_ID, ARM_CLIENT_SECRET) for azure-client-secret; ' +
        'azure_client_id and azure_tenant_id in GitHub Actions for github-oidc-azure; ' +
        'either as inputs, environment variables or in a profile of /nonexistent-home/.databrickscfg',
    );
  });

  test('a client id alone outside GitHub Actions says what is missing', () => {
    const message = thrown(() => credentialsFor({ ...base, DATABRICKS_CLIENT_ID: 'id' })).message;
    expect(message).toMatch(
      /^No usable Databricks credentials for https:\/\/dbc-1\.cloud\.databricks\.com \(found only client_id \(from DATABRICKS_CLIENT_ID\); no GitHub Actions OIDC token \(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run it in GitHub Actions with `permissions: id-token: write`\)\): set token/,
    );
  });

  test('Azure credentials against a non-Azure host say how to use them anyway', () => {
    const message = thrown(() =>
      credentialsFor({ ...base, ARM_CLIENT_ID: 'a', ARM_TENANT_ID: 't', ARM_CLIENT_SECRET: 'hidden-secret' }),
    ).message;
    expect(message).toContain(
      'https://dbc-1.cloud.databricks.com is not an Azure Databricks host, so Azure credentials are not tried: set auth_type (DATABRICKS_AUTH_TYPE) to azure-client-secret or github-oidc-azure to use them anyway',
    );
    expect(message).not.toContain('hidden-secret');
  });

  test('conflicting attributes in a hand-built config are caught too', () => {
    const config: DatabricksConfig = {
      host: 'https://h.cloud.databricks.com',
      token: 'dapi1',
      azureClientId: 'a',
    };
    const error = thrown(() => createCredentials(config, { transport, now }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      "More than one Databricks auth method is configured: azure (azure_client_id (from input 'azure-client-id')) and pat (token (from input 'token')): set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others",
    );
  });

  test.each([
    {
      env: { DATABRICKS_AUTH_TYPE: 'azure-cli' },
      message:
        "auth_type 'azure-cli' (from DATABRICKS_AUTH_TYPE) is not supported by databricks-dr: use one of pat, oauth-m2m, github-oidc, github-oidc-azure, azure-client-secret",
    },
    {
      env: { DATABRICKS_AUTH_TYPE: 'magic' },
      message:
        "Unknown auth_type 'magic' (from DATABRICKS_AUTH_TYPE): use one of pat, oauth-m2m, github-oidc, github-oidc-azure, azure-client-secret",
    },
    {
      env: { DATABRICKS_AUTH_TYPE: 'oauth-m2m', DATABRICKS_CLIENT_ID: 'id' },
      message:
        "auth_type 'oauth-m2m' (from DATABRICKS_AUTH_TYPE) needs client_secret (DATABRICKS_CLIENT_SECRET): set them, or choose another auth_type",
    },
    {
      env: { DATABRICKS_AUTH_TYPE: 'github-oidc', DATABRICKS_CLIENT_ID: 'id' },
      message:
        "auth_type 'github-oidc' (from DATABRICKS_AUTH_TYPE) needs a GitHub Actions OIDC token, but ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: run it in GitHub Actions with `permissions: id-token: write`",
    },
    {
      env: { DATABRICKS_AUTH_TYPE: 'azure-client-secret', ARM_CLIENT_ID: 'a' },
      message:
        "auth_type 'azure-client-secret' (from DATABRICKS_AUTH_TYPE) needs azure_tenant_id (ARM_TENANT_ID), azure_client_secret (ARM_CLIENT_SECRET): set them, or choose another auth_type",
    },
  ])('auth_type problems: $message', ({ env, message }) => {
    const error = thrown(() => credentialsFor({ ...base, ...env }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });
});
