/**
 * Secrets API 2.0 (reference §11; databricks-sdk-go service/workspace/model.go): scopes (Databricks- and
 * Azure Key Vault-backed), secrets and secret ACLs. `secrets/get` answers a value to a caller with READ, as a
 * real workspace does (see the route). Decisions where the reference is silent are noted at each place.
 */
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalString, param, requiredString } from '../params.js';
import type { ApiModule } from './module.js';
import type { CreatorStores } from './scim.js';
import { EMULATOR_USER } from './compute-store.js';
import { syncCreators } from './scim.js';

export type SecretPermission = 'READ' | 'WRITE' | 'MANAGE';
const PERMISSIONS: readonly SecretPermission[] = ['READ', 'WRITE', 'MANAGE'];

/** Scope and key names: letters, digits, `-`, `_` and `.`, at most 128 characters (§11). */
const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** 128 KB per value and 1000 secrets per scope (§11). */
export const MAX_SECRET_BYTES = 128 * 1024;
export const MAX_SECRETS_PER_SCOPE = 1000;

export interface StoredSecret {
  /** Exactly one of the two, as put gave it. */
  string_value?: string;
  bytes_value?: Buffer;
  last_updated_timestamp: number;
}

export interface KeyVaultMetadata {
  resource_id: string;
  dns_name: string;
}

export interface StoredScope {
  name: string;
  backend_type: 'DATABRICKS' | 'AZURE_KEYVAULT';
  keyvault_metadata?: KeyVaultMetadata;
  secrets: Map<string, StoredSecret>;
  acls: Map<string, SecretPermission>;
}

export class SecretsStore {
  readonly scopes = new Map<string, StoredScope>();
  /**
   * Creating a Key Vault-backed scope needs a user's Azure AD token; a service principal is refused
   * (§11, terraform-provider-databricks#1490). Tests set this to false to play a service principal.
   */
  keyVaultScopesAllowed = true;
  /**
   * The principal requests run as when it is not a workspace admin (admins MANAGE every scope). Listing a
   * scope's keys needs READ on it (WRITE and MANAGE include READ); listing or reading its ACLs needs MANAGE.
   * Tests set this to play a read-only plan identity or an exporter that is not an admin.
   */
  nonAdminCaller?: string;

  constructor(private readonly context: EmulatorContext) {}

  scope(name: string): StoredScope {
    const scope = this.scopes.get(name);
    // Message as production words it (Azure/azure-databricks-operator#94).
    if (!scope) throw ApiError.notFound(`Scope ${name} does not exist!`);
    return scope;
  }

  createScope(
    name: string,
    options: { keyVault?: KeyVaultMetadata; initialManagePrincipal?: string; creator?: string } = {},
  ): StoredScope {
    if (!NAME.test(name))
      throw ApiError.invalidParameter(
        `Scope name '${name}' is invalid: use letters, digits, '-', '_' and '.', at most 128 characters.`,
      );
    if (this.scopes.has(name)) throw ApiError.alreadyExists(`Scope ${name} already exists!`);
    const scope: StoredScope = {
      name,
      backend_type: options.keyVault ? 'AZURE_KEYVAULT' : 'DATABRICKS',
      keyvault_metadata: options.keyVault,
      secrets: new Map(),
      acls: new Map(),
    };
    // Only "users" is accepted as initial_manage_principal; without it the creator gets MANAGE (§11).
    scope.acls.set(options.initialManagePrincipal ?? options.creator ?? EMULATOR_USER, 'MANAGE');
    this.scopes.set(name, scope);
    return scope;
  }

  /** Bypasses the Key Vault refusal of `secrets/put`, so tests can seed what a vault already holds. */
  put(scopeName: string, key: string, value: string | Buffer, timestamp = this.context.now()): void {
    const scope = this.scope(scopeName);
    if (!NAME.test(key))
      throw ApiError.invalidParameter(
        `Secret key '${key}' is invalid: use letters, digits, '-', '_' and '.', at most 128 characters.`,
      );
    const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
    if (size > MAX_SECRET_BYTES)
      throw ApiError.invalidParameter(`Secret value is ${size} bytes: at most ${MAX_SECRET_BYTES} allowed.`);
    if (!scope.secrets.has(key) && scope.secrets.size >= MAX_SECRETS_PER_SCOPE)
      throw new ApiError(
        400,
        'RESOURCE_LIMIT_EXCEEDED',
        `Scope ${scopeName} already holds ${MAX_SECRETS_PER_SCOPE} secrets.`,
      );
    scope.secrets.set(key, {
      ...(typeof value === 'string' ? { string_value: value } : { bytes_value: value }),
      last_updated_timestamp: timestamp,
    });
  }

  /** The stored value, for tests: a string for string_value, bytes for bytes_value. */
  value(scopeName: string, key: string): string | Buffer | undefined {
    const secret = this.scopes.get(scopeName)?.secrets.get(key);
    return secret?.string_value ?? secret?.bytes_value;
  }

  /**
   * Refuses a non-admin caller without `needed` (or a higher permission) on the scope, held directly or
   * through `users`: MANAGE for the ACL endpoints, READ for listing keys.
   */
  require(scope: StoredScope, needed: SecretPermission): void {
    const caller = this.nonAdminCaller;
    const rank = (p: SecretPermission | undefined) => (p ? PERMISSIONS.indexOf(p) : -1);
    const held = Math.max(rank(scope.acls.get(caller ?? '')), rank(scope.acls.get('users')));
    if (!caller || held >= rank(needed)) return;
    throw new ApiError(
      403,
      'PERMISSION_DENIED',
      `User ${caller} does not have ${needed} permission on scope ${scope.name}.`,
    );
  }

  /** Bypasses the principal check of `secrets/acls/put`, so tests can seed grants to anyone. */
  setAcl(scopeName: string, principal: string, permission: string): void {
    this.scope(scopeName).acls.set(principal, secretPermission(permission));
  }
}

function secretPermission(permission: string): SecretPermission {
  if (!PERMISSIONS.includes(permission as SecretPermission))
    throw ApiError.invalidParameter(
      `Invalid permission '${permission}': expected one of ${PERMISSIONS.join(', ')}.`,
    );
  return permission as SecretPermission;
}

function scopeInfo(scope: StoredScope): Record<string, unknown> {
  const out: Record<string, unknown> = { name: scope.name, backend_type: scope.backend_type };
  if (scope.keyvault_metadata) {
    out.keyvault_metadata = { ...scope.keyvault_metadata };
    // Only seen on Key Vault scopes in the fixture (secret-scopes-response.json); not invented elsewhere.
    out.is_databricks_managed = false;
  }
  return out;
}

function keyVaultParam(value: unknown): KeyVaultMetadata {
  const kv = value as Record<string, unknown> | undefined;
  if (!kv || typeof kv !== 'object') throw ApiError.missingField('backend_azure_keyvault');
  if (typeof kv.resource_id !== 'string' || !kv.resource_id)
    throw ApiError.missingField('backend_azure_keyvault.resource_id');
  if (typeof kv.dns_name !== 'string' || !kv.dns_name)
    throw ApiError.missingField('backend_azure_keyvault.dns_name');
  return { resource_id: kv.resource_id, dns_name: kv.dns_name };
}

export const secretsApi: ApiModule<CreatorStores & { readonly secrets: SecretsStore }> = {
  name: 'secrets',
  register(router, state) {
    const store = state.secrets;

    router.post('/api/2.0/secrets/scopes/create', (request) => {
      const name = requiredString(request, 'scope');
      const backend = optionalString(request, 'scope_backend_type') ?? 'DATABRICKS';
      const initial = optionalString(request, 'initial_manage_principal');
      if (initial !== undefined && initial !== 'users')
        throw ApiError.invalidParameter(`initial_manage_principal must be 'users', got '${initial}'.`);
      let keyVault: KeyVaultMetadata | undefined;
      if (backend === 'AZURE_KEYVAULT') {
        keyVault = keyVaultParam(param(request, 'backend_azure_keyvault'));
        // The production wording for a caller without a user AAD token (terraform-provider-databricks#1490).
        if (!store.keyVaultScopesAllowed)
          throw ApiError.invalidParameter('Scope with Azure KeyVault must have userAADToken defined!');
      } else if (backend !== 'DATABRICKS')
        throw ApiError.invalidParameter(`Invalid scope_backend_type '${backend}'.`);
      store.createScope(name, { keyVault, initialManagePrincipal: initial });
      return {};
    });

    router.post('/api/2.0/secrets/scopes/delete', (request) => {
      const name = requiredString(request, 'scope');
      store.scope(name);
      store.scopes.delete(name);
      return {};
    });

    router.get('/api/2.0/secrets/scopes/list', () => {
      const scopes = [...store.scopes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(scopeInfo);
      // Empty lists are omitted (§1.2).
      return scopes.length ? { scopes } : {};
    });

    router.post('/api/2.0/secrets/put', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      const key = requiredString(request, 'key');
      const text = optionalString(request, 'string_value');
      const bytes = optionalString(request, 'bytes_value');
      if ((text === undefined) === (bytes === undefined))
        throw ApiError.invalidParameter('Exactly one of string_value and bytes_value must be given.');
      if (scope.backend_type === 'AZURE_KEYVAULT')
        throw new ApiError(
          400,
          'BAD_REQUEST',
          `Scope ${scope.name} is backed by Azure Key Vault: its secrets are read-only through Databricks.`,
        );
      store.put(scope.name, key, text ?? Buffer.from(bytes as string, 'base64'));
      return {};
    });

    router.post('/api/2.0/secrets/delete', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      const key = requiredString(request, 'key');
      if (scope.backend_type === 'AZURE_KEYVAULT')
        throw new ApiError(
          400,
          'BAD_REQUEST',
          `Scope ${scope.name} is backed by Azure Key Vault: its secrets are read-only through Databricks.`,
        );
      if (!scope.secrets.delete(key))
        throw ApiError.notFound(`Secret ${key} does not exist in scope ${scope.name}.`);
      return {};
    });

    router.get('/api/2.0/secrets/list', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      store.require(scope, 'READ');
      const secrets = [...scope.secrets]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, s]) => ({ key, last_updated_timestamp: s.last_updated_timestamp }));
      return secrets.length ? { secrets } : {};
    });

    // A caller with READ on the scope gets the value, base64-encoded whether it was put as string_value or
    // bytes_value: recorded on a real workspace by databricks/cli's cloud acceptance test
    // acceptance/bundle/resources/secret_scopes/basic (fixture secrets/get-secret-cloud-run.json), although
    // the API reference calls it DBUtils-only. Missing scope or key: RESOURCE_DOES_NOT_EXIST (Go SDK
    // service/workspace/api.go, GetSecret).
    router.get('/api/2.0/secrets/get', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      const key = requiredString(request, 'key');
      store.require(scope, 'READ');
      const secret = scope.secrets.get(key);
      if (!secret) throw ApiError.notFound(`Secret ${key} does not exist in scope ${scope.name}.`);
      const bytes = secret.bytes_value ?? Buffer.from(secret.string_value ?? '', 'utf8');
      return { key, value: bytes.toString('base64') };
    });

    router.post('/api/2.0/secrets/acls/put', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      const principal = requiredString(request, 'principal');
      const permission = secretPermission(requiredString(request, 'permission'));
      // A principal is a user (userName), a group (displayName; `users` holds everyone) or a service
      // principal (applicationId). The reference is silent on an unknown one: refused as this emulator's
      // Permissions API refuses one (400 INVALID_PARAMETER_VALUE, apis/permissions.ts), without the
      // principal's type, which a secret ACL does not say.
      syncCreators(state);
      const { scim } = state;
      if (!scim.userByName(principal) && !scim.groupByName(principal) && !scim.spByApplicationId(principal))
        throw ApiError.invalidParameter(`Principal: ${principal} does not exist`);
      scope.acls.set(principal, permission);
      return {};
    });

    router.post('/api/2.0/secrets/acls/delete', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      const principal = requiredString(request, 'principal');
      if (!scope.acls.delete(principal))
        throw ApiError.notFound(`ACL for principal ${principal} does not exist in scope ${scope.name}.`);
      return {};
    });

    router.get('/api/2.0/secrets/acls/list', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      store.require(scope, 'MANAGE');
      // The SDKs parse `items`, not the `acls` an older docstring names (§11).
      const items = [...scope.acls]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([principal, permission]) => ({ principal, permission }));
      return items.length ? { items } : {};
    });

    router.get('/api/2.0/secrets/acls/get', (request) => {
      const scope = store.scope(requiredString(request, 'scope'));
      store.require(scope, 'MANAGE');
      const principal = requiredString(request, 'principal');
      const permission = scope.acls.get(principal);
      if (!permission)
        throw ApiError.notFound(`ACL for principal ${principal} does not exist in scope ${scope.name}.`);
      return { principal, permission };
    });
  },
};
