/**
 * Unity Catalog API 2.1 (`/api/2.1/unity-catalog/...`): storage credentials, external locations, catalogs
 * (with isolation mode and workspace bindings), schemas, volumes, tables (read; create only for external
 * tables, as the REST API does), and the grants of every securable (`permissions/{type}/{full_name}`).
 *
 * Shapes and rules, with where they come from:
 * - Field names: databricks-sdk-go service/catalog/model.go (CatalogInfo, SchemaInfo, VolumeInfo,
 *   StorageCredentialInfo, ExternalLocationInfo, TableInfo, PrivilegeAssignment, UpdatePermissions).
 * - Names are case-insensitive and kept in lower case; full names are `catalog.schema.object`.
 * - Error codes: the ErrorCode enum the SDK generates from api-base's error_code.proto
 *   (CATALOG_DOES_NOT_EXIST, CATALOG_NOT_EMPTY, SCHEMA_DOES_NOT_EXIST, ..., databricks-sdk-go
 *   service/postgres/model.go); missing objects answer 404 (databricks-sdk-js errors test:
 *   CATALOG_DOES_NOT_EXIST with 404 is a NotFound), messages `Catalog 'x' does not exist.` (audit log
 *   reference). An existing name answers 400 (ucx PR #2077 catches BadRequest on "already exists";
 *   databricks/cli#2889: "Schema 'sap_bw' already exists").
 * - Grants: PATCH applies `changes: [{principal, add, remove}]`, answers the new assignments; removing
 *   ALL_PRIVILEGES clears the principal (databricks/cli libs/testserver/grants.go).
 * - Paging: `max_results` unset lists everything, 0 a server-sized page, above 0 at most that many, below
 *   0 is invalid; `next_page_token` when more remain (SDK ListCatalogsRequest doc comment).
 * - `system`, `samples` (SYSTEM_CATALOG) and `hive_metastore` (INTERNAL_CATALOG) exist in every workspace.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString } from '../params.js';
import type { EmulatorRequest, Handler } from '../router.js';
import type { ApiModule } from './module.js';
import { EMULATOR_USER } from './jobs-store.js';

const BASE = '/api/2.1/unity-catalog';
/** The page length of `max_results=0` (the real one is server-configured). */
export const UC_SERVER_PAGE = 50;

/** Create fields, per securable (SDK Create* request types); anything else is refused. */
const CREATE_FIELDS = {
  storage_credential: [
    'name',
    'comment',
    'read_only',
    'aws_iam_role',
    'azure_managed_identity',
    'azure_service_principal',
    'cloudflare_api_token',
    'databricks_gcp_service_account',
    'skip_validation',
  ],
  external_location: [
    'name',
    'url',
    'credential_name',
    'comment',
    'read_only',
    'access_point',
    'encryption_details',
    'fallback',
    'enable_file_events',
    'file_event_queue',
    'skip_validation',
  ],
  catalog: [
    'name',
    'comment',
    'storage_root',
    'provider_name',
    'share_name',
    'connection_name',
    'options',
    'properties',
  ],
  schema: ['name', 'catalog_name', 'comment', 'storage_root', 'properties'],
  volume: ['catalog_name', 'schema_name', 'name', 'volume_type', 'storage_location', 'comment'],
  table: [
    'name',
    'catalog_name',
    'schema_name',
    'table_type',
    'data_source_format',
    'columns',
    'storage_location',
    'properties',
    'comment',
  ],
} as const;

/** Update fields (SDK Update* request types); `owner` and `new_name` everywhere. */
const UPDATE_FIELDS = {
  storage_credential: [...CREATE_FIELDS.storage_credential, 'owner', 'new_name', 'isolation_mode', 'force'],
  external_location: [...CREATE_FIELDS.external_location, 'owner', 'new_name', 'isolation_mode', 'force'],
  catalog: [
    'comment',
    'owner',
    'new_name',
    'isolation_mode',
    'enable_predictive_optimization',
    'options',
    'properties',
  ],
  schema: ['comment', 'owner', 'new_name', 'enable_predictive_optimization', 'properties'],
  volume: ['comment', 'owner', 'new_name'],
  table: ['owner'],
} as const;

export type Securable = keyof typeof CREATE_FIELDS;

interface Stored {
  info: JsonObject;
  seq: number;
}

/** Securable types of the permissions path, as the SDK's SecurableType enum spells them. */
const PERMISSION_TYPES: Record<string, Securable | 'metastore' | 'function' | 'connection'> = {
  catalog: 'catalog',
  schema: 'schema',
  table: 'table',
  volume: 'volume',
  external_location: 'external_location',
  storage_credential: 'storage_credential',
  function: 'function',
  connection: 'connection',
  metastore: 'metastore',
};

/** The privileges the SDK's Privilege enum knows (a subset that UC objects take); others are refused. */
const PRIVILEGES = new Set([
  'ALL_PRIVILEGES',
  'APPLY_TAG',
  'BROWSE',
  'CREATE_CATALOG',
  'CREATE_CONNECTION',
  'CREATE_EXTERNAL_LOCATION',
  'CREATE_EXTERNAL_TABLE',
  'CREATE_EXTERNAL_VOLUME',
  'CREATE_FOREIGN_CATALOG',
  'CREATE_FUNCTION',
  'CREATE_MANAGED_STORAGE',
  'CREATE_MATERIALIZED_VIEW',
  'CREATE_MODEL',
  'CREATE_SCHEMA',
  'CREATE_STORAGE_CREDENTIAL',
  'CREATE_TABLE',
  'CREATE_VOLUME',
  'EXECUTE',
  'MANAGE',
  'MODIFY',
  'READ_FILES',
  'READ_VOLUME',
  'REFRESH',
  'SELECT',
  'USE_CATALOG',
  'USE_CONNECTION',
  'USE_SCHEMA',
  'WRITE_FILES',
  'WRITE_VOLUME',
]);

const LABEL: Record<Securable, string> = {
  storage_credential: 'Storage Credential',
  external_location: 'External Location',
  catalog: 'Catalog',
  schema: 'Schema',
  volume: 'Volume',
  table: 'Table',
};

const MISSING_CODE: Record<Securable, string> = {
  storage_credential: 'STORAGE_CREDENTIAL_DOES_NOT_EXIST',
  external_location: 'EXTERNAL_LOCATION_DOES_NOT_EXIST',
  catalog: 'CATALOG_DOES_NOT_EXIST',
  schema: 'SCHEMA_DOES_NOT_EXIST',
  // The enum has no volume code: the generic one.
  volume: 'RESOURCE_DOES_NOT_EXIST',
  table: 'TABLE_DOES_NOT_EXIST',
};

const EXISTS_CODE: Record<Securable, string> = {
  storage_credential: 'STORAGE_CREDENTIAL_ALREADY_EXISTS',
  external_location: 'EXTERNAL_LOCATION_ALREADY_EXISTS',
  catalog: 'CATALOG_ALREADY_EXISTS',
  schema: 'SCHEMA_ALREADY_EXISTS',
  volume: 'RESOURCE_ALREADY_EXISTS',
  table: 'TABLE_ALREADY_EXISTS',
};

export class UnityCatalogStore {
  readonly objects: Record<Securable, Map<string, Stored>> = {
    storage_credential: new Map(),
    external_location: new Map(),
    catalog: new Map(),
    schema: new Map(),
    volume: new Map(),
    table: new Map(),
  };
  /** Direct grants, by `<type>:<full_name>`: principal -> privileges. */
  readonly grants = new Map<string, Map<string, Set<string>>>();
  /** Workspace bindings of ISOLATED catalogs: full name -> workspace id -> binding type. */
  readonly bindings = new Map<string, Map<string, string>>();
  /**
   * Securables the caller may not read or change (`<type>:<full_name>`): their requests answer
   * PERMISSION_DENIED, as for a caller without the privilege. Set by tests.
   */
  readonly denied = new Set<string>();
  /** Files held in volumes (full name -> count): a volume with files is not empty. Set by tests. */
  readonly volumeFiles = new Map<string, number>();
  /**
   * False for a workspace with no metastore assigned: every Unity Catalog request answers
   * METASTORE_DOES_NOT_EXIST (the body quoted by databricks-sdk-java's error tests; Terraform's
   * databricks_current_metastore reads it as "no metastore"). Set by tests.
   */
  metastoreAssigned = true;
  readonly metastoreId: string;
  private seq = 1;

  constructor(private readonly context: EmulatorContext) {
    this.metastoreId = context.ids.uuid();
    for (const [name, type, comment] of [
      ['system', 'SYSTEM_CATALOG', 'System catalog (auto-created)'],
      ['samples', 'SYSTEM_CATALOG', 'These sample datasets are made available by third party data providers'],
      ['hive_metastore', 'INTERNAL_CATALOG', undefined],
    ] as const) {
      this.objects.catalog.set(name, {
        seq: this.seq++,
        info: {
          name,
          full_name: name,
          catalog_type: type,
          owner: 'System user',
          ...(comment ? { comment } : {}),
          ...this.stamp(),
          isolation_mode: 'OPEN',
          securable_type: 'CATALOG',
        },
      });
    }
  }

  private stamp(): JsonObject {
    const t = this.context.now();
    return {
      metastore_id: this.metastoreId,
      created_at: t,
      created_by: EMULATOR_USER,
      updated_at: t,
      updated_by: EMULATOR_USER,
    };
  }

  private checkAccess(type: string, fullName: string): void {
    if (this.denied.has(`${type}:${fullName}`))
      throw new ApiError(
        403,
        'PERMISSION_DENIED',
        `User does not have the privilege required on ${type.replace('_', ' ')} '${fullName}'.`,
      );
  }

  get(type: Securable, fullName: string): JsonObject {
    const key = fullName.toLowerCase();
    const found = this.objects[type].get(key);
    // The catalog's message ends with a period, the schema's and table's do not (audit log reference).
    if (!found)
      throw new ApiError(
        404,
        MISSING_CODE[type],
        `${LABEL[type]} '${fullName}' does not exist${type === 'catalog' ? '.' : ''}`,
      );
    this.checkAccess(type, key);
    return found.info;
  }

  /** The objects of a type, in creation order, optionally only those under a parent (`main`, `main.sales`). */
  list(type: Securable, parent?: string): JsonObject[] {
    const out = [...this.objects[type].entries()]
      .filter(([key]) => parent === undefined || key.startsWith(`${parent}.`))
      .filter(([key]) => !this.denied.has(`${type}:${key}`))
      .sort((a, b) => a[1].seq - b[1].seq)
      .map(([, s]) => s.info);
    return out;
  }

  create(type: Securable, body: JsonObject): JsonObject {
    const unknown = Object.keys(body).find((k) => !(CREATE_FIELDS[type] as readonly string[]).includes(k));
    if (unknown) throw ApiError.invalidParameter(`Unknown field '${unknown}' for ${LABEL[type]}.`);
    const name = requiredName(body.name, 'name');
    let fullName = name;
    if (type === 'schema' || type === 'volume' || type === 'table') {
      const catalog = this.get('catalog', requiredName(body.catalog_name, 'catalog_name'));
      if (catalog.catalog_type !== 'MANAGED_CATALOG')
        throw ApiError.invalidParameter(
          `Cannot create a ${LABEL[type]} in ${String(catalog.catalog_type)} '${String(catalog.name)}'.`,
        );
      fullName = `${String(catalog.name)}.${name}`;
      if (type !== 'schema') {
        const schema = this.get(
          'schema',
          `${String(catalog.name)}.${requiredName(body.schema_name, 'schema_name')}`,
        );
        fullName = `${String(schema.full_name)}.${name}`;
      }
    }
    if (this.objects[type].has(fullName))
      throw new ApiError(400, EXISTS_CODE[type], `${LABEL[type]} '${fullName}' already exists`);
    const info: JsonObject = { ...body, name, ...this.stamp(), owner: EMULATOR_USER };
    delete info.skip_validation;
    switch (type) {
      case 'storage_credential': {
        const kinds = [
          'aws_iam_role',
          'azure_managed_identity',
          'azure_service_principal',
          'databricks_gcp_service_account',
          'cloudflare_api_token',
        ];
        if (kinds.filter((k) => isJsonObject(body[k])).length !== 1)
          throw ApiError.invalidParameter('Exactly one storage credential type must be specified.');
        const sp = info.azure_service_principal;
        // The client secret is write-only: never answered (SDK AzureServicePrincipal doc comment).
        if (isJsonObject(sp)) {
          if (typeof sp.client_secret !== 'string' || !sp.client_secret)
            throw ApiError.missingField('azure_service_principal.client_secret');
          info.azure_service_principal = {
            directory_id: sp.directory_id ?? null,
            application_id: sp.application_id ?? null,
          };
        }
        Object.assign(info, {
          id: this.context.ids.uuid(),
          full_name: name,
          isolation_mode: 'ISOLATION_MODE_OPEN',
          read_only: body.read_only ?? false,
        });
        break;
      }
      case 'external_location': {
        if (typeof body.url !== 'string' || !body.url) throw ApiError.missingField('url');
        const credential = this.get(
          'storage_credential',
          requiredName(body.credential_name, 'credential_name'),
        );
        const overlap = this.list('external_location').find((l) =>
          overlaps(String(l.url), body.url as string),
        );
        if (overlap)
          throw ApiError.invalidParameter(
            `Input path url '${body.url}' overlaps with an existing external location '${String(overlap.name)}' url '${String(overlap.url)}'.`,
          );
        Object.assign(info, {
          credential_name: credential.name,
          credential_id: credential.id,
          isolation_mode: 'ISOLATION_MODE_OPEN',
          read_only: body.read_only ?? false,
          browse_only: false,
        });
        break;
      }
      case 'catalog':
        Object.assign(info, {
          full_name: name,
          catalog_type: body.share_name
            ? 'DELTA_SHARING_CATALOG'
            : body.connection_name
              ? 'FOREIGN_CATALOG'
              : 'MANAGED_CATALOG',
          isolation_mode: 'OPEN',
          securable_type: 'CATALOG',
          ...(typeof body.storage_root === 'string'
            ? {
                storage_location: `${body.storage_root.replace(/\/$/, '')}/__unitystorage/catalogs/${this.context.ids.uuid()}`,
              }
            : {}),
        });
        break;
      case 'schema':
        Object.assign(info, {
          catalog_name: fullName.split('.')[0],
          full_name: fullName,
          schema_id: this.context.ids.uuid(),
          catalog_type: 'MANAGED_CATALOG',
          ...(typeof body.storage_root === 'string'
            ? {
                storage_location: `${body.storage_root.replace(/\/$/, '')}/__unitystorage/schemas/${this.context.ids.uuid()}`,
              }
            : {}),
        });
        break;
      case 'volume': {
        const volumeType = body.volume_type;
        if (volumeType !== 'MANAGED' && volumeType !== 'EXTERNAL')
          throw ApiError.invalidParameter(`Invalid volume_type: ${String(volumeType)}.`);
        if (volumeType === 'EXTERNAL' && typeof body.storage_location !== 'string')
          throw ApiError.missingField('storage_location');
        if (volumeType === 'MANAGED' && body.storage_location !== undefined)
          throw ApiError.invalidParameter('A managed volume cannot have a storage_location.');
        const [catalogName, schemaName] = fullName.split('.');
        const volumeId = this.context.ids.uuid();
        Object.assign(info, {
          catalog_name: catalogName,
          schema_name: schemaName,
          full_name: fullName,
          volume_id: volumeId,
          ...(volumeType === 'MANAGED'
            ? {
                storage_location: `${this.managedRoot(catalogName, schemaName)}/__unitystorage/volumes/${volumeId}`,
              }
            : {}),
        });
        break;
      }
      case 'table': {
        // The REST API creates only external tables (SDK TablesAPI.Create doc: "only external Delta
        // tables"); managed tables and views come from SQL DDL.
        if (body.table_type !== 'EXTERNAL' || typeof body.storage_location !== 'string')
          throw ApiError.invalidParameter(
            'Only external tables with a storage_location can be created through this API.',
          );
        const [catalogName, schemaName] = fullName.split('.');
        Object.assign(info, {
          catalog_name: catalogName,
          schema_name: schemaName,
          full_name: fullName,
          table_id: this.context.ids.uuid(),
        });
        break;
      }
    }
    this.objects[type].set(fullName, { info, seq: this.seq++ });
    // A new managed catalog holds `information_schema` (the system's) and `default` (the creator's):
    // terraform-provider-databricks catalog/resource_catalog.go deletes `<name>.default` after create,
    // and skips `information_schema` when it force-deletes.
    if (type === 'catalog' && info.catalog_type === 'MANAGED_CATALOG') {
      for (const [schema, owner, comment] of [
        ['information_schema', 'System user', 'Information schema (auto-created)'],
        ['default', EMULATOR_USER, 'Default schema (auto-created)'],
      ] as const)
        this.objects.schema.set(`${fullName}.${schema}`, {
          seq: this.seq++,
          info: {
            name: schema,
            catalog_name: fullName,
            full_name: `${fullName}.${schema}`,
            schema_id: this.context.ids.uuid(),
            catalog_type: 'MANAGED_CATALOG',
            comment,
            ...this.stamp(),
            owner,
          },
        });
    }
    return info;
  }

  /** Adds a table as SQL would (managed tables, views): for seeding, not an API. */
  putTable(info: JsonObject): JsonObject {
    const fullName =
      `${String(info.catalog_name)}.${String(info.schema_name)}.${String(info.name)}`.toLowerCase();
    this.get('schema', `${String(info.catalog_name)}.${String(info.schema_name)}`);
    const stored: JsonObject = {
      owner: EMULATOR_USER,
      ...info,
      full_name: fullName,
      table_id: this.context.ids.uuid(),
      ...this.stamp(),
    };
    this.objects.table.set(fullName, { info: stored, seq: this.seq++ });
    return stored;
  }

  private managedRoot(catalogName: string, schemaName: string): string {
    const schema = this.objects.schema.get(`${catalogName}.${schemaName}`)?.info;
    const catalog = this.objects.catalog.get(catalogName)?.info;
    const root = schema?.storage_location ?? catalog?.storage_location;
    return typeof root === 'string'
      ? root
      : `s3://metastore-root-${this.metastoreId.slice(0, 8)}/${catalogName}/${schemaName}`;
  }

  update(type: Securable, fullName: string, body: JsonObject): JsonObject {
    const info = this.get(type, fullName);
    const unknown = Object.keys(body).find((k) => !(UPDATE_FIELDS[type] as readonly string[]).includes(k));
    if (unknown) throw ApiError.invalidParameter(`Field '${unknown}' cannot be updated for ${LABEL[type]}.`);
    if (
      type === 'catalog' &&
      info.catalog_type !== 'MANAGED_CATALOG' &&
      info.catalog_type !== 'DELTA_SHARING_CATALOG' &&
      info.catalog_type !== 'FOREIGN_CATALOG'
    )
      throw ApiError.invalidParameter(`Cannot update ${String(info.catalog_type)} '${String(info.name)}'.`);
    const { new_name: newName, force: _force, ...rest } = body;
    if (type === 'catalog' && rest.isolation_mode !== undefined) {
      if (rest.isolation_mode !== 'OPEN' && rest.isolation_mode !== 'ISOLATED')
        throw ApiError.invalidParameter(`Invalid isolation_mode: ${String(rest.isolation_mode)}.`);
      // Isolating a catalog binds it to the workspace that made the change (product behaviour).
      if (rest.isolation_mode === 'ISOLATED' && !this.bindings.get(String(info.full_name))?.size)
        this.bindings.set(String(info.full_name), new Map([[this.context.orgId, 'BINDING_TYPE_READ_WRITE']]));
    }
    const sp = rest.azure_service_principal;
    if (isJsonObject(sp))
      rest.azure_service_principal = {
        directory_id: sp.directory_id ?? null,
        application_id: sp.application_id ?? null,
      };
    if (type === 'external_location' && typeof rest.credential_name === 'string')
      rest.credential_id = this.get('storage_credential', rest.credential_name).id ?? null;
    Object.assign(info, rest, { updated_at: this.context.now(), updated_by: EMULATOR_USER });
    if (typeof newName === 'string' && newName) this.rename(type, String(info.full_name), newName);
    return info;
  }

  private rename(type: Securable, fullName: string, newName: string): void {
    const stored = this.objects[type].get(fullName);
    if (!stored) return;
    const parent = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.') + 1) : '';
    const next = `${parent}${newName.toLowerCase()}`;
    if (this.objects[type].has(next))
      throw new ApiError(400, EXISTS_CODE[type], `${LABEL[type]} '${next}' already exists`);
    this.objects[type].delete(fullName);
    stored.info.name = newName.toLowerCase();
    if ('full_name' in stored.info) stored.info.full_name = next;
    this.objects[type].set(next, stored);
  }

  remove(type: Securable, fullName: string, force: boolean): void {
    const info = this.get(type, fullName);
    const key = String(info.full_name ?? info.name);
    if (
      type === 'catalog' &&
      info.catalog_type !== 'MANAGED_CATALOG' &&
      info.catalog_type !== 'DELTA_SHARING_CATALOG' &&
      info.catalog_type !== 'FOREIGN_CATALOG'
    )
      throw ApiError.invalidParameter(`Cannot delete ${String(info.catalog_type)} '${key}'.`);
    const children = (t: Securable) => [...this.objects[t].keys()].filter((k) => k.startsWith(`${key}.`));
    if (type === 'catalog') {
      // A new catalog holds `information_schema` and `default`, which do not keep it from being deleted.
      const schemas = children('schema').filter(
        (k) => !k.endsWith('.information_schema') && !k.endsWith('.default'),
      );
      const inside = [...schemas, ...children('table'), ...children('volume')];
      if (inside.length && !force)
        throw new ApiError(
          400,
          'CATALOG_NOT_EMPTY',
          `Catalog '${key}' is not empty. The catalog has ${schemas.length} schemas(s) (excluding 'information_schema' and 'default'), and ${children('table').length + children('volume').length} objects in schemas.`,
        );
    }
    if (type === 'schema') {
      const inside = [...children('table'), ...children('volume')];
      if (inside.length && !force)
        throw new ApiError(
          400,
          'SCHEMA_NOT_EMPTY',
          `Schema '${key}' is not empty. The schema has ${inside.length} object(s).`,
        );
    }
    if (type === 'storage_credential' && !force) {
      const used = this.list('external_location').find((l) => l.credential_name === info.name);
      if (used)
        throw ApiError.invalidParameter(
          `Storage credential '${key}' has 1 dependent external location(s): '${String(used.name)}'. Use force to delete it.`,
        );
    }
    for (const t of ['schema', 'table', 'volume'] as const)
      for (const k of children(t)) {
        this.objects[t].delete(k);
        this.grants.delete(`${t}:${k}`);
      }
    this.objects[type].delete(key);
    this.grants.delete(`${type}:${key}`);
    this.bindings.delete(key);
  }

  /** The object a permissions path names (404 when it does not exist). */
  private securable(type: string, fullName: string): string {
    const t = PERMISSION_TYPES[type.toLowerCase()];
    if (!t) throw ApiError.invalidParameter(`Invalid securable type '${type}'.`);
    if (t === 'metastore' || t === 'function' || t === 'connection') {
      this.checkAccess(t, fullName.toLowerCase());
      return `${t}:${fullName.toLowerCase()}`;
    }
    const info = this.get(t, fullName);
    return `${t}:${String(info.full_name ?? info.name)}`;
  }

  permissions(type: string, fullName: string, principal?: string): JsonObject {
    const held = this.grants.get(this.securable(type, fullName)) ?? new Map<string, Set<string>>();
    return { privilege_assignments: assignments(held, principal) };
  }

  updatePermissions(type: string, fullName: string, changes: JsonValue): JsonObject {
    const key = this.securable(type, fullName);
    if (!Array.isArray(changes)) throw ApiError.missingField('changes');
    const held = this.grants.get(key) ?? new Map<string, Set<string>>();
    for (const change of changes) {
      if (!isJsonObject(change) || typeof change.principal !== 'string' || !change.principal)
        throw ApiError.missingField('changes.principal');
      const privileges = held.get(change.principal) ?? new Set<string>();
      for (const [field, list] of [
        ['remove', change.remove],
        ['add', change.add],
      ] as const) {
        if (list === undefined) continue;
        if (!Array.isArray(list)) throw ApiError.invalidParameter(`Invalid value for changes.${field}`);
        for (const p of list) {
          if (typeof p !== 'string' || !PRIVILEGES.has(p))
            throw ApiError.invalidParameter(`Privilege ${String(p)} is not valid.`);
          if (field === 'add') privileges.add(p);
          else if (p === 'ALL_PRIVILEGES') privileges.clear();
          else privileges.delete(p);
        }
      }
      if (privileges.size) held.set(change.principal, privileges);
      else held.delete(change.principal);
    }
    this.grants.set(key, held);
    return { privilege_assignments: assignments(held) };
  }

  /** Workspace bindings of a catalog (`GET .../bindings/catalog/{name}`). */
  getBindings(type: string, name: string): JsonObject {
    if (type !== 'catalog') throw ApiError.invalidParameter(`Invalid securable type '${type}'.`);
    const info = this.get('catalog', name);
    const held = this.bindings.get(String(info.full_name)) ?? new Map<string, string>();
    return {
      bindings: [...held]
        .sort()
        .map(([id, binding]) => ({ workspace_id: Number(id), binding_type: binding })),
    };
  }

  updateBindings(type: string, name: string, body: JsonObject): JsonObject {
    if (type !== 'catalog') throw ApiError.invalidParameter(`Invalid securable type '${type}'.`);
    const info = this.get('catalog', name);
    const key = String(info.full_name);
    const held = this.bindings.get(key) ?? new Map<string, string>();
    for (const b of Array.isArray(body.remove) ? body.remove : [])
      if (isJsonObject(b)) held.delete(String(b.workspace_id));
    for (const b of Array.isArray(body.add) ? body.add : [])
      if (isJsonObject(b))
        held.set(
          String(b.workspace_id),
          typeof b.binding_type === 'string' ? b.binding_type : 'BINDING_TYPE_READ_WRITE',
        );
    this.bindings.set(key, held);
    return this.getBindings(type, name);
  }
}

function assignments(held: Map<string, Set<string>>, principal?: string): JsonObject[] {
  return [...held]
    .filter(([p]) => principal === undefined || p === principal)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, privileges]) => ({ principal: p, privileges: [...privileges].sort() }));
}

function requiredName(value: JsonValue | undefined, field: string): string {
  if (typeof value !== 'string' || !value) throw ApiError.missingField(field);
  if (/[.\s/]/.test(value)) throw ApiError.invalidParameter(`Invalid name '${value}' for ${field}.`);
  return value.toLowerCase();
}

/** Two storage URLs overlap when one is a prefix of the other, by path segment. */
function overlaps(a: string, b: string): boolean {
  const norm = (u: string) => (u.endsWith('/') ? u : `${u}/`);
  return norm(a).startsWith(norm(b)) || norm(b).startsWith(norm(a));
}

function bodyOf(request: EmulatorRequest): JsonObject {
  if (request.body === undefined) return {};
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('The request body must be a JSON object.');
  return request.body;
}

/** One page of a list, as `max_results` / `page_token` ask (see the header). */
function page(items: JsonObject[], itemsKey: string, request: EmulatorRequest): JsonObject {
  const max = optionalInteger(request, 'max_results');
  const token = optionalString(request, 'page_token');
  let start = 0;
  if (token) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
    start = Number(decoded[1]);
  }
  if (max !== undefined && Number(max) < 0)
    throw ApiError.invalidParameter('max_results must be greater than or equal to 0.');
  if (max === undefined && !token) return { [itemsKey]: items };
  const size =
    max === undefined || Number(max) === 0 ? UC_SERVER_PAGE : Math.min(Number(max), UC_SERVER_PAGE);
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(`o${start + size}`).toString('base64url') : undefined;
  return { [itemsKey]: slice, ...(next ? { next_page_token: next } : {}) };
}

export const unityCatalogApi: ApiModule<{ readonly unityCatalog: UnityCatalogStore }> = {
  name: 'unity-catalog',
  register(router, state) {
    const store = state.unityCatalog;
    // Every route answers METASTORE_DOES_NOT_EXIST while the workspace has no metastore.
    const on = (method: 'get' | 'post' | 'patch' | 'delete', pattern: string, handler: Handler) =>
      router[method](pattern, (request) => {
        if (!store.metastoreAssigned)
          throw new ApiError(
            404,
            'METASTORE_DOES_NOT_EXIST',
            'No metastore assigned for the current workspace.',
          );
        return handler(request);
      });
    const crud = (
      segment: string,
      type: Securable,
      itemsKey: string,
      parent?: (r: EmulatorRequest) => string,
    ) => {
      on('get', `${BASE}/${segment}`, (request) =>
        page(store.list(type, parent?.(request)), itemsKey, request),
      );
      on('post', `${BASE}/${segment}`, (request) => store.create(type, bodyOf(request)));
      on('get', `${BASE}/${segment}/:name`, (request) => store.get(type, request.params.name));
      on('patch', `${BASE}/${segment}/:name`, (request) =>
        store.update(type, request.params.name, bodyOf(request)),
      );
      on('delete', `${BASE}/${segment}/:name`, (request) => {
        store.remove(type, request.params.name, optionalBoolean(request, 'force') ?? false);
        return {};
      });
    };
    crud('storage-credentials', 'storage_credential', 'storage_credentials');
    crud('external-locations', 'external_location', 'external_locations');
    crud('catalogs', 'catalog', 'catalogs');
    const inCatalog = (request: EmulatorRequest): string => {
      const catalog = optionalString(request, 'catalog_name');
      if (!catalog) throw ApiError.missingField('catalog_name');
      return String(store.get('catalog', catalog).name);
    };
    const inSchema = (request: EmulatorRequest): string => {
      const schema = optionalString(request, 'schema_name');
      if (!schema) throw ApiError.missingField('schema_name');
      return String(store.get('schema', `${inCatalog(request)}.${schema}`).full_name);
    };
    crud('schemas', 'schema', 'schemas', inCatalog);
    crud('volumes', 'volume', 'volumes', inSchema);
    crud('tables', 'table', 'tables', inSchema);

    on('get', `${BASE}/permissions/:type/:name`, (request) =>
      store.permissions(request.params.type, request.params.name, optionalString(request, 'principal')),
    );
    on('patch', `${BASE}/permissions/:type/:name`, (request) =>
      store.updatePermissions(request.params.type, request.params.name, bodyOf(request).changes ?? null),
    );
    on('get', `${BASE}/bindings/:type/:name`, (request) =>
      store.getBindings(request.params.type, request.params.name),
    );
    on('patch', `${BASE}/bindings/:type/:name`, (request) =>
      store.updateBindings(request.params.type, request.params.name, bodyOf(request)),
    );
  },
};
