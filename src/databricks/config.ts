import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decode as decodeIni } from 'ini';
import { nameOf, type Wording } from '../inputs.js';

/**
 * Databricks unified client auth configuration (reference §19.2; databricks-sdk-go config/config.go): the
 * attributes a run can be given explicitly, through environment variables or in a `.databrickscfg` profile.
 */
export interface DatabricksConfig {
  /** Normalized: scheme + host[:port], no path, no trailing slash. */
  host: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
  azureClientId?: string;
  azureClientSecret?: string;
  azureTenantId?: string;
  azureWorkspaceResourceId?: string;
  azureUseMsi?: boolean;
  /** PUBLIC, USGOVERNMENT or CHINA; inferred from the host when unset. */
  azureEnvironment?: string;
  /** Azure AD authority, e.g. `https://login.microsoftonline.com` (no trailing slash). */
  azureAuthorityHost?: string;
  authType?: string;
  /** The profile the values were read from (or that was asked for). */
  profile?: string;
  configFile?: string;
  tokenAudience?: string;
  accountId?: string;
  httpTimeoutSeconds?: number;
  retryTimeoutSeconds?: number;
  rateLimit?: number;
  /** Where each attribute that is set came from, for messages. */
  sources?: ConfigSources;
}

export type ConfigAttribute = Exclude<keyof DatabricksConfig, 'sources'>;

export type ConfigSource =
  /** `name`: how the interface calls it (`input 'host'` in the action, `--host` in the CLI). */
  | { kind: 'explicit'; name?: string }
  | { kind: 'env'; name: string }
  | { kind: 'profile'; profile: string; file: string }
  | { kind: 'default'; reason?: string };

export type ConfigSources = Partial<Record<ConfigAttribute, ConfigSource>>;

/** A configuration problem the user has to fix. Always one line, saying what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The auth-method groups of the Go SDK (`auth:` struct tags), used for conflict detection. */
export type AuthGroup = 'pat' | 'oauth' | 'azure';

interface AttributeSpec {
  field: ConfigAttribute;
  /** `.databrickscfg` keys; the first is the canonical attribute name used in messages. */
  keys: string[];
  env: string[];
  kind: 'string' | 'int' | 'bool';
  auth?: AuthGroup;
  sensitive?: boolean;
  /** Not read from a profile (it selects the profile). */
  notInFile?: boolean;
  /** For ints: smallest accepted value. */
  min?: number;
}

/** The one table of attributes: names, environment variables, types, auth groups (Go `config.go`). */
export const CONFIG_ATTRIBUTES: readonly AttributeSpec[] = [
  { field: 'host', keys: ['host'], env: ['DATABRICKS_HOST'], kind: 'string' },
  {
    field: 'token',
    keys: ['token'],
    env: ['DATABRICKS_TOKEN'],
    kind: 'string',
    auth: 'pat',
    sensitive: true,
  },
  { field: 'accountId', keys: ['account_id'], env: ['DATABRICKS_ACCOUNT_ID'], kind: 'string' },
  {
    field: 'profile',
    keys: ['profile'],
    env: ['DATABRICKS_CONFIG_PROFILE'],
    kind: 'string',
    notInFile: true,
  },
  {
    field: 'configFile',
    keys: ['config_file'],
    env: ['DATABRICKS_CONFIG_FILE'],
    kind: 'string',
    notInFile: true,
  },
  {
    field: 'azureWorkspaceResourceId',
    keys: ['azure_workspace_resource_id'],
    env: ['DATABRICKS_AZURE_RESOURCE_ID'],
    kind: 'string',
    auth: 'azure',
  },
  { field: 'azureUseMsi', keys: ['azure_use_msi'], env: ['ARM_USE_MSI'], kind: 'bool', auth: 'azure' },
  {
    field: 'azureClientSecret',
    keys: ['azure_client_secret'],
    env: ['ARM_CLIENT_SECRET'],
    kind: 'string',
    auth: 'azure',
    sensitive: true,
  },
  {
    field: 'azureClientId',
    keys: ['azure_client_id'],
    env: ['ARM_CLIENT_ID'],
    kind: 'string',
    auth: 'azure',
  },
  {
    field: 'azureTenantId',
    keys: ['azure_tenant_id'],
    env: ['ARM_TENANT_ID'],
    kind: 'string',
    auth: 'azure',
  },
  { field: 'azureEnvironment', keys: ['azure_environment'], env: ['ARM_ENVIRONMENT'], kind: 'string' },
  {
    field: 'azureAuthorityHost',
    keys: ['azure_authority_host'],
    env: ['AZURE_AUTHORITY_HOST'],
    kind: 'string',
  },
  { field: 'clientId', keys: ['client_id'], env: ['DATABRICKS_CLIENT_ID'], kind: 'string', auth: 'oauth' },
  {
    field: 'clientSecret',
    keys: ['client_secret'],
    env: ['DATABRICKS_CLIENT_SECRET'],
    kind: 'string',
    auth: 'oauth',
    sensitive: true,
  },
  { field: 'authType', keys: ['auth_type'], env: ['DATABRICKS_AUTH_TYPE'], kind: 'string' },
  {
    field: 'tokenAudience',
    keys: ['audience', 'token_audience'],
    env: ['DATABRICKS_TOKEN_AUDIENCE'],
    kind: 'string',
  },
  { field: 'httpTimeoutSeconds', keys: ['http_timeout_seconds'], env: [], kind: 'int', min: 1 },
  { field: 'retryTimeoutSeconds', keys: ['retry_timeout_seconds'], env: [], kind: 'int' },
  { field: 'rateLimit', keys: ['rate_limit'], env: ['DATABRICKS_RATE_LIMIT'], kind: 'int', min: 1 },
];

const SPEC_BY_FIELD = new Map(CONFIG_ATTRIBUTES.map((spec) => [spec.field, spec]));

export const DEFAULT_CONFIG_FILE = '~/.databrickscfg';
const SETTINGS_SECTION = '__settings__';
const DEFAULT_PROFILE = 'DEFAULT';

/** Azure clouds (Go `common/environment/azure.go`). */
export interface AzureCloud {
  name: string;
  activeDirectoryEndpoint: string;
  serviceManagementEndpoint: string;
}

export const AZURE_CLOUDS: Readonly<Record<string, AzureCloud>> = {
  PUBLIC: {
    name: 'PUBLIC',
    activeDirectoryEndpoint: 'https://login.microsoftonline.com',
    serviceManagementEndpoint: 'https://management.core.windows.net/',
  },
  USGOVERNMENT: {
    name: 'USGOVERNMENT',
    activeDirectoryEndpoint: 'https://login.microsoftonline.us',
    serviceManagementEndpoint: 'https://management.core.usgovcloudapi.net/',
  },
  CHINA: {
    name: 'CHINA',
    activeDirectoryEndpoint: 'https://login.chinacloudapi.cn',
    serviceManagementEndpoint: 'https://management.core.chinacloudapi.cn/',
  },
};

/** The AzureDatabricks first-party application: the `resource` of every AAD token for a workspace. */
export const AZURE_DATABRICKS_RESOURCE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d';

/** Azure Databricks DNS zones -> cloud and AzureDatabricks application id (Go `environments.go`). */
const AZURE_DNS_ZONES: ReadonlyArray<{ zone: string; cloud: string; applicationId: string }> = [
  {
    zone: '.dev.azuredatabricks.net',
    cloud: 'PUBLIC',
    applicationId: '62a912ac-b58e-4c1d-89ea-b2dbfc7358fc',
  },
  {
    zone: '.staging.azuredatabricks.net',
    cloud: 'PUBLIC',
    applicationId: '4a67d088-db5c-48f1-9ff2-0aace800ae68',
  },
  { zone: '.azuredatabricks.net', cloud: 'PUBLIC', applicationId: AZURE_DATABRICKS_RESOURCE },
  { zone: '.databricks.azure.us', cloud: 'USGOVERNMENT', applicationId: AZURE_DATABRICKS_RESOURCE },
  { zone: '.databricks.azure.cn', cloud: 'CHINA', applicationId: AZURE_DATABRICKS_RESOURCE },
];

function hostname(host: string): string {
  try {
    return new URL(host).hostname;
  } catch {
    return '';
  }
}

/** Whether the host is an Azure Databricks workspace (by DNS zone) or a resource id is configured. */
export function isAzureWorkspace(config: DatabricksConfig): boolean {
  if (config.azureWorkspaceResourceId) return true;
  const name = hostname(config.host);
  return AZURE_DNS_ZONES.some((z) => name.endsWith(z.zone));
}

/** Whether the host is the accounts console rather than a workspace (Go `HostType`). */
export function isAccountHost(host: string): boolean {
  return host.startsWith('https://accounts.') || host.startsWith('https://accounts-dod.');
}

/** The AAD `resource` for this workspace's tokens (differs only for Databricks' own dev/staging). */
export function azureResourceFor(config: DatabricksConfig): string {
  const name = hostname(config.host);
  return AZURE_DNS_ZONES.find((z) => name.endsWith(z.zone))?.applicationId ?? AZURE_DATABRICKS_RESOURCE;
}

/** The Azure cloud: `azureEnvironment` if set, else inferred from the host, else PUBLIC. */
export function azureCloudFor(config: DatabricksConfig): AzureCloud {
  if (config.azureEnvironment) {
    const cloud = AZURE_CLOUDS[config.azureEnvironment.toUpperCase()];
    if (!cloud)
      throw new ConfigError(
        `Unknown Azure environment '${config.azureEnvironment}' (${describeSource(config, 'azureEnvironment')}): use one of ${Object.keys(AZURE_CLOUDS).join(', ')}`,
      );
    return cloud;
  }
  const name = hostname(config.host);
  return AZURE_CLOUDS[AZURE_DNS_ZONES.find((z) => name.endsWith(z.zone))?.cloud ?? 'PUBLIC'];
}

/** `https://login.microsoftonline.com` unless configured or implied by the Azure cloud. */
export function azureAuthorityFor(config: DatabricksConfig): string {
  return (config.azureAuthorityHost ?? azureCloudFor(config).activeDirectoryEndpoint).replace(/\/+$/, '');
}

/** Says where an attribute's value came from, e.g. `from DATABRICKS_HOST`. */
export function describeSource(config: DatabricksConfig, field: ConfigAttribute): string {
  return sourceText(config.sources?.[field], field);
}

/** Explicit values are the action inputs / CLI options, which are named in kebab-case (`client-id`). */
function sourceText(source: ConfigSource | undefined, field: ConfigAttribute): string {
  if (!source || source.kind === 'explicit')
    return `from ${source?.name ?? `input '${attributeName(field).replace(/_/g, '-')}'`}`;
  switch (source.kind) {
    case 'env':
      return `from ${source.name}`;
    case 'profile':
      return `from profile [${source.profile}] in ${source.file}`;
    case 'default':
      return source.reason ? `default: ${source.reason}` : 'default';
  }
}

/** `client_id (from DATABRICKS_CLIENT_ID)`: the attribute's canonical name and where its value came from. */
export function describeAttribute(config: DatabricksConfig, field: ConfigAttribute): string {
  return `${attributeName(field)} (${describeSource(config, field)})`;
}

/** The canonical snake_case attribute name (also the `.databrickscfg` key). */
export function attributeName(field: ConfigAttribute): string {
  return SPEC_BY_FIELD.get(field)?.keys[0] ?? field;
}

/** The environment variable that sets an attribute, if any. */
export function attributeEnvVar(field: ConfigAttribute): string | undefined {
  return SPEC_BY_FIELD.get(field)?.env[0];
}

/** The sensitive attribute values present in the config (to mask them in logs). */
export function configSecrets(config: DatabricksConfig): string[] {
  const out: string[] = [];
  for (const spec of CONFIG_ATTRIBUTES) {
    const value = config[spec.field];
    if (spec.sensitive && typeof value === 'string' && value) out.push(value);
  }
  return out;
}

function authAttributesSet(config: DatabricksConfig): Map<AuthGroup, ConfigAttribute[]> {
  const groups = new Map<AuthGroup, ConfigAttribute[]>();
  for (const spec of CONFIG_ATTRIBUTES) {
    if (!spec.auth || !isSet(config[spec.field])) continue;
    const list = groups.get(spec.auth) ?? [];
    list.push(spec.field);
    groups.set(spec.auth, list);
  }
  return groups;
}

/** The auth attributes that are set, with their sources, e.g. `client_id (from DATABRICKS_CLIENT_ID)`. */
export function describeAuthAttributes(config: DatabricksConfig): string[] {
  return [...authAttributesSet(config).values()].flat().map((field) => describeAttribute(config, field));
}

/**
 * Attributes of more than one auth method without `auth_type` is an error (Go `attributes.Validate`):
 * guessing which one the user meant could authenticate as the wrong principal.
 */
export function checkAuthConflicts(config: DatabricksConfig): void {
  if (config.authType) return;
  const groups = authAttributesSet(config);
  if (groups.size <= 1) return;
  const parts = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, fields]) => `${group} (${fields.map((f) => describeAttribute(config, f)).join(', ')})`);
  throw new ConfigError(
    `More than one Databricks auth method is configured: ${parts.join(' and ')}: set auth_type (DATABRICKS_AUTH_TYPE) to the one to use, or unset the others`,
  );
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== '' && value !== false;
}

export interface ResolveConfigInput {
  /** Values given in code (action inputs, CLI options); empty strings count as unset. */
  explicit?: Partial<DatabricksConfig>;
  env?: Record<string, string | undefined>;
  /** For `~` in the config file path; defaults to the user's home directory. */
  homeDir?: string;
  /** Whose words name the explicit values in messages (the action's inputs or the CLI's flags). */
  words?: Wording;
}

/** Attribute values as parsed: each has the type its spec's `kind` says. */
type Values = Partial<Record<ConfigAttribute, string | number | boolean>>;

/**
 * Resolves the configuration: explicit > environment variables > `.databrickscfg` profile, each only
 * filling attributes still unset (Go loaders `ConfigAttributes` then `ConfigFile`). Throws ConfigError.
 */
export function resolveConfig(input: ResolveConfigInput = {}): DatabricksConfig {
  const env = input.env ?? {};
  const values: Values = {};
  const sources: ConfigSources = {};

  for (const spec of CONFIG_ATTRIBUTES) {
    const raw = input.explicit?.[spec.field];
    if (raw === undefined || raw === null) continue;
    const input_ = attributeName(spec.field).replace(/_/g, '-');
    // The action's words are the default (`from input 'host'`); the CLI's name the flag (`from --host`).
    const explicit: ConfigSource =
      input.words === 'cli' ? { kind: 'explicit', name: nameOf(input_, 'cli') } : { kind: 'explicit' };
    const value = parseValue(spec, raw, sourceText(explicit, spec.field));
    if (value === undefined) continue;
    values[spec.field] = value;
    sources[spec.field] = explicit;
  }

  for (const spec of CONFIG_ATTRIBUTES) {
    if (values[spec.field] !== undefined) continue;
    for (const name of spec.env) {
      const value = parseValue(spec, env[name], `from ${name}`);
      if (value === undefined) continue;
      values[spec.field] = value;
      sources[spec.field] = { kind: 'env', name };
      break;
    }
  }

  const home = input.homeDir ?? homedir();
  const configFile = expandHome(String(values.configFile ?? DEFAULT_CONFIG_FILE), home);
  values.configFile = configFile;
  sources.configFile ??= { kind: 'default' };

  // Go `config_file.go` (issue #304): credentials given directly win over the file entirely.
  const selectedProfile = values.profile as string | undefined;
  const directlyConfigured = CONFIG_ATTRIBUTES.filter(
    (spec) => (spec.auth || spec.field === 'host') && isSet(values[spec.field]),
  );
  let skippedFileBecause: AttributeSpec | undefined;
  if (!selectedProfile && directlyConfigured.length > 0) skippedFileBecause = directlyConfigured[0];
  else loadProfile(configFile, selectedProfile, values, sources);

  if (values.host === undefined) {
    let hint = '';
    if (skippedFileBecause) {
      const why = `${skippedFileBecause.keys[0]} (${sourceText(sources[skippedFileBecause.field], skippedFileBecause.field)})`;
      hint = ` (${configFile} was not read because ${why} is set and no profile was selected: set DATABRICKS_CONFIG_PROFILE to use it)`;
    }
    throw new ConfigError(
      `No Databricks host: set ${input.words === 'cli' ? '--host' : "the 'host' input"}, DATABRICKS_HOST, or a profile in ${displayPath(configFile, home)}${hint}`,
    );
  }
  // Each value was parsed by its spec's kind, which matches the interface's field type.
  const config = { ...values, host: String(values.host), sources } as DatabricksConfig;
  config.host = normalizeHost(config.host, describeSource(config, 'host'));
  if (config.azureEnvironment !== undefined) config.azureEnvironment = azureCloudFor(config).name;
  if (config.azureAuthorityHost !== undefined) {
    config.azureAuthorityHost = normalizeUrl(
      config.azureAuthorityHost,
      describeAttribute(config, 'azureAuthorityHost'),
    );
  } else {
    const cloud = azureCloudFor(config);
    config.azureAuthorityHost = cloud.activeDirectoryEndpoint;
    sources.azureAuthorityHost = { kind: 'default', reason: `Azure ${cloud.name} cloud` };
  }
  checkAuthConflicts(config);
  return config;
}

/**
 * The text with whatever precedes the last `@` of its authority replaced by `***`: a message may quote a
 * URL the user gave, never the user and password it may carry (`https://user:pass@host`, issue 13 #13).
 * Works on text that is not a valid URL too (a password may hold `/` or `#`).
 */
export function maskUserInfo(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const rest = text.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  return at < 0 ? text : `${scheme}***${rest.slice(at)}`;
}

/**
 * Normalizes a workspace URL: adds `https://` when there is no scheme, drops path, query and trailing
 * slash. `http://` is kept (the local emulator is plain HTTP).
 */
export function normalizeHost(host: string, where?: string): string {
  const text = host.trim();
  const origin = where ? ` (${where})` : '';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(
      `Invalid Databricks host '${maskUserInfo(host)}'${origin}: expected a workspace URL like https://adb-1234567890123456.7.azuredatabricks.net`,
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    throw new ConfigError(
      `Invalid Databricks host '${maskUserInfo(host)}'${origin}: expected an https:// (or http://) workspace URL like https://dbc-a1b2c3d4-e5f6.cloud.databricks.com`,
    );
  }
  return `${url.protocol}//${url.host}`;
}

function normalizeUrl(value: string, what: string): string {
  try {
    const url = new URL(value.includes('://') ? value : `https://${value}`);
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(
      `Invalid URL '${value}' for ${what}: expected e.g. https://login.microsoftonline.com`,
    );
  }
}

function parseValue(spec: AttributeSpec, raw: unknown, where: string): string | number | boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (spec.kind === 'string') {
    const text = String(raw).trim();
    return text === '' ? undefined : text;
  }
  if (spec.kind === 'bool') {
    if (typeof raw === 'boolean') return raw;
    const text = String(raw).trim();
    if (text === '') return undefined;
    if (/^(1|t|true)$/i.test(text)) return true;
    if (/^(0|f|false)$/i.test(text)) return false;
    throw new ConfigError(`${spec.keys[0]} must be true or false, got '${text}' (${where})`);
  }
  const text = String(raw).trim();
  if (text === '') return undefined;
  const number = Number(text);
  if (
    !/^-?\d+$/.test(text) ||
    !Number.isSafeInteger(number) ||
    (spec.min !== undefined && number < spec.min)
  ) {
    const expected = spec.min === undefined ? 'a whole number' : `a whole number >= ${spec.min}`;
    throw new ConfigError(`${spec.keys[0]} must be ${expected}, got '${text}' (${where})`);
  }
  return number;
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

function displayPath(path: string, home: string): string {
  return path === join(home, '.databrickscfg') ? DEFAULT_CONFIG_FILE : path;
}

/** Fills still-unset attributes from the selected (or default) profile of the config file. */
function loadProfile(
  file: string,
  selected: string | undefined,
  values: Values,
  sources: ConfigSources,
): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !selected) return;
    if (code === 'ENOENT')
      throw new ConfigError(
        `Profile '${selected}' is selected (${sourceText(sources.profile, 'profile')}) but ${file} does not exist: create it, or set DATABRICKS_CONFIG_FILE to the right file`,
      );
    throw new ConfigError(
      `Cannot read ${file} (${code ?? (error as Error).message}): fix its permissions or set DATABRICKS_CONFIG_FILE`,
    );
  }
  const sections = parseDatabricksCfg(text);
  const settingsDefault = sections.get(SETTINGS_SECTION)?.default_profile?.trim();
  const name = selected ?? (settingsDefault || DEFAULT_PROFILE);
  const why = selected
    ? sourceText(sources.profile, 'profile')
    : settingsDefault
      ? `default_profile in [${SETTINGS_SECTION}]`
      : undefined;
  if (name === SETTINGS_SECTION)
    throw new ConfigError(
      `[${SETTINGS_SECTION}] in ${file} holds settings, not a profile: select another profile`,
    );
  const section = sections.get(name);
  if (!section || Object.keys(section).length === 0) {
    // Only the implicit DEFAULT may be absent (Go: `isFallback`).
    if (!why) return;
    const available = [...sections.entries()]
      .filter(([n, keys]) => n !== SETTINGS_SECTION && Object.keys(keys).length > 0)
      .map(([n]) => n);
    const list = available.length
      ? `available profiles: ${available.join(', ')}`
      : 'the file has no profiles';
    throw new ConfigError(`Profile '${name}' (${why}) is not in ${file}; ${list}`);
  }
  for (const spec of CONFIG_ATTRIBUTES) {
    if (spec.notInFile || values[spec.field] !== undefined) continue;
    for (const key of spec.keys) {
      const value = parseValue(spec, section[key], `from profile [${name}] in ${file}`);
      if (value === undefined) continue;
      values[spec.field] = value;
      sources[spec.field] = { kind: 'profile', profile: name, file };
      break;
    }
  }
  if (values.profile === undefined) {
    values.profile = name;
    sources.profile = why ? { kind: 'default', reason: why } : { kind: 'default' };
  }
}

/**
 * Parses `.databrickscfg` with the `ini` package, made to read the file the way the Go SDK does
 * (`gopkg.in/ini` with `SpaceBeforeInlineComment`): `#`/`;` start an inline comment only after
 * whitespace (secrets may contain them), backslashes are literal, dotted section names are profile
 * names (not nesting), `true`/`false` stay strings, and keys before any section belong to DEFAULT.
 */
export function parseDatabricksCfg(text: string): Map<string, Record<string, string>> {
  const escaped = text.split(/\r?\n/).map(escapeIniLine).join('\n');
  const parsed = decodeIni(escaped) as Record<string, unknown>;
  const sections = new Map<string, Record<string, string>>();
  const addSection = (name: string, body: Record<string, unknown>) => {
    const keys = sections.get(name) ?? {};
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
        keys[key] = String(value);
      else if (value === null) keys[key] = 'null';
      else if (typeof value === 'object' && !Array.isArray(value))
        addSection(`${name}.${key}`, value as Record<string, unknown>);
    }
    sections.set(name, keys);
  };
  // Keys before the first section are DEFAULT's; a later [DEFAULT] section overrides them.
  const entries = Object.entries(parsed);
  const isSection = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  addSection(DEFAULT_PROFILE, Object.fromEntries(entries.filter(([, v]) => !isSection(v))));
  for (const [key, value] of entries) if (isSection(value)) addSection(key, value as Record<string, unknown>);
  return sections;
}

/**
 * Rewrites one line so that `ini` reads the value literally: quoted values become a JSON string (ini
 * JSON-parses quoted values), unquoted ones get their backslashes and comment characters that do not
 * follow whitespace escaped (ini treats any `#`/`;` as the start of a comment).
 */
function escapeIniLine(raw: string): string {
  const line = raw.trim();
  if (line === '' || /^[;#[]/.test(line)) return line;
  const eq = line.indexOf('=');
  if (eq <= 0) return line;
  const key = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  const quoted = /^(?:"([^"]*)"|'([^']*)')(?:\s+[;#].*)?$/.exec(value);
  if (quoted) return `${key}=${JSON.stringify(quoted[1] ?? quoted[2])}`;
  const literal = value.replace(/\\/g, '\\\\').replace(/(?<!\s)[;#]/g, '\\$&');
  return `${key}=${literal}`;
}
