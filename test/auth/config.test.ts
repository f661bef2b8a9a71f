import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  normalizeHost,
  parseDatabricksCfg,
  resolveConfig,
  type DatabricksConfig,
} from '../../src/databricks/config.js';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'dbx-auth-config-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function writeCfg(text: string, name = '.databrickscfg'): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

function resolve(
  env: Record<string, string | undefined> = {},
  explicit: Partial<DatabricksConfig> = {},
): DatabricksConfig {
  return resolveConfig({ explicit, env, homeDir: home });
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const PROFILES = `
[DEFAULT]
host = https://dbc-file.cloud.databricks.com/
token = dapi-file-default

[dev]
host = dev.cloud.databricks.com
client_id = file-client
client_secret = file-secret
rate_limit = 34
`;

describe('resolveConfig precedence', () => {
  test('the DEFAULT profile when nothing else is set', () => {
    const cfgPath = writeCfg(PROFILES);
    const config = resolve();
    expect(config.host).toBe('https://dbc-file.cloud.databricks.com');
    expect(config.token).toBe('dapi-file-default');
    expect(config.profile).toBe('DEFAULT');
    expect(config.configFile).toBe(cfgPath);
    expect(config.sources?.host).toEqual({ kind: 'profile', profile: 'DEFAULT', file: cfgPath });
    expect(config.sources?.token).toEqual({ kind: 'profile', profile: 'DEFAULT', file: cfgPath });
  });

  test.each([
    {
      name: 'env host alone skips the file (no profile selected)',
      env: { DATABRICKS_HOST: 'https://env.cloud.databricks.com' },
      explicit: {},
      expected: { host: 'https://env.cloud.databricks.com', token: undefined, profile: undefined },
      hostSource: { kind: 'env', name: 'DATABRICKS_HOST' },
    },
    {
      name: 'env token and host skip the file',
      env: { DATABRICKS_TOKEN: 'dapi-env', DATABRICKS_HOST: 'e.cloud.databricks.com' },
      explicit: {},
      expected: { host: 'https://e.cloud.databricks.com', token: 'dapi-env', profile: undefined },
      hostSource: { kind: 'env', name: 'DATABRICKS_HOST' },
    },
    {
      name: 'a selected profile fills what env leaves unset',
      env: { DATABRICKS_CONFIG_PROFILE: 'dev', DATABRICKS_CLIENT_SECRET: 'env-secret' },
      explicit: {},
      expected: {
        host: 'https://dev.cloud.databricks.com',
        clientId: 'file-client',
        clientSecret: 'env-secret',
        rateLimit: 34,
        profile: 'dev',
      },
      hostSource: { kind: 'profile', profile: 'dev' },
    },
    {
      name: 'explicit beats env beats profile',
      env: {
        DATABRICKS_CONFIG_PROFILE: 'dev',
        DATABRICKS_HOST: 'https://env.cloud.databricks.com',
        DATABRICKS_CLIENT_ID: 'env-client',
      },
      explicit: { host: 'https://explicit.cloud.databricks.com/', clientSecret: 'explicit-secret' },
      expected: {
        host: 'https://explicit.cloud.databricks.com',
        clientId: 'env-client',
        clientSecret: 'explicit-secret',
        rateLimit: 34,
      },
      hostSource: { kind: 'explicit' },
    },
    {
      name: 'an explicit profile selects it too',
      env: {},
      explicit: { profile: 'dev' },
      expected: { host: 'https://dev.cloud.databricks.com', clientId: 'file-client', token: undefined },
      hostSource: { kind: 'profile', profile: 'dev' },
    },
    {
      name: 'empty explicit strings (unset action inputs) do not count',
      env: { DATABRICKS_HOST: 'https://env.cloud.databricks.com', DATABRICKS_TOKEN: 'dapi-env' },
      explicit: { host: '', token: '  ', profile: '' },
      expected: { host: 'https://env.cloud.databricks.com', token: 'dapi-env' },
      hostSource: { kind: 'env', name: 'DATABRICKS_HOST' },
    },
  ])('$name', ({ env, explicit, expected, hostSource }) => {
    const cfgPath = writeCfg(PROFILES);
    const config = resolve(env, explicit as Partial<DatabricksConfig>);
    for (const [key, value] of Object.entries(expected)) {
      expect(config[key as keyof DatabricksConfig]).toEqual(value);
    }
    const source = hostSource.kind === 'profile' ? { ...hostSource, file: cfgPath } : hostSource;
    expect(config.sources?.host).toEqual(source);
  });

  test('values are trimmed and numbers parsed from env', () => {
    const config = resolve({
      DATABRICKS_HOST: ' https://x.cloud.databricks.com \n',
      DATABRICKS_TOKEN: 'dapi123\n',
      DATABRICKS_RATE_LIMIT: '20',
    });
    expect(config.token).toBe('dapi123');
    expect(config.rateLimit).toBe(20);
  });

  test('DATABRICKS_CONFIG_FILE with ~ is read from the home directory', () => {
    writeCfg('[DEFAULT]\nhost = https://custom.cloud.databricks.com\n', 'custom.cfg');
    const config = resolve({ DATABRICKS_CONFIG_FILE: '~/custom.cfg' });
    expect(config.host).toBe('https://custom.cloud.databricks.com');
    expect(config.configFile).toBe(join(home, 'custom.cfg'));
    expect(config.sources?.configFile).toEqual({ kind: 'env', name: 'DATABRICKS_CONFIG_FILE' });
  });
});

describe('resolveConfig profiles', () => {
  test('[__settings__] default_profile picks the profile', () => {
    writeCfg(`${PROFILES}\n[__settings__]\ndefault_profile = dev\n`);
    const config = resolve();
    expect(config.profile).toBe('dev');
    expect(config.clientId).toBe('file-client');
    expect(config.token).toBeUndefined();
  });

  test('an explicitly selected profile beats default_profile', () => {
    writeCfg(`${PROFILES}\n[__settings__]\ndefault_profile = dev\n`);
    expect(resolve({ DATABRICKS_CONFIG_PROFILE: 'DEFAULT' }).token).toBe('dapi-file-default');
  });

  test('a missing selected profile: one line naming the file and the available profiles', () => {
    const cfgPath = writeCfg(`${PROFILES}\n[__settings__]\ndefault_profile = dev\n`);
    const error = errorOf(() => resolve({ DATABRICKS_CONFIG_PROFILE: 'prod' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `Profile 'prod' (from DATABRICKS_CONFIG_PROFILE) is not in ${cfgPath}; available profiles: DEFAULT, dev`,
    );
  });

  test('a default_profile that does not exist is an error too', () => {
    const cfgPath = writeCfg(
      '[only]\nhost = h.cloud.databricks.com\n[__settings__]\ndefault_profile = gone\n',
    );
    expect(errorOf(() => resolve()).message).toBe(
      `Profile 'gone' (default_profile in [__settings__]) is not in ${cfgPath}; available profiles: only`,
    );
  });

  test('a missing DEFAULT profile is fine when none was asked for', () => {
    writeCfg('[only]\nhost = h.cloud.databricks.com\n');
    expect(errorOf(() => resolve()).message).toBe(
      "No Databricks host: set the 'host' input, DATABRICKS_HOST, or a profile in ~/.databrickscfg",
    );
  });

  test('a selected profile without a config file', () => {
    const error = errorOf(() => resolve({}, { profile: 'dev' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `Profile 'dev' is selected (from input 'profile') but ${join(home, '.databrickscfg')} does not exist: create it, or set DATABRICKS_CONFIG_FILE to the right file`,
    );
  });

  test('__settings__ cannot be used as a profile', () => {
    writeCfg(PROFILES);
    expect(errorOf(() => resolve({ DATABRICKS_CONFIG_PROFILE: '__settings__' })).message).toMatch(
      /^\[__settings__\] in .* holds settings, not a profile: select another profile$/,
    );
  });

  test('no host anywhere', () => {
    const error = errorOf(() => resolve());
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      "No Databricks host: set the 'host' input, DATABRICKS_HOST, or a profile in ~/.databrickscfg",
    );
  });

  test('no host because the file was skipped says why', () => {
    writeCfg(PROFILES);
    expect(errorOf(() => resolve({ DATABRICKS_TOKEN: 'dapi-env' })).message).toBe(
      "No Databricks host: set the 'host' input, DATABRICKS_HOST, or a profile in ~/.databrickscfg " +
        `(${join(home, '.databrickscfg')} was not read because token (from DATABRICKS_TOKEN) is set and no profile was selected: set DATABRICKS_CONFIG_PROFILE to use it)`,
    );
  });
});

describe('resolveConfig validation', () => {
  test.each([
    {
      name: 'pat and oauth from env',
      env: {
        DATABRICKS_HOST: 'h.cloud.databricks.com',
        DATABRICKS_TOKEN: 'dapi-x',
        DATABRICKS_CLIENT_ID: 'sp',
      },
      message:
        'More than one Databricks auth method is configured: oauth (client_id (from DATABRICKS_CLIENT_ID)) and pat (token (from DATABRICKS_TOKEN)): set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others',
    },
    {
      name: 'azure and oauth across input and env',
      env: { DATABRICKS_HOST: 'h.azuredatabricks.net', ARM_CLIENT_ID: 'app', ARM_TENANT_ID: 'tenant' },
      explicit: { clientId: 'sp' },
      message:
        "More than one Databricks auth method is configured: azure (azure_client_id (from ARM_CLIENT_ID), azure_tenant_id (from ARM_TENANT_ID)) and oauth (client_id (from input 'client-id')): set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others",
    },
  ])('conflicting auth attributes: $name', ({ env, explicit, message }) => {
    const error = errorOf(() => resolve(env, explicit ?? {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  test('conflict between env and a selected profile names the profile', () => {
    const cfgPath = writeCfg(PROFILES);
    expect(
      errorOf(() => resolve({ DATABRICKS_CONFIG_PROFILE: 'dev', DATABRICKS_TOKEN: 'dapi-env' })).message,
    ).toBe(
      `More than one Databricks auth method is configured: oauth (client_id (from profile [dev] in ${cfgPath}), client_secret (from profile [dev] in ${cfgPath})) and pat (token (from DATABRICKS_TOKEN)): set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others`,
    );
  });

  test('auth_type settles a conflict', () => {
    const config = resolve({
      DATABRICKS_HOST: 'h.cloud.databricks.com',
      DATABRICKS_TOKEN: 'dapi-x',
      DATABRICKS_CLIENT_ID: 'sp',
      DATABRICKS_AUTH_TYPE: 'pat',
    });
    expect(config.authType).toBe('pat');
  });

  test.each([
    {
      env: { DATABRICKS_RATE_LIMIT: 'fast' },
      message: "rate_limit must be a whole number >= 1, got 'fast' (from DATABRICKS_RATE_LIMIT)",
    },
    {
      env: { DATABRICKS_RATE_LIMIT: '0' },
      message: "rate_limit must be a whole number >= 1, got '0' (from DATABRICKS_RATE_LIMIT)",
    },
    {
      env: { ARM_USE_MSI: 'maybe' },
      message: "azure_use_msi must be true or false, got 'maybe' (from ARM_USE_MSI)",
    },
    {
      env: { ARM_ENVIRONMENT: 'mars' },
      message:
        "Unknown Azure environment 'mars' (from ARM_ENVIRONMENT): use one of PUBLIC, USGOVERNMENT, CHINA",
    },
  ])('invalid value: $message', ({ env, message }) => {
    expect(errorOf(() => resolve({ DATABRICKS_HOST: 'h.cloud.databricks.com', ...env })).message).toBe(
      message,
    );
  });

  test('a bad number in a profile names the profile', () => {
    const cfgPath = writeCfg('[DEFAULT]\nhost = h.cloud.databricks.com\nhttp_timeout_seconds = soon\n');
    expect(errorOf(() => resolve()).message).toBe(
      `http_timeout_seconds must be a whole number >= 1, got 'soon' (from profile [DEFAULT] in ${cfgPath})`,
    );
  });
});

describe('Azure attributes', () => {
  test.each([
    { env: {}, authority: 'https://login.microsoftonline.com', environment: undefined },
    {
      env: { ARM_ENVIRONMENT: 'usgovernment' },
      authority: 'https://login.microsoftonline.us',
      environment: 'USGOVERNMENT',
    },
    {
      env: { DATABRICKS_HOST: 'adb-1.2.databricks.azure.cn' },
      authority: 'https://login.chinacloudapi.cn',
      environment: undefined,
    },
    {
      env: { AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9999/' },
      authority: 'http://127.0.0.1:9999',
      environment: undefined,
    },
  ])('authority $authority', ({ env, authority, environment }) => {
    const config = resolve({ DATABRICKS_HOST: 'adb-1.2.azuredatabricks.net', ...env });
    expect(config.azureAuthorityHost).toBe(authority);
    expect(config.azureEnvironment).toBe(environment);
  });

  test('all Azure service principal attributes from env', () => {
    const config = resolve({
      DATABRICKS_HOST: 'https://adb-1.2.azuredatabricks.net/',
      ARM_CLIENT_ID: 'app-id',
      ARM_CLIENT_SECRET: 'app-secret',
      ARM_TENANT_ID: 'tenant-id',
      DATABRICKS_AZURE_RESOURCE_ID:
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w',
    });
    expect(config).toMatchObject({
      host: 'https://adb-1.2.azuredatabricks.net',
      azureClientId: 'app-id',
      azureClientSecret: 'app-secret',
      azureTenantId: 'tenant-id',
      azureWorkspaceResourceId:
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w',
    });
  });
});

describe('normalizeHost', () => {
  test.each([
    ['adb-123.4.azuredatabricks.net', 'https://adb-123.4.azuredatabricks.net'],
    ['https://dbc-a1b2.cloud.databricks.com/', 'https://dbc-a1b2.cloud.databricks.com'],
    ['https://dbc-a1b2.cloud.databricks.com/?o=123#job/1', 'https://dbc-a1b2.cloud.databricks.com'],
    ['https://adb-1.2.azuredatabricks.net/browse/folders/123', 'https://adb-1.2.azuredatabricks.net'],
    ['HTTPS://DBC-A1B2.Cloud.Databricks.com', 'https://dbc-a1b2.cloud.databricks.com'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['localhost:8443', 'https://localhost:8443'],
    ['  https://x.cloud.databricks.com//  ', 'https://x.cloud.databricks.com'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  test.each(['ftp://x.cloud.databricks.com', 'https://', 'http://exa mple.com'])('rejects %s', (input) => {
    const error = errorOf(() => normalizeHost(input, 'from DATABRICKS_HOST'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`Invalid Databricks host '${input}' (from DATABRICKS_HOST)`);
  });

  test('through resolveConfig the message names the source', () => {
    expect(errorOf(() => resolve({ DATABRICKS_HOST: 'ftp://x' })).message).toMatch(
      /^Invalid Databricks host 'ftp:\/\/x' \(from DATABRICKS_HOST\): expected/,
    );
  });
});

describe('.databrickscfg parsing (as the Go SDK reads it)', () => {
  test('quirks: dotted names, # in values, quotes, comments, keys before any section', () => {
    const sections = parseDatabricksCfg(
      [
        'host = https://top.cloud.databricks.com',
        '; a comment',
        '[DEFAULT]',
        'token = dapi-default',
        '[pat.with.dot]',
        'host = https://dot.cloud.databricks.com',
        'token = PT0+IC9kZXYvdXJhbmRvbSA8PT0KYFZ',
        '[secrets]',
        'password = %Y#X$Z # comment',
        'quoted = "%Y#X$Z" # comment',
        "single = '%Y;X' ; comment",
        'back = C:\\path\\#1',
        'eq = a=b==',
        'flag = true',
        '  # indented comment',
        '[msi]',
        'azure_workspace_resource_id = "/a/b/c"',
      ].join('\r\n'),
    );
    expect(sections.get('DEFAULT')).toEqual({
      host: 'https://top.cloud.databricks.com',
      token: 'dapi-default',
    });
    expect(sections.get('pat.with.dot')).toEqual({
      host: 'https://dot.cloud.databricks.com',
      token: 'PT0+IC9kZXYvdXJhbmRvbSA8PT0KYFZ',
    });
    expect(sections.get('secrets')).toEqual({
      password: '%Y#X$Z',
      quoted: '%Y#X$Z',
      single: '%Y;X',
      back: 'C:\\path\\#1',
      eq: 'a=b==',
      flag: 'true',
    });
    expect(sections.get('msi')).toEqual({ azure_workspace_resource_id: '/a/b/c' });
  });

  test('a dotted profile name can be selected', () => {
    writeCfg('[pat.with.dot]\nhost = https://dot.cloud.databricks.com\ntoken = dapi-dot\n');
    const config = resolve({ DATABRICKS_CONFIG_PROFILE: 'pat.with.dot' });
    expect(config.host).toBe('https://dot.cloud.databricks.com');
    expect(config.token).toBe('dapi-dot');
  });

  test('booleans from the file', () => {
    writeCfg('[msi]\nhost = adb-1.2.azuredatabricks.net\nazure_use_msi = true\n');
    expect(resolve({ DATABRICKS_CONFIG_PROFILE: 'msi' }).azureUseMsi).toBe(true);
  });

  test('audience and token_audience are both read', () => {
    writeCfg(
      '[a]\nhost = h.cloud.databricks.com\naudience = aud-1\n[b]\nhost = h.cloud.databricks.com\ntoken_audience = aud-2\n',
    );
    expect(resolve({ DATABRICKS_CONFIG_PROFILE: 'a' }).tokenAudience).toBe('aud-1');
    expect(resolve({ DATABRICKS_CONFIG_PROFILE: 'b' }).tokenAudience).toBe('aud-2');
  });
});
