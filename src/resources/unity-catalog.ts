/**
 * Unity Catalog (issue 14): storage credentials, external locations, catalogs, schemas and volumes, one
 * kind each, on `/api/2.1/unity-catalog/...`; their direct grants are the `uc_grants` kind
 * (unity-catalog-grants.ts). Field names: databricks-sdk-go service/catalog/model.go (Create*, Update*,
 * *Info). Ids are names (full names for schemas and volumes): the API addresses every object by name, so a
 * reference `${resources.uc_catalogs.sales.id}` resolves to `sales` in any metastore, and gives the planner
 * the order credentials -> locations -> catalogs -> schemas -> volumes.
 *
 * Never exported: the system catalogs (`system`, `samples`: SYSTEM_CATALOG; `hive_metastore`:
 * INTERNAL_CATALOG), each catalog's `information_schema`, and Delta Sharing and foreign catalogs, which are
 * made from a share or a connection: they are reported and put on the checklist.
 *
 * The owner is kept in the object's file and set after create (create always makes the caller the owner;
 * terraform-provider-databricks catalog/resource_catalog_test.go TestCatalogCreateWithOwnerAlsoDeletes-
 * DefaultSchema updates it right after). Apply therefore needs a metastore admin, who keeps every right
 * after handing an object to its owner.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { ManualStepError } from './kind.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { dropEmpty, pick } from './compute-common.js';
import type { FieldRoles } from './fields.js';
import { configKind, type ConfigKindSpec, type ConfigObjectExtra, type Normalizer } from './config-kind.js';
import type { DesiredObject, ExportContext, ResourceKind, TargetContext, ActualObject } from './kind.js';
import { PlanError } from '../plan/planner.js';
import { keyFromName } from '../plan/references.js';
import { mapDesiredStorage } from './unity-catalog-mapping.js';

const UC = '/api/2.1/unity-catalog';

export const UC_STORAGE_CREDENTIALS = 'uc_storage_credentials';
export const UC_EXTERNAL_LOCATIONS = 'uc_external_locations';
export const UC_CATALOGS = 'uc_catalogs';
export const UC_SCHEMAS = 'uc_schemas';
export const UC_VOLUMES = 'uc_volumes';

/** What every UC object answers about its metastore and history (output only). */
const AUDIT_FIELDS = ['metastore_id', 'created_at', 'created_by', 'updated_at', 'updated_by'] as const;

export const STORAGE_CREDENTIAL_FIELDS = {
  settable: [
    'name',
    'comment',
    'read_only',
    'owner',
    'aws_iam_role',
    'azure_managed_identity',
    'azure_service_principal',
    'databricks_gcp_service_account',
    'cloudflare_api_token',
  ],
  // Update takes every other field (UpdateStorageCredential); a new name is a new object here.
  recreateOnChange: ['name'],
  outputOnly: ['id', 'full_name', ...AUDIT_FIELDS, 'used_for_managed_storage', 'isolation_mode'],
  source: 'databricks-sdk-go service/catalog/model.go CreateStorageCredential, UpdateStorageCredential',
} as const satisfies FieldRoles;

export const EXTERNAL_LOCATION_FIELDS = {
  settable: [
    'name',
    'url',
    'credential_name',
    'comment',
    'read_only',
    'owner',
    'fallback',
    'access_point',
    'encryption_details',
    'enable_file_events',
  ],
  // Update takes every other field (UpdateExternalLocation); a new name is a new object here.
  recreateOnChange: ['name'],
  // file_event_queue names queues of the primary's cloud account: not restorable as it is.
  outputOnly: ['credential_id', ...AUDIT_FIELDS, 'browse_only', 'isolation_mode', 'file_event_queue'],
  source: 'databricks-sdk-go service/catalog/model.go CreateExternalLocation, UpdateExternalLocation',
} as const satisfies FieldRoles;

export const CATALOG_FIELDS = {
  // isolation_mode and enable_predictive_optimization are update-only: create then update.
  settable: [
    'name',
    'comment',
    'storage_root',
    'properties',
    'owner',
    'isolation_mode',
    'enable_predictive_optimization',
  ],
  editable: ['comment', 'properties', 'owner', 'isolation_mode', 'enable_predictive_optimization'],
  outputOnly: [
    'full_name',
    'catalog_type',
    'storage_location',
    ...AUDIT_FIELDS,
    'securable_type',
    'browse_only',
    'effective_predictive_optimization_flag',
    'provisioning_info',
  ],
  source: 'databricks-sdk-go service/catalog/model.go CreateCatalog, UpdateCatalog, CatalogInfo',
} as const satisfies FieldRoles;

export const SCHEMA_FIELDS = {
  settable: [
    'name',
    'catalog_name',
    'comment',
    'storage_root',
    'properties',
    'owner',
    'enable_predictive_optimization',
  ],
  editable: ['comment', 'properties', 'owner', 'enable_predictive_optimization'],
  outputOnly: [
    'full_name',
    'schema_id',
    'storage_location',
    'catalog_type',
    ...AUDIT_FIELDS,
    'browse_only',
    'effective_predictive_optimization_flag',
  ],
  source: 'databricks-sdk-go service/catalog/model.go CreateSchema, UpdateSchema, SchemaInfo',
} as const satisfies FieldRoles;

export const VOLUME_FIELDS = {
  // storage_location is settable for EXTERNAL volumes only; a managed volume's is output (normalize drops it).
  settable: ['catalog_name', 'schema_name', 'name', 'volume_type', 'storage_location', 'comment', 'owner'],
  editable: ['comment', 'owner'],
  outputOnly: ['full_name', 'volume_id', ...AUDIT_FIELDS, 'browse_only', 'encryption_details'],
  source: 'databricks-sdk-go service/catalog/model.go CreateVolumeRequestContent, UpdateVolumeRequestContent',
} as const satisfies FieldRoles;

/** Any field of a snapshot file that the kind does not keep: the file was edited by hand or is newer. */
export function notSettable(value: JsonObject, roles: FieldRoles): string | undefined {
  const unknown = Object.keys(value).find((k) => !roles.settable.includes(k));
  return unknown === undefined
    ? undefined
    : `'${unknown}' is not a field this kind restores (${roles.settable.join(', ')})`;
}

/** The fields update changes in place: `editable`, or every settable field but `recreateOnChange`. */
function editableOf(roles: FieldRoles): readonly string[] {
  return roles.editable ?? roles.settable.filter((f) => !(roles.recreateOnChange ?? []).includes(f));
}

/** Every item of a paged UC list (`max_results=0`: the server's page size, the SDK's recommended use). */
export async function listAll(
  client: DatabricksClient,
  path: string,
  itemsKey: string,
  query: Record<string, string> = {},
): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for await (const item of client.paginate<JsonObject>(path, itemsKey, { max_results: 0, ...query })) {
    if (!isJsonObject(item)) throw new Error(`${path}: an entry of '${itemsKey}' is not an object`);
    out.push(item);
  }
  return out;
}

/**
 * A workspace with no metastore answers every UC request `METASTORE_DOES_NOT_EXIST` "No metastore
 * assigned for the current workspace." (databricks-sdk-java error body tests; terraform-provider-databricks
 * catalog/data_current_metastore.go reads it as "no metastore").
 */
export function isNoMetastore(error: unknown): boolean {
  return error instanceof ApiError && error.errorCode === 'METASTORE_DOES_NOT_EXIST';
}

/**
 * The catalogs every workspace has (`system`, `samples`: SYSTEM_CATALOG; `hive_metastore`:
 * INTERNAL_CATALOG): left out of every listing without a word, never exported, compared or deleted.
 */
function isSystemCatalog(raw: JsonObject): boolean {
  return (
    ['system', 'samples', 'hive_metastore'].includes(String(raw.name)) ||
    raw.catalog_type === 'SYSTEM_CATALOG' ||
    raw.catalog_type === 'INTERNAL_CATALOG'
  );
}

/** Catalogs made and kept elsewhere: never exported, never deleted. Undefined for a catalog to restore. */
export function catalogNotRestored(raw: JsonObject): string | undefined {
  const type = raw.catalog_type;
  if (isSystemCatalog(raw)) return 'system catalog';
  if (type === 'DELTA_SHARING_CATALOG' || raw.share_name)
    return `Delta Sharing catalog (share '${String(raw.provider_name)}.${String(raw.share_name)}'): create it again from the share in the secondary`;
  if (type === 'FOREIGN_CATALOG' || raw.connection_name)
    return `foreign catalog (connection '${String(raw.connection_name)}'): create the connection and the catalog again in the secondary`;
  if (type !== undefined && type !== 'MANAGED_CATALOG') return `catalog of type ${String(type)}`;
  return undefined;
}

/** The catalogs a run restores, as the catalogs list answers them. */
async function restoredCatalogs(client: DatabricksClient): Promise<JsonObject[]> {
  return (await listAll(client, `${UC}/catalogs`, 'catalogs')).filter((c) => !catalogNotRestored(c));
}

/** The schemas of the catalogs a run restores, `information_schema` left out (the system's). */
async function restoredSchemas(client: DatabricksClient): Promise<JsonObject[]> {
  const catalogs = await restoredCatalogs(client);
  const lists = await Promise.all(
    catalogs.map((c) => listAll(client, `${UC}/schemas`, 'schemas', { catalog_name: String(c.name) })),
  );
  return lists.flat().filter((s) => s.name !== 'information_schema');
}

const enc = (name: JsonValue | undefined) => encodeURIComponent(String(name));

/** A reference to an object of another UC kind, or the name itself (with a warning) when it is not exported. */
function refOrName(
  n: Normalizer,
  kind: string,
  name: JsonValue | undefined,
  field: string,
): JsonValue | undefined {
  if (typeof name !== 'string') return name;
  const ref = n.ref(kind, name);
  if (ref) return ref;
  n.warn(`${field} '${name}' is not exported: kept as a name, the secondary must have it`);
  return name;
}

/** Sets the owner when the snapshot names another one than the creator create made owner. */
async function setOwner(
  client: DatabricksClient,
  path: string,
  created: JsonObject,
  owner: JsonValue | undefined,
): Promise<void> {
  if (typeof owner === 'string' && owner !== created.owner)
    await client.request('PATCH', path, { body: { owner }, idempotent: true });
}

/** The update body: every editable field of the spec, the ones it lacks cleared where the API allows. */
function editableBody(spec: JsonObject, roles: FieldRoles): JsonObject {
  const body: JsonObject = {};
  for (const f of editableOf(roles)) {
    if (spec[f] !== undefined) body[f] = spec[f];
    // A comment or properties removed in the primary are cleared, or every plan would show the change.
    else if (f === 'comment') body[f] = '';
    else if (f === 'properties') body[f] = {};
  }
  return body;
}

/** The object's settable fields as the snapshot keeps them: empty strings, lists and maps are absent. */
function settable(raw: JsonObject, roles: FieldRoles): JsonObject {
  const out = dropEmpty(pick(raw, roles.settable));
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

/** Name, folder, listing and id of a kind of metastore-level objects, which the API keys by name. */
function topLevel(kind: string, folder: string, segment: string, itemsKey: string) {
  return {
    name: kind,
    folder,
    list: (client: DatabricksClient) => listAll(client, `${UC}/${segment}`, itemsKey),
    id: (raw: JsonObject) => raw.name,
    displayName: (raw: JsonObject) => String(raw.name),
  };
}

/** Update (the editable fields), delete and replace fields of an object the API addresses by name. */
function byName(segment: string, roles: FieldRoles) {
  const path = (id: JsonValue) => `${UC}/${segment}/${enc(id)}`;
  return {
    async update(client: DatabricksClient, id: JsonValue, spec: JsonObject): Promise<void> {
      await client.request('PATCH', path(id), { body: editableBody(spec, roles), idempotent: true });
    },
    // Never with force: the service refuses a catalog or schema that still holds something
    // (CATALOG_NOT_EMPTY, SCHEMA_NOT_EMPTY), a location or credential something depends on.
    async remove(client: DatabricksClient, id: JsonValue): Promise<void> {
      await client.request('DELETE', path(id), { idempotent: true });
    },
  };
}

// ----- storage credentials ------------------------------------------------------------------------------

/** Where the `secrets` input holds a credential's secret: `unity-catalog/<credential name>`. */
export function credentialSecretKey(name: string): string {
  return `unity-catalog/${name}`;
}

/** The part of a credential that holds a secret the API never answers, with the field the secret goes in. */
function secretPart(spec: JsonObject): { field: string; secret: string } | undefined {
  if (isJsonObject(spec.azure_service_principal))
    return { field: 'azure_service_principal', secret: 'client_secret' };
  if (isJsonObject(spec.cloudflare_api_token))
    return { field: 'cloudflare_api_token', secret: 'secret_access_key' };
  return undefined;
}

const storageCredentials: ConfigKindSpec = {
  fields: STORAGE_CREDENTIAL_FIELDS,
  ...topLevel(UC_STORAGE_CREDENTIALS, 'uc-storage-credentials', 'storage-credentials', 'storage_credentials'),
  normalize(raw) {
    const out = settable(raw, STORAGE_CREDENTIAL_FIELDS);
    // What the service makes up in each metastore (the role's external id, the GCP service account).
    if (isJsonObject(out.aws_iam_role)) out.aws_iam_role = pick(out.aws_iam_role, ['role_arn']);
    if (isJsonObject(out.azure_managed_identity))
      out.azure_managed_identity = pick(out.azure_managed_identity, [
        'access_connector_id',
        'managed_identity_id',
      ]);
    if (isJsonObject(out.databricks_gcp_service_account)) out.databricks_gcp_service_account = {};
    if (isJsonObject(out.azure_service_principal))
      out.azure_service_principal = pick(out.azure_service_principal, ['directory_id', 'application_id']);
    if (isJsonObject(out.cloudflare_api_token))
      out.cloudflare_api_token = pick(out.cloudflare_api_token, ['account_id', 'access_key_id']);
    if (out.read_only === false) delete out.read_only;
    return out;
  },
  validate: (value) =>
    notSettable(value, STORAGE_CREDENTIAL_FIELDS) ??
    (typeof value.name === 'string' && value.name ? undefined : "'name' is required"),
  async create(client, spec, ctx) {
    const body = withSecret(spec, ctx.options.secretValues);
    if (!body) {
      const part = secretPart(spec);
      const reason = `create storage credential '${String(spec.name)}' with its ${part?.field}.${part?.secret}, or pass the secret as "${credentialSecretKey(String(spec.name))}" in the 'secrets' input`;
      ctx.report.manual.push({ kind: UC_STORAGE_CREDENTIALS, key: keyFromName(String(spec.name)), reason });
      throw new ManualStepError(
        `the secret of storage credential '${String(spec.name)}' is not in the 'secrets' input`,
      );
    }
    const { owner, ...rest } = body;
    const created = await client.post<JsonObject>(`${UC}/storage-credentials`, rest);
    await setOwner(client, `${UC}/storage-credentials/${enc(spec.name)}`, created, owner);
    return created.name;
  },
  async update(client, id, spec, ctx) {
    const body = editableBody(
      withSecret(spec, ctx.options.secretValues) ?? withoutSecretPart(spec),
      STORAGE_CREDENTIAL_FIELDS,
    );
    await client.request('PATCH', `${UC}/storage-credentials/${enc(id)}`, { body, idempotent: true });
  },
  remove: byName('storage-credentials', STORAGE_CREDENTIAL_FIELDS).remove,
  planNotes(change, desired) {
    const part = desired && secretPart(desired);
    if (!part || (change.action !== 'create' && change.action !== 'replace')) return [];
    return [
      `its ${part.field}.${part.secret} cannot be read from the primary: it comes from "${credentialSecretKey(String(desired.name))}" in the 'secrets' input`,
    ];
  },
};

/** The credential with its secret from the `secrets` input; undefined when the input lacks it. */
function withSecret(spec: JsonObject, secrets: Record<string, string> | undefined): JsonObject | undefined {
  const part = secretPart(spec);
  if (!part) return spec;
  const value = secrets?.[credentialSecretKey(String(spec.name))];
  if (value === undefined) return undefined;
  return { ...spec, [part.field]: { ...(spec[part.field] as JsonObject), [part.secret]: value } };
}

/** An update without the secret leaves the target's credential part (and its secret) as it is. */
function withoutSecretPart(spec: JsonObject): JsonObject {
  const part = secretPart(spec);
  if (!part) return spec;
  const { [part.field]: _kept, ...rest } = spec;
  return rest;
}

// ----- external locations -------------------------------------------------------------------------------

const externalLocations: ConfigKindSpec = {
  fields: EXTERNAL_LOCATION_FIELDS,
  ...topLevel(UC_EXTERNAL_LOCATIONS, 'uc-external-locations', 'external-locations', 'external_locations'),
  normalize(raw, n) {
    const out = settable(raw, EXTERNAL_LOCATION_FIELDS);
    out.credential_name = refOrName(n, UC_STORAGE_CREDENTIALS, raw.credential_name, 'credential') ?? null;
    for (const f of ['read_only', 'fallback', 'enable_file_events']) if (out[f] === false) delete out[f];
    return out;
  },
  validate: (value) =>
    notSettable(value, EXTERNAL_LOCATION_FIELDS) ??
    (typeof value.url === 'string' && value.url ? undefined : "'url' is required"),
  async create(client, spec) {
    const { owner, ...rest } = spec;
    const created = await client.post<JsonObject>(`${UC}/external-locations`, rest);
    await setOwner(client, `${UC}/external-locations/${enc(spec.name)}`, created, owner);
    return created.name;
  },
  ...byName('external-locations', EXTERNAL_LOCATION_FIELDS),
};

// ----- catalogs -----------------------------------------------------------------------------------------

const catalogs: ConfigKindSpec = {
  fields: CATALOG_FIELDS,
  ...topLevel(UC_CATALOGS, 'uc-catalogs', 'catalogs', 'catalogs'),
  list: async (client) =>
    (await listAll(client, `${UC}/catalogs`, 'catalogs')).filter((c) => !isSystemCatalog(c)),
  ignore: catalogNotRestored,
  normalize(raw) {
    const out = settable(raw, CATALOG_FIELDS);
    if (out.isolation_mode === 'OPEN') delete out.isolation_mode;
    if (out.enable_predictive_optimization === 'INHERIT') delete out.enable_predictive_optimization;
    return out;
  },
  validate: (value) => notSettable(value, CATALOG_FIELDS),
  async create(client, spec) {
    const { owner, isolation_mode: isolation, enable_predictive_optimization: po, ...rest } = spec;
    const created = await client.post<JsonObject>(`${UC}/catalogs`, rest);
    const path = `${UC}/catalogs/${enc(created.name)}`;
    // Isolation and predictive optimization are not create fields (TestCatalogCreateIsolated updates).
    const later: JsonObject = {};
    if (isolation !== undefined) later.isolation_mode = isolation;
    if (po !== undefined) later.enable_predictive_optimization = po;
    if (Object.keys(later).length) await client.request('PATCH', path, { body: later, idempotent: true });
    await setOwner(client, path, created, owner);
    return created.name;
  },
  async update(client, id, spec) {
    const body = editableBody(spec, CATALOG_FIELDS);
    // A file without them means the defaults: an open catalog.
    body.isolation_mode ??= 'OPEN';
    await client.request('PATCH', `${UC}/catalogs/${enc(id)}`, { body, idempotent: true });
  },
  remove: byName('catalogs', CATALOG_FIELDS).remove,
  planNotes(change, desired) {
    return change.action === 'create' && desired?.isolation_mode === 'ISOLATED'
      ? ['isolated: bound to the secondary workspace only; bind other workspaces of the region by hand']
      : [];
  },
};

// ----- schemas ------------------------------------------------------------------------------------------

const schemas: ConfigKindSpec = {
  fields: SCHEMA_FIELDS,
  name: UC_SCHEMAS,
  folder: 'uc-schemas',
  list: (client) => restoredSchemas(client),
  id: (raw) => raw.full_name,
  displayName: (raw) => String(raw.full_name),
  normalize(raw, n) {
    const out = settable(raw, SCHEMA_FIELDS);
    out.catalog_name = refOrName(n, UC_CATALOGS, raw.catalog_name, 'catalog') ?? null;
    if (out.enable_predictive_optimization === 'INHERIT') delete out.enable_predictive_optimization;
    return out;
  },
  validate: (value) =>
    notSettable(value, SCHEMA_FIELDS) ??
    (typeof value.name === 'string' && typeof value.catalog_name === 'string'
      ? undefined
      : "'name' and 'catalog_name' are required"),
  async create(client, spec) {
    const { owner, enable_predictive_optimization: po, ...rest } = spec;
    const fullName = `${String(spec.catalog_name)}.${String(spec.name)}`;
    const path = `${UC}/schemas/${enc(fullName)}`;
    let created: JsonObject;
    try {
      created = await client.post<JsonObject>(`${UC}/schemas`, rest);
    } catch (error) {
      // A new catalog comes with its `default` schema (terraform-provider-databricks
      // catalog/resource_catalog_test.go): the one the snapshot records is that one, updated.
      if (
        !(error instanceof ApiError) ||
        spec.name !== 'default' ||
        !/ALREADY_EXISTS/.test(String(error.errorCode))
      )
        throw error;
      created = await client.get<JsonObject>(path);
      const body = editableBody(rest, SCHEMA_FIELDS);
      if (Object.keys(body).length) await client.request('PATCH', path, { body, idempotent: true });
    }
    if (po !== undefined)
      await client.request('PATCH', path, { body: { enable_predictive_optimization: po }, idempotent: true });
    await setOwner(client, path, created, owner);
    return created.full_name ?? fullName;
  },
  ...byName('schemas', SCHEMA_FIELDS),
};

// ----- volumes ------------------------------------------------------------------------------------------

const volumes: ConfigKindSpec = {
  fields: VOLUME_FIELDS,
  name: UC_VOLUMES,
  folder: 'uc-volumes',
  async list(client) {
    const parents = await restoredSchemas(client);
    const lists = await Promise.all(
      parents.map((s) =>
        listAll(client, `${UC}/volumes`, 'volumes', {
          catalog_name: String(s.catalog_name),
          schema_name: String(s.name),
        }),
      ),
    );
    return lists.flat();
  },
  id: (raw) => raw.full_name,
  displayName: (raw) => String(raw.full_name),
  normalize(raw, n) {
    const out = settable(raw, VOLUME_FIELDS);
    out.catalog_name = refOrName(n, UC_CATALOGS, raw.catalog_name, 'catalog') ?? null;
    // A managed volume's location is the metastore's choice, different in every region.
    if (raw.volume_type !== 'EXTERNAL') delete out.storage_location;
    return out;
  },
  validate: (value) =>
    notSettable(value, VOLUME_FIELDS) ??
    (value.volume_type === 'MANAGED' && value.storage_location !== undefined
      ? "a MANAGED volume has no 'storage_location' (its files are in the metastore's storage)"
      : value.volume_type === 'EXTERNAL' && typeof value.storage_location !== 'string'
        ? "an EXTERNAL volume needs its 'storage_location'"
        : undefined),
  async create(client, spec) {
    const { owner, ...rest } = spec;
    const created = await client.post<JsonObject>(`${UC}/volumes`, rest);
    await setOwner(client, `${UC}/volumes/${enc(created.full_name)}`, created, owner);
    return created.full_name;
  },
  ...byName('volumes', VOLUME_FIELDS),
};

// ----- what prune must not delete -----------------------------------------------------------------------

/**
 * What a target catalog, schema or volume holds that no snapshot records (tables, with their data; the
 * files of a managed volume): prune names them instead of deleting the container (issue 14). Read only for
 * target objects the snapshot does not have, the only ones a plan could delete.
 */
async function heldContents(client: DatabricksClient, kind: string, actual: ActualObject): Promise<string[]> {
  const spec = isJsonObject(actual.spec) ? actual.spec : {};
  const name = String(actual.id);
  if (kind === UC_VOLUMES) {
    if (spec.volume_type === 'EXTERNAL') return [];
    return [`the files of managed volume '${name}' (its data is not in the snapshot)`];
  }
  const schemaNames =
    kind === UC_SCHEMAS
      ? [name]
      : (await listAll(client, `${UC}/schemas`, 'schemas', { catalog_name: name }))
          .map((s) => String(s.full_name))
          .filter((s) => !s.endsWith('.information_schema'));
  const held: string[] = [];
  for (const full of schemaNames) {
    const [catalog, schema] = full.split('.');
    const query = { catalog_name: catalog, schema_name: schema };
    for (const t of await listAll(client, `${UC}/tables`, 'tables', query))
      held.push(`table '${String(t.full_name)}' (${String(t.table_type ?? 'table')})`);
    for (const v of await listAll(client, `${UC}/volumes`, 'volumes', query))
      if (v.volume_type !== 'EXTERNAL') held.push(`managed volume '${String(v.full_name)}'`);
  }
  return held;
}

/** What a UC kind keeps on a target object: a config kind's, and what a container holds (see `guard`). */
type UcExtra = ConfigObjectExtra<JsonObject> & {
  /** Tables and managed volumes no snapshot records, which make prune leave the container. */
  held?: string[];
};

/**
 * A UC config kind: the snapshot's storage URLs mapped to the secondary's (unity-catalog-mapping.ts); for
 * containers, the target objects the snapshot lacks are checked for contents before prune may delete them.
 */
function ucKind(
  spec: ConfigKindSpec,
  options: {
    /** Containers (catalogs, schemas, volumes): prune leaves those holding what no snapshot records. */
    guard?: boolean;
    parentRef?: (d: DesiredObject, before: readonly DesiredObject[]) => DesiredObject['refs'];
  } = {},
): ResourceKind<UcExtra> {
  const { guard = false, parentRef } = options;
  const base = configKind(spec);
  const scopedExport = async (ctx: ExportContext): Promise<void> => {
    const scope = ctx.options.ucCatalogs;
    if (!scope || !CATALOG_SCOPED.has(spec.name)) return base.export(ctx);
    // Only the catalogs the `uc-catalogs` input names, and what they hold.
    const include = ctx.options.includeName;
    const includeName = (kind: string, name: string) =>
      (kind !== spec.name || scope.includes(name.split('.')[0])) && (include?.(kind, name) ?? true);
    return base.export({ ...ctx, options: { ...ctx.options, includeName } });
  };
  return {
    ...base,
    async export(ctx) {
      try {
        await scopedExport(ctx);
        // Delta Sharing and foreign catalogs are references: the checklist says how to make them again.
        if (spec.name === UC_CATALOGS)
          for (const s of ctx.report.skipped)
            if (s.kind === UC_CATALOGS && /^(Delta Sharing|foreign) catalog/.test(s.reason))
              ctx.report.manual.push({ kind: UC_CATALOGS, key: s.key, reason: s.reason });
      } catch (error) {
        if (!isNoMetastore(error)) throw error;
        // A workspace without Unity Catalog has none of these objects: said, not failed.
        ctx.report.warn(
          spec.name,
          '*',
          'no Unity Catalog metastore is assigned to the workspace: nothing to export',
        );
      }
    },
    async readDesired(snapshot, options, before = []) {
      const desired = await base.readDesired(snapshot, options, before);
      const mapped = await mapDesiredStorage(snapshot, spec.name, desired, options);
      if (!parentRef) return mapped;
      return mapped.map((d) => ({ ...d, refs: [...d.refs, ...parentRef(d, before)] }));
    },
    async readActual(ctx: TargetContext) {
      const wanted = new Set(ctx.desired.filter((d) => d.kind === spec.name).map((d) => d.key));
      let actual: ActualObject<UcExtra>[];
      try {
        actual = await base.readActual(ctx);
      } catch (error) {
        if (!isNoMetastore(error)) throw error;
        if (!wanted.size) return [];
        throw new PlanError(
          `${ctx.client.host} has no Unity Catalog metastore assigned: assign the region's metastore to the workspace (account console) before restoring its ${wanted.size} ${spec.name}`,
        );
      }
      if (!guard) return actual;
      await Promise.all(
        actual
          .filter((a) => !wanted.has(a.key))
          .map(async (a) => {
            const contents = await heldContents(ctx.client, spec.name, a);
            if (!contents.length) return;
            a.extra = { ...a.extra, held: contents } as UcExtra;
            // Said here, where it is known: the plan leaves protected objects out without a word.
            ctx.report.warn(
              spec.name,
              a.key,
              `not in the snapshot, and never deleted, even with prune: ${describeHeld(contents)}`,
            );
          }),
      );
      return actual;
    },
    async afterApply(ctx, outcome) {
      await base.afterApply?.(ctx, outcome);
      if (spec.name !== UC_VOLUMES) return;
      // Apply restores a managed volume's definition, never its files (issue 14: never claim data restored).
      for (const d of outcome.desired) {
        const v = isJsonObject(d.spec) ? d.spec : {};
        if (v.volume_type !== 'MANAGED' || d.unrestorable) continue;
        ctx.report.manual.push({
          kind: UC_VOLUMES,
          key: d.key,
          reason: `data to copy (storage replication or a copy job): the files of managed volume '${String(v.schema_name)}.${String(v.name)}' of catalog ${String(v.catalog_name).replace(/^\$\{resources\.uc_catalogs\.([^.]+)\.id\}$/, "'$1'")} are not in the snapshot`,
        });
      }
    },
    protectedFromDelete(actual) {
      const contents = actual.extra?.held;
      if (!contents) return undefined;
      return describeHeld(contents);
    },
  };
}

const CATALOG_SCOPED = new Set([UC_CATALOGS, UC_SCHEMAS, UC_VOLUMES]);

/** The catalog an object of a catalog-scoped kind belongs to (its id is a name or a full name). */
function catalogOf(kind: string, id: JsonValue): string | undefined {
  return CATALOG_SCOPED.has(kind) ? String(id).split('.')[0] : undefined;
}

/**
 * Why a target object is not the snapshot's to delete: it belongs to a catalog outside the `uc-catalogs`
 * the snapshot was exported with (`uc_catalogs` of snapshot.json). Undefined when it is in scope.
 */
export function outsideCatalogScope(
  kind: string,
  actual: ActualObject,
  catalogs: readonly string[] | undefined,
): string | undefined {
  const catalog = catalogOf(kind, actual.id);
  if (!catalogs || catalog === undefined || catalogs.includes(catalog)) return undefined;
  return `catalog '${catalog}' is outside the exported catalogs (${catalogs.join(', ')})`;
}

function describeHeld(contents: string[]): string {
  const shown = contents.slice(0, 5).join(', ');
  const more = contents.length > 5 ? ` and ${contents.length - 5} more` : '';
  return `it holds what the snapshot does not record: ${shown}${more}`;
}

/** A volume waits for its schema (its file names the catalog by reference, the schema by name). */
function volumeSchemaRef(d: DesiredObject, before: readonly DesiredObject[]): DesiredObject['refs'] {
  const spec = isJsonObject(d.spec) ? d.spec : {};
  const catalogRef = /^\$\{resources\.uc_catalogs\.([A-Za-z0-9_-]+)\.id\}$/.exec(String(spec.catalog_name));
  const catalog = catalogRef
    ? before.find((b) => b.kind === UC_CATALOGS && b.key === catalogRef[1])
    : undefined;
  const catalogName = catalog && isJsonObject(catalog.spec) ? catalog.spec.name : spec.catalog_name;
  const key = keyFromName(`${String(catalogName)}.${String(spec.schema_name)}`);
  return before.some((b) => b.kind === UC_SCHEMAS && b.key === key) ? [{ kind: UC_SCHEMAS, key }] : [];
}

export const ucStorageCredentialsKind: ResourceKind = ucKind(storageCredentials);
export const ucExternalLocationsKind: ResourceKind = ucKind(externalLocations);
export const ucCatalogsKind: ResourceKind = ucKind(catalogs, { guard: true });
export const ucSchemasKind: ResourceKind = ucKind(schemas, { guard: true });
export const ucVolumesKind: ResourceKind = ucKind(volumes, { guard: true, parentRef: volumeSchemaRef });
