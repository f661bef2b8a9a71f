/**
 * Permissions API 2.0 (reference §12; databricks-sdk-go service/iam/model.go): `GET/PUT/PATCH
 * /api/2.0/permissions/{type}/{id}` and `…/permissionLevels` for clusters, instance pools, cluster policies,
 * jobs, pipelines, notebooks, directories (`0` = the root), files, repos and SQL warehouses (`warehouses` and
 * `sql/warehouses`).
 *
 * Only direct grants are stored; GET adds what a real workspace shows as inherited: the `admins` group's
 * CAN_MANAGE, and for workspace objects every direct grant of the folders above them. Objects are looked up
 * in the other stores, so an unknown id is refused as production refuses it. Jobs, pipelines and warehouses
 * have exactly one IS_OWNER (their creator until someone else is made owner); clusters and pools give their
 * creator a direct CAN_MANAGE, as the Terraform fixtures show.
 */
import { isJsonObject, type JsonObject } from '../../util/json.js';
import { ApiError } from '../errors.js';
import type { EmulatorRequest } from '../router.js';
import { EMULATOR_USER } from './compute-store.js';
import type { CreatorStores } from './scim.js';
import type { WorkspaceStore } from './workspace-store.js';
import type { ApiModule } from './module.js';
import { syncCreators } from './scim.js';
import type { WorkspaceObject } from './workspace-store.js';

/** The stores this API reads. */
type Stores = CreatorStores & { readonly permissions: PermissionsStore; readonly workspace: WorkspaceStore };

type PrincipalField = 'user_name' | 'group_name' | 'service_principal_name';
const PRINCIPAL_FIELDS: readonly PrincipalField[] = ['user_name', 'group_name', 'service_principal_name'];

const WORKSPACE_LEVELS = ['CAN_READ', 'CAN_RUN', 'CAN_EDIT', 'CAN_MANAGE'];

interface TypeSpec {
  /** `object_type` in answers. */
  objectType: string;
  /** Prefix of `object_id` in answers, and of `inherited_from_object` for the type's root. */
  prefix: string;
  levels: string[];
  /** Jobs, pipelines and warehouses: exactly one IS_OWNER. */
  owned: boolean;
  /** Workspace tree objects inherit their folders' grants. */
  workspaceType?: WorkspaceObject['object_type'];
}

/** By `{type}` in the URL (§12 table). */
export const PERMISSION_TYPES: Record<string, TypeSpec> = {
  clusters: {
    objectType: 'cluster',
    prefix: '/clusters/',
    levels: ['CAN_ATTACH_TO', 'CAN_RESTART', 'CAN_MANAGE'],
    owned: false,
  },
  'instance-pools': {
    objectType: 'instance-pool',
    prefix: '/instance-pools/',
    levels: ['CAN_ATTACH_TO', 'CAN_MANAGE'],
    owned: false,
  },
  'cluster-policies': {
    objectType: 'cluster-policy',
    prefix: '/cluster-policies/',
    levels: ['CAN_USE'],
    owned: false,
  },
  jobs: {
    objectType: 'job',
    prefix: '/jobs/',
    levels: ['CAN_VIEW', 'CAN_MANAGE_RUN', 'IS_OWNER', 'CAN_MANAGE'],
    owned: true,
  },
  pipelines: {
    objectType: 'pipelines',
    prefix: '/pipelines/',
    levels: ['CAN_VIEW', 'CAN_RUN', 'CAN_MANAGE', 'IS_OWNER'],
    owned: true,
  },
  notebooks: {
    objectType: 'notebook',
    prefix: '/notebooks/',
    levels: WORKSPACE_LEVELS,
    owned: false,
    workspaceType: 'NOTEBOOK',
  },
  directories: {
    objectType: 'directory',
    prefix: '/directories/',
    levels: WORKSPACE_LEVELS,
    owned: false,
    workspaceType: 'DIRECTORY',
  },
  files: {
    objectType: 'file',
    prefix: '/files/',
    levels: WORKSPACE_LEVELS,
    owned: false,
    workspaceType: 'FILE',
  },
  repos: {
    objectType: 'repo',
    prefix: '/repos/',
    levels: WORKSPACE_LEVELS,
    owned: false,
    workspaceType: 'REPO',
  },
  warehouses: {
    objectType: 'warehouses',
    prefix: '/sql/warehouses/',
    levels: ['CAN_USE', 'CAN_MONITOR', 'CAN_VIEW', 'CAN_MANAGE', 'IS_OWNER'],
    owned: true,
  },
};

const DESCRIPTIONS: Record<string, string> = {
  CAN_ATTACH_TO: 'Can attach to the object',
  CAN_RESTART: 'Can restart the object',
  CAN_MANAGE: 'Can manage the object',
  CAN_USE: 'Can use the object',
  CAN_VIEW: 'Can view the object',
  CAN_MANAGE_RUN: 'Can manage runs of the object',
  IS_OWNER: 'Is the owner of the object',
  CAN_RUN: 'Can run the object',
  CAN_READ: 'Can read the object',
  CAN_EDIT: 'Can edit the object',
  CAN_MONITOR: 'Can monitor the object',
};

export interface Grant {
  field: PrincipalField;
  name: string;
  level: string;
}

const principalKey = (g: { field: PrincipalField; name: string }) =>
  `${g.field}:${g.field === 'user_name' ? g.name.toLowerCase() : g.name}`;

/** Direct grants by `<type>/<id>`; what an object has before anyone set permissions comes from its creator. */
export class PermissionsStore {
  readonly acls = new Map<string, Map<string, Grant>>();

  /** The object's direct grants, created from its defaults on first use. */
  direct(type: string, id: string, defaults: () => Grant[]): Map<string, Grant> {
    const key = `${type}/${id}`;
    let acl = this.acls.get(key);
    if (!acl) {
      acl = new Map(defaults().map((g) => [principalKey(g), g]));
      this.acls.set(key, acl);
    }
    return acl;
  }
}

interface Resolved {
  spec: TypeSpec;
  type: string;
  id: string;
  /** Who created it: the default owner / CAN_MANAGE holder. */
  creator?: string;
  /** Workspace objects: the folders above, nearest first, the root last. */
  ancestors: WorkspaceObject[];
}

function resolve(state: Stores, urlType: string, id: string): Resolved {
  syncCreators(state);
  const type = urlType === 'sql/warehouses' ? 'warehouses' : urlType;
  const spec = PERMISSION_TYPES[type];
  if (!spec) throw ApiError.invalidParameter(`${urlType} is not a supported object type for permissions.`);
  const out: Resolved = { spec, type, id, ancestors: [] };
  if (spec.workspaceType) {
    const object = /^\d+$/.test(id) ? state.workspace.getById(Number(id)) : undefined;
    if (!object || object.object_type !== spec.workspaceType)
      throw ApiError.notFound(`${spec.objectType} ${id} does not exist.`);
    for (let p = object.path; p !== '/';) {
      p = p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/'));
      const parent = state.workspace.get(p);
      if (parent) out.ancestors.push(parent);
    }
    return out;
  }
  switch (type) {
    case 'clusters': {
      const c = state.compute.clusters.get(id);
      if (!c) throw ApiError.notFound(`Cluster ${id} does not exist`);
      out.creator = c.creator_user_name;
      break;
    }
    case 'instance-pools':
      if (!state.compute.pools.has(id)) throw ApiError.notFound(`Instance pool ${id} does not exist.`);
      out.creator = EMULATOR_USER;
      break;
    case 'cluster-policies':
      // Message from databrickslabs/ucx#358; status UNVERIFIED (§1.4).
      if (!state.compute.policies.has(id))
        throw ApiError.notFound(`Can't find a cluster policy with id: ${id}.`);
      break;
    case 'jobs': {
      // 400, not 404: what the Terraform permissions tests record for a missing job (§1.4).
      const job = /^\d+$/.test(id) ? state.jobs.get(Number(id)) : undefined;
      if (!job) throw ApiError.invalidParameter(`Job ${id} does not exist.`);
      out.creator = job.creator_user_name;
      break;
    }
    case 'pipelines':
      out.creator = state.pipelines.require(id).creator_user_name;
      break;
    case 'warehouses':
      out.creator = state.warehouses.require(id).creator_name;
      break;
  }
  return out;
}

function defaults(r: Resolved): Grant[] {
  if (!r.creator) return [];
  if (r.spec.owned) return [{ field: 'user_name', name: r.creator, level: 'IS_OWNER' }];
  if (r.type === 'clusters' || r.type === 'instance-pools')
    return [{ field: 'user_name', name: r.creator, level: 'CAN_MANAGE' }];
  return [];
}

function objectPermissions(state: Stores, r: Resolved): JsonObject {
  const store = state.permissions;
  const entries = new Map<string, { principal: Grant; all: JsonObject[] }>();
  const add = (g: Grant, permission: JsonObject) => {
    const k = principalKey(g);
    let e = entries.get(k);
    if (!e) entries.set(k, (e = { principal: g, all: [] }));
    e.all.push(permission);
  };
  for (const g of store.direct(r.type, r.id, () => defaults(r)).values())
    add(g, { permission_level: g.level, inherited: false });
  // Folders pass their direct grants down (nearest folder first, as the UI lists them).
  for (const folder of r.ancestors) {
    const acl = store.acls.get(`directories/${folder.object_id}`);
    const from = folder.object_id === 0 ? '/directories/' : `/directories/${folder.object_id}`;
    for (const g of acl?.values() ?? [])
      add(g, { permission_level: g.level, inherited: true, inherited_from_object: [from] });
  }
  // Cluster policies list only their grants; every other type shows the admins group (§12).
  if (r.type !== 'cluster-policies') {
    const root = r.spec.workspaceType ? '/directories/' : r.spec.prefix;
    add(
      { field: 'group_name', name: 'admins', level: 'CAN_MANAGE' },
      { permission_level: 'CAN_MANAGE', inherited: true, inherited_from_object: [root] },
    );
  }
  const acl: JsonObject[] = [];
  for (const { principal, all } of [...entries.values()].sort((a, b) =>
    principalKey(a.principal).localeCompare(principalKey(b.principal)),
  )) {
    const entry: JsonObject = { [principal.field]: principal.name };
    const display = displayName(state, principal);
    if (display !== undefined) entry.display_name = display;
    entry.all_permissions = all;
    acl.push(entry);
  }
  const objectId = r.id === '0' && r.type === 'directories' ? '/directories/0' : `${r.spec.prefix}${r.id}`;
  return { object_id: objectId, object_type: r.spec.objectType, access_control_list: acl };
}

function displayName(state: Stores, g: Grant): string | undefined {
  if (g.field === 'user_name') return state.scim.userByName(g.name)?.displayName;
  if (g.field === 'service_principal_name') return state.scim.spByApplicationId(g.name)?.displayName;
  return undefined;
}

/** Checks an `access_control_list` against the type's levels and the known principals. */
function parseRequest(state: Stores, r: Resolved, request: EmulatorRequest): Grant[] {
  const body = request.body;
  if (!isJsonObject(body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  const list = body.access_control_list ?? [];
  if (!Array.isArray(list)) throw ApiError.invalidParameter('access_control_list must be an array.');
  const out: Grant[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw ApiError.invalidParameter('Each access control entry must be an object.');
    const fields = PRINCIPAL_FIELDS.filter((f) => typeof item[f] === 'string' && item[f] !== '');
    if (fields.length !== 1)
      throw ApiError.invalidParameter(
        'Each access control entry needs exactly one of user_name, group_name and service_principal_name.',
      );
    const field = fields[0];
    const name = String(item[field]);
    const level = item.permission_level;
    if (typeof level !== 'string' || !r.spec.levels.includes(level))
      throw ApiError.invalidParameter(
        `Permission level ${String(level)} is not supported for ${r.spec.objectType}; allowed: ${r.spec.levels.join(', ')}.`,
      );
    const known =
      field === 'user_name'
        ? state.scim.userByName(name)
        : field === 'group_name'
          ? state.scim.groupByName(name)
          : state.scim.spByApplicationId(name);
    if (!known) {
      const label =
        field === 'user_name' ? 'UserName' : field === 'group_name' ? 'GroupName' : 'ServicePrincipalName';
      throw ApiError.invalidParameter(`Principal: ${label}(${name}) does not exist`);
    }
    if (level === 'IS_OWNER' && field === 'group_name')
      throw ApiError.invalidParameter(`Group ${name} cannot be the owner of ${r.spec.objectType} ${r.id}.`);
    out.push({ field, name: field === 'user_name' ? (known as { userName: string }).userName : name, level });
  }
  // A principal named twice keeps the level it is given last, so `IS_OWNER` then `CAN_MANAGE` for the same
  // user leaves the job without an owner and is refused (databricks/cli cloud acceptance test
  // acceptance/bundle/resources/permissions/factcheck; fixtures permissions/*-same-principal-*.json).
  const last = new Map(out.map((g) => [principalKey(g), g]));
  const grants = out.filter((g) => last.get(principalKey(g)) === g);
  if (grants.filter((g) => g.level === 'IS_OWNER').length > 1) throw notExactlyOneOwner(r);
  return grants;
}

/**
 * The service refuses a PUT with zero owners or more than one owner of a job or pipeline with one message
 * ("verified against the backend": databricks/cli libs/testserver/permissions.go; contract fixtures
 * test/fixtures/contract/permissions/*-two-owners-400.json).
 */
function notExactlyOneOwner(r: Resolved): ApiError {
  const noun = { pipelines: 'pipeline', warehouses: 'warehouse' }[r.spec.objectType] ?? r.spec.objectType;
  return ApiError.invalidParameter(`The ${noun} must have exactly one owner.`);
}

function write(state: Stores, r: Resolved, request: EmulatorRequest, replace: boolean): JsonObject {
  const grants = parseRequest(state, r, request);
  // The workspace root: a PUT (which replaces every direct grant) must keep admins' CAN_MANAGE. Real
  // answer: "Cannot remove admins's CAN_MANAGE permission on 0" (terraform-provider-databricks issues
  // #2134 and #1241, a PUT of directory 0 without admins); status and error code are not quoted there.
  if (
    replace &&
    r.type === 'directories' &&
    r.id === '0' &&
    !grants.some((g) => g.field === 'group_name' && g.name === 'admins' && g.level === 'CAN_MANAGE')
  )
    throw ApiError.invalidParameter(`Cannot remove admins's CAN_MANAGE permission on 0`);
  const acl = state.permissions.direct(r.type, r.id, () => defaults(r));
  const owner = [...acl.values()].find((g) => g.level === 'IS_OWNER');
  const newOwner = grants.find((g) => g.level === 'IS_OWNER');
  // Reference §12: a PUT replaces every direct grant, and one that would leave no owner fails.
  if (r.spec.owned && !newOwner && (replace || !owner)) throw notExactlyOneOwner(r);
  const next = new Map(replace ? [] : acl);
  // A PATCH without an owner keeps the current one.
  if (owner && !newOwner) next.set(principalKey(owner), owner);
  if (newOwner && owner) next.delete(principalKey(owner));
  for (const g of grants) {
    if (owner && !newOwner && principalKey(g) === principalKey(owner)) continue;
    next.set(principalKey(g), g);
  }
  acl.clear();
  for (const [k, g] of next) acl.set(k, g);
  return objectPermissions(state, r);
}

export const permissionsApi: ApiModule<Stores> = {
  name: 'permissions',
  register(router, state) {
    const base = '/api/2.0/permissions';
    const routes: Array<[string, (request: EmulatorRequest) => { type: string; id: string }]> = [
      [`${base}/:type/:id`, (q) => ({ type: q.params.type, id: q.params.id })],
      [`${base}/sql/warehouses/:id`, (q) => ({ type: 'sql/warehouses', id: q.params.id })],
    ];
    for (const [pattern, target] of routes) {
      const resolved = (q: EmulatorRequest) => {
        const t = target(q);
        return resolve(state, t.type, t.id);
      };
      router.get(pattern, (q) => objectPermissions(state, resolved(q)));
      router.put(pattern, (q) => write(state, resolved(q), q, true));
      router.patch(pattern, (q) => write(state, resolved(q), q, false));
      router.get(`${pattern}/permissionLevels`, (q) => ({
        permission_levels: resolved(q).spec.levels.map((level) => ({
          permission_level: level,
          description: DESCRIPTIONS[level] ?? level,
        })),
      }));
    }
  },
};
