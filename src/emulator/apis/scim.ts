/**
 * SCIM 2.0 (reference §13; databricks-sdk-go service/iam/model.go): workspace Users, Groups and
 * ServicePrincipals under `/api/2.0/preview/scim/v2/…`, plus `Me`. camelCase JSON, 1-based
 * `startIndex`/`count` paging, a filter subset (`eq`, `ne`, `co`, `sw` joined by `and`/`or`, no parentheses),
 * PATCH operations on members, entitlements and simple attributes. Errors use the SCIM error body, not the
 * usual `error_code` one.
 *
 * Built-in groups: `admins` (the emulator's own user is in it) and `users`, whose members are every user
 * and service principal automatically, so its membership cannot be patched (UNVERIFIED: real workspaces
 * refuse or ignore such writes; refusing makes a client that tries it visible).
 *
 * Account groups (identity federation): groups of the Databricks account assigned to the workspace, answered
 * with `meta.resourceType: "Group"` (workspace-local ones: `"WorkspaceGroup"`, §13). Their members are
 * managed in the account, so the workspace refuses member changes and deletion (UNVERIFIED wording); their
 * entitlements are the workspace's. `POST …/Groups` always makes a workspace-local group; tests seed account
 * groups with `addAccountGroup`.
 *
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) limit the attributes of each resource, on lists and
 * reads; `id` and `schemas` always come back. A list leaves out an account group's `members` (read the
 * group for them): members are unbounded in a list, which times out on large workspaces, and Databricks'
 * own tools list with `attributes` limited to ids and names, then read each group (terraform-provider-
 * databricks exporter/util_scim.go `cacheGroups`: list `attributes=id`, then Read per group; ucx PR #660,
 * issues #625/#638: list `attributes=id,displayName,meta`, then get each). UNVERIFIED which groups a real
 * list answers without members; the emulator does it for account groups, the case a client can least
 * afford to take as "no members".
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { Reply, type EmulatorRequest, type Handler } from '../router.js';
import { EMULATOR_USER } from './compute-store.js';
import type { OAuthStore } from './oauth.js';
import type { ComputeStore } from './compute-store.js';
import type { JobsStore } from './jobs-store.js';
import type { ApiModule } from './module.js';
import type { PipelinesStore } from './pipelines.js';
import type { WarehousesStore } from './sql-warehouses.js';

/** The stores this API reads. */
type Stores = CreatorStores & { readonly oauth: OAuthStore };

const BASE = '/api/2.0/preview/scim/v2';
const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  sp: 'urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
};
/** Largest page answered, whatever `count` asks for (keeps clients honest about paging). */
export const SCIM_MAX_COUNT = 100;
export const BUILTIN_GROUPS = ['admins', 'users'] as const;

/** A SCIM error (§13): `{"schemas":[…Error], "detail", "status", "scimType"?}`, not the usual body. */
export class ScimError extends ApiError {
  constructor(
    status: number,
    readonly detail: string,
    readonly scimType?: string,
  ) {
    super(status, `SCIM_${status}`, detail);
  }

  override body(): Record<string, unknown> {
    return {
      schemas: [SCHEMA.error],
      detail: this.detail,
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
    };
  }
}

export function scimError(status: number, detail: string, scimType?: string): ApiError {
  return new ScimError(status, detail, scimType);
}

export interface ScimUser {
  id: string;
  userName: string;
  displayName?: string;
  active: boolean;
  entitlements: Set<string>;
  externalId?: string;
}

export interface ScimServicePrincipal {
  id: string;
  applicationId: string;
  displayName?: string;
  active: boolean;
  entitlements: Set<string>;
}

export interface ScimGroup {
  id: string;
  displayName: string;
  /** An account group assigned to this workspace (identity federation), not a workspace-local one. */
  account?: boolean;
  /** Ids of users, service principals and groups. */
  members: Set<string>;
  entitlements: Set<string>;
}

type Resource = 'Users' | 'Groups' | 'ServicePrincipals';

export class ScimStore {
  readonly users = new Map<string, ScimUser>();
  readonly groups = new Map<string, ScimGroup>();
  readonly servicePrincipals = new Map<string, ScimServicePrincipal>();
  /**
   * When set, the workspace behaves like an Azure AD-backed one: a user whose userName is not in this set
   * cannot be created (the tenant does not know them). Undefined: anyone can be created.
   */
  tenantUsers?: Set<string>;
  readonly me: ScimUser;

  constructor(private readonly context: EmulatorContext) {
    this.me = this.createUser({ userName: EMULATOR_USER, displayName: 'Emulator Admin' }, true);
    const admins = this.createGroup({ displayName: 'admins' });
    admins.members.add(this.me.id);
    const users = this.createGroup({ displayName: 'users' });
    users.entitlements.add('workspace-access');
    users.entitlements.add('databricks-sql-access');
  }

  /**
   * SCIM ids are decimal strings (~16 digits). A local counter rather than the shared id generator, so
   * that adding SCIM did not shift the ids every other store hands out for a given seed.
   */
  private nextId = 1;
  private newId(): string {
    return String(BigInt(this.context.orgId.replace(/\D/g, '') || '1') * 1000n + BigInt(this.nextId++));
  }

  /** Every principal and group id, to resolve members. */
  exists(id: string): boolean {
    return this.users.has(id) || this.groups.has(id) || this.servicePrincipals.has(id);
  }

  userByName(userName: string): ScimUser | undefined {
    const want = userName.toLowerCase();
    return [...this.users.values()].find((u) => u.userName.toLowerCase() === want);
  }

  groupByName(displayName: string): ScimGroup | undefined {
    return [...this.groups.values()].find((g) => g.displayName === displayName);
  }

  spByApplicationId(applicationId: string): ScimServicePrincipal | undefined {
    return [...this.servicePrincipals.values()].find((s) => s.applicationId === applicationId);
  }

  createUser(
    input: { userName: string; displayName?: string; active?: boolean; entitlements?: string[] },
    skipTenant = false,
  ): ScimUser {
    if (!input.userName) throw scimError(400, 'Request is missing required field: userName', 'invalidValue');
    if (this.userByName(input.userName))
      throw scimError(409, `User with username ${input.userName} already exists.`, 'uniqueness');
    if (!skipTenant && this.tenantUsers && !this.tenantUsers.has(input.userName))
      // UNVERIFIED wording; Azure workspaces refuse users their Azure AD tenant does not know.
      throw scimError(
        400,
        `User ${input.userName} does not exist in the Azure Active Directory tenant of this workspace.`,
        'invalidValue',
      );
    const user: ScimUser = {
      id: this.newId(),
      userName: input.userName,
      displayName: input.displayName ?? input.userName,
      active: input.active ?? true,
      entitlements: new Set(input.entitlements ?? []),
    };
    this.users.set(user.id, user);
    return user;
  }

  createServicePrincipal(input: {
    applicationId?: string;
    displayName?: string;
    active?: boolean;
    entitlements?: string[];
  }): ScimServicePrincipal {
    // AWS/GCP generate the application id; Azure requires one (§13).
    const applicationId = input.applicationId ?? this.context.ids.uuid();
    if (this.spByApplicationId(applicationId))
      throw scimError(
        409,
        `Service principal with applicationId ${applicationId} already exists.`,
        'uniqueness',
      );
    const sp: ScimServicePrincipal = {
      id: this.newId(),
      applicationId,
      displayName: input.displayName ?? applicationId,
      active: input.active ?? true,
      entitlements: new Set(input.entitlements ?? []),
    };
    this.servicePrincipals.set(sp.id, sp);
    return sp;
  }

  createGroup(input: { displayName: string; members?: string[]; entitlements?: string[] }): ScimGroup {
    if (!input.displayName)
      throw scimError(400, 'Request is missing required field: displayName', 'invalidValue');
    if (this.groupByName(input.displayName))
      throw scimError(409, `Group with name ${input.displayName} already exists.`, 'uniqueness');
    const group: ScimGroup = {
      id: this.newId(),
      displayName: input.displayName,
      members: new Set(),
      entitlements: new Set(input.entitlements ?? []),
    };
    for (const m of input.members ?? []) this.addMember(group, m);
    this.groups.set(group.id, group);
    return group;
  }

  /** An account group assigned to the workspace, with its members (set in the account, not here). */
  addAccountGroup(displayName: string, memberIds: string[] = []): ScimGroup {
    const group = this.createGroup({ displayName });
    for (const m of memberIds) this.addMember(group, m);
    group.account = true;
    return group;
  }

  private refuseAccountGroup(group: ScimGroup, what: string): void {
    if (group.account)
      throw scimError(
        400,
        `${group.displayName} is an account group: its ${what} is managed in the account console.`,
        'mutability',
      );
  }

  addMember(group: ScimGroup, memberId: string): void {
    this.refuseAccountGroup(group, 'membership');
    if (group.displayName === 'users')
      throw scimError(400, 'Cannot modify the members of the users group.', 'mutability');
    if (!this.exists(memberId)) throw scimError(404, `Member ${memberId} not found.`);
    if (memberId === group.id) throw scimError(400, 'A group cannot be a member of itself.', 'invalidValue');
    group.members.add(memberId);
  }

  removeMember(group: ScimGroup, memberId: string): void {
    this.refuseAccountGroup(group, 'membership');
    if (group.displayName === 'users')
      throw scimError(400, 'Cannot modify the members of the users group.', 'mutability');
    group.members.delete(memberId);
  }

  /** Members as answered; `users` holds every user and service principal. */
  membersOf(group: ScimGroup): string[] {
    if (group.displayName === 'users') return [...this.users.keys(), ...this.servicePrincipals.keys()];
    return [...group.members].filter((id) => this.exists(id));
  }

  groupsOf(id: string): ScimGroup[] {
    return [...this.groups.values()].filter((g) => this.membersOf(g).includes(id));
  }

  delete(resource: Resource, id: string): void {
    const map = this.mapOf(resource);
    const found = map.get(id);
    if (!found) throw notFound(resource, id);
    if (
      resource === 'Groups' &&
      (BUILTIN_GROUPS as readonly string[]).includes((found as ScimGroup).displayName)
    )
      throw scimError(
        400,
        `Cannot delete the built-in group ${(found as ScimGroup).displayName}.`,
        'mutability',
      );
    if (resource === 'Groups') this.refuseAccountGroup(found as ScimGroup, 'assignment to this workspace');
    if (resource === 'Users' && id === this.me.id) throw scimError(400, 'Cannot delete the current user.');
    map.delete(id);
    for (const g of this.groups.values()) g.members.delete(id);
  }

  mapOf(resource: Resource): Map<string, ScimUser | ScimGroup | ScimServicePrincipal> {
    return resource === 'Users' ? this.users : resource === 'Groups' ? this.groups : this.servicePrincipals;
  }

  /**
   * `Me` for a service principal's token: the User schema, with the applicationId as userName (as
   * Terraform's `databricks_current_user` documents). A workspace issues tokens only to its own service
   * principals, so one this store never saw is added, as `syncCreators` adds creators.
   */
  renderMe(applicationId: string): JsonObject {
    const sp = this.spByApplicationId(applicationId) ?? this.createServicePrincipal({ applicationId });
    const { applicationId: name, ...rest } = this.render('ServicePrincipals', sp.id);
    return { ...rest, schemas: [SCHEMA.user], userName: name };
  }

  /** A resource as SCIM answers it. */
  render(resource: Resource, id: string): JsonObject {
    const ref = (gid: string): JsonObject => {
      const g = this.groups.get(gid) as ScimGroup;
      return { value: g.id, display: g.displayName, $ref: `Groups/${g.id}`, type: 'direct' };
    };
    const values = (s: Set<string>): JsonObject[] => [...s].sort().map((value) => ({ value }));
    const withLists = (out: JsonObject, entitlements: Set<string>, memberOf: ScimGroup[]): JsonObject => {
      if (entitlements.size) out.entitlements = values(entitlements);
      if (memberOf.length) out.groups = memberOf.map((g) => ref(g.id));
      return out;
    };
    if (resource === 'Users') {
      const u = this.users.get(id);
      if (!u) throw notFound(resource, id);
      return withLists(
        {
          schemas: [SCHEMA.user],
          id: u.id,
          userName: u.userName,
          displayName: u.displayName ?? u.userName,
          active: u.active,
          emails: [{ value: u.userName, type: 'work', primary: true }],
        },
        u.entitlements,
        this.groupsOf(u.id),
      );
    }
    if (resource === 'ServicePrincipals') {
      const s = this.servicePrincipals.get(id);
      if (!s) throw notFound(resource, id);
      return withLists(
        {
          schemas: [SCHEMA.sp],
          id: s.id,
          applicationId: s.applicationId,
          displayName: s.displayName ?? s.applicationId,
          active: s.active,
        },
        s.entitlements,
        this.groupsOf(s.id),
      );
    }
    const g = this.groups.get(id);
    if (!g) throw notFound(resource, id);
    const out: JsonObject = {
      schemas: [SCHEMA.group],
      id: g.id,
      displayName: g.displayName,
      meta: { resourceType: g.account ? 'Group' : 'WorkspaceGroup' },
    };
    const members = this.membersOf(g).map((mid) => this.memberRef(mid));
    if (members.length) out.members = members;
    return withLists(out, g.entitlements, this.groupsOf(g.id));
  }

  private memberRef(id: string): JsonObject {
    const u = this.users.get(id);
    if (u) return { value: id, display: u.displayName ?? u.userName, $ref: `Users/${id}` };
    const s = this.servicePrincipals.get(id);
    if (s) return { value: id, display: s.displayName ?? s.applicationId, $ref: `ServicePrincipals/${id}` };
    const g = this.groups.get(id) as ScimGroup;
    return { value: id, display: g.displayName, $ref: `Groups/${id}` };
  }
}

function notFound(resource: Resource, id: string): ApiError {
  const what = resource === 'Users' ? 'User' : resource === 'Groups' ? 'Group' : 'Service principal';
  return scimError(404, `${what} ${id} not found.`);
}

// ----- filters --------------------------------------------------------------------------------------------

type Predicate = (resource: JsonObject) => boolean;

/** Attribute lookup, case-insensitive as SCIM attribute names are; `emails.value` style paths too. */
function attribute(resource: JsonObject, path: string): string[] {
  let values: JsonValue[] = [resource];
  for (const part of path.split('.')) {
    const next: JsonValue[] = [];
    for (const v of values) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (!isJsonObject(item)) continue;
        const key = Object.keys(item).find((k) => k.toLowerCase() === part.toLowerCase());
        if (key !== undefined) next.push(item[key]);
      }
    }
    values = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return values.filter((v) => v !== null && typeof v !== 'object').map((v) => String(v));
}

const TERM = /^\s*([A-Za-z][\w.$]*)\s+(eq|ne|co|sw|ew)\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/i;

export function parseFilter(filter: string): Predicate {
  const or = filter.split(/\s+or\s+/i).map((part) =>
    part.split(/\s+and\s+/i).map((term): Predicate => {
      const m = TERM.exec(term);
      if (!m) throw scimError(400, `Invalid filter '${filter}'.`, 'invalidFilter');
      const [, attr, opRaw, quoted, bare] = m;
      const op = opRaw.toLowerCase();
      const value = (quoted ?? bare).replace(/\\(.)/g, '$1');
      // SCIM compares userName and displayName case-insensitively (caseExact false).
      const want = value.toLowerCase();
      return (r) => {
        const have = attribute(r, attr).map((v) => v.toLowerCase());
        if (op === 'ne') return !have.includes(want);
        if (op === 'eq') return have.includes(want);
        if (op === 'co') return have.some((v) => v.includes(want));
        if (op === 'sw') return have.some((v) => v.startsWith(want));
        return have.some((v) => v.endsWith(want));
      };
    }),
  );
  return (r) => or.some((and) => and.every((p) => p(r)));
}

// ----- requests ---------------------------------------------------------------------------------------

function body(request: EmulatorRequest): JsonObject {
  if (!isJsonObject(request.body))
    throw scimError(
      400,
      'Request is unparsable, syntactically incorrect, or violates schema.',
      'invalidSyntax',
    );
  return request.body;
}

/** A resource as a list shows it: an account group without its members (see the module comment). */
function listed(resource: Resource, rendered: JsonObject): JsonObject {
  if (resource !== 'Groups' || !isJsonObject(rendered.meta) || rendered.meta.resourceType !== 'Group')
    return rendered;
  const { members: _members, ...rest } = rendered;
  return rest;
}

/**
 * `attributes=a,b` keeps those top-level attributes (a sub-attribute `meta.resourceType` keeps `meta`);
 * `excludedAttributes` drops them. Names compare case-insensitively; `id` and `schemas` always stay.
 */
function attributePicker(request: EmulatorRequest): (r: JsonObject) => JsonObject {
  const names = (param: string) => {
    const raw = queryString(request, param);
    if (raw === undefined || raw.trim() === '') return undefined;
    return new Set(raw.split(',').map((a) => a.trim().split('.')[0].toLowerCase()));
  };
  const only = names('attributes');
  const excluded = names('excludedAttributes');
  if (!only && !excluded) return (r) => r;
  return (r) =>
    Object.fromEntries(
      Object.entries(r).filter(([key]) => {
        const k = key.toLowerCase();
        if (k === 'id' || k === 'schemas') return true;
        if (only) return only.has(k);
        return !excluded?.has(k);
      }),
    );
}

function queryString(request: EmulatorRequest, name: string): string | undefined {
  const v = request.query[name];
  return Array.isArray(v) ? v[0] : v;
}

function positiveInt(request: EmulatorRequest, name: string, fallback: number): number {
  const raw = queryString(request, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw scimError(400, `Invalid ${name} '${raw}'.`, 'invalidValue');
  return Number(raw);
}

function valueList(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const v = isJsonObject(item) ? item.value : item;
    if (typeof v !== 'string' && typeof v !== 'number')
      throw scimError(400, 'Each value must be {"value": ...}.', 'invalidValue');
    return String(v);
  });
}

function entitlementsOf(b: JsonObject): string[] {
  return valueList(b.entitlements);
}

/** `members[value eq "123"]` → `{attr: 'members', value: '123'}`. */
function parsePath(path: string): { attr: string; value?: string } {
  const m = /^\s*(\w+)\s*(?:\[\s*value\s+eq\s+"?([^"\]]*)"?\s*\])?\s*$/i.exec(path);
  if (!m) throw scimError(400, `Invalid path '${path}'.`, 'invalidPath');
  return { attr: m[1].toLowerCase(), value: m[2] };
}

function applyPatch(store: ScimStore, resource: Resource, id: string, b: JsonObject): void {
  const target = store.mapOf(resource).get(id);
  if (!target) throw notFound(resource, id);
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops)) throw scimError(400, 'Missing Operations.', 'invalidSyntax');
  for (const raw of ops) {
    if (!isJsonObject(raw)) throw scimError(400, 'Invalid operation.', 'invalidSyntax');
    const op = String(raw.op ?? '').toLowerCase();
    if (!['add', 'remove', 'replace'].includes(op))
      throw scimError(400, `Invalid op '${String(raw.op)}'.`, 'invalidSyntax');
    if (raw.path === undefined) {
      // No path: the value is an object of attributes.
      if (!isJsonObject(raw.value))
        throw scimError(400, 'Operation without path needs an object value.', 'invalidValue');
      for (const [attr, value] of Object.entries(raw.value))
        patchAttribute(store, resource, target, op, attr.toLowerCase(), undefined, value);
      continue;
    }
    const { attr, value } = parsePath(String(raw.path));
    patchAttribute(store, resource, target, op, attr, value, raw.value);
  }
}

function patchAttribute(
  store: ScimStore,
  resource: Resource,
  target: ScimUser | ScimGroup | ScimServicePrincipal,
  op: string,
  attr: string,
  selected: string | undefined,
  value: JsonValue | undefined,
): void {
  if (attr === 'members') {
    if (resource !== 'Groups') throw scimError(400, 'Only groups have members.', 'invalidPath');
    const group = target as ScimGroup;
    const ids = selected !== undefined ? [selected] : valueList(value);
    if (op === 'remove') for (const m of ids) store.removeMember(group, m);
    else {
      if (op === 'replace') for (const m of [...group.members]) store.removeMember(group, m);
      for (const m of ids) store.addMember(group, m);
    }
    return;
  }
  if (attr === 'entitlements') {
    const ids = selected !== undefined ? [selected] : valueList(value);
    if (op === 'remove') for (const e of ids) target.entitlements.delete(e);
    else {
      if (op === 'replace') target.entitlements.clear();
      for (const e of ids) target.entitlements.add(e);
    }
    return;
  }
  if (attr === 'active' && resource !== 'Groups') {
    if (typeof value !== 'boolean') throw scimError(400, 'active must be a boolean.', 'invalidValue');
    (target as ScimUser).active = value;
    return;
  }
  if (attr === 'displayname') {
    if (typeof value !== 'string' || !value)
      throw scimError(400, 'displayName must be a string.', 'invalidValue');
    if (resource === 'Groups') {
      const other = store.groupByName(value);
      if (other && other.id !== target.id)
        throw scimError(409, `Group with name ${value} already exists.`, 'uniqueness');
    }
    target.displayName = value;
    return;
  }
  throw scimError(400, `Unsupported path '${attr}'.`, 'invalidPath');
}

/** The stores syncCreators reads: those holding objects with a creator, and the users. */
export interface CreatorStores {
  readonly jobs: JobsStore;
  readonly compute: ComputeStore;
  readonly pipelines: PipelinesStore;
  readonly warehouses: WarehousesStore;
  readonly scim: ScimStore;
}

/**
 * Whoever created a job, cluster, pipeline or warehouse is a user of the workspace. Objects seeded from
 * fixtures name creators this store never saw; they are added (outside any tenant check), as a real
 * workspace would already have them.
 */
export function syncCreators(state: CreatorStores): void {
  const names = new Set<string>();
  for (const j of state.jobs.all()) names.add(j.creator_user_name);
  for (const c of state.compute.clusters.values()) names.add(c.creator_user_name);
  for (const p of state.pipelines.all()) names.add(p.creator_user_name);
  for (const w of state.warehouses.all()) names.add(w.creator_name);
  for (const name of names)
    // Service principals create objects too (their application id is a UUID): those are not users.
    if (name && !/^[0-9a-f-]{36}$/i.test(name) && !state.scim.userByName(name))
      state.scim.createUser({ userName: name }, true);
}

export const scimApi: ApiModule<Stores> = {
  name: 'scim',
  register(router, state) {
    const store = state.scim;
    // Every SCIM answer sees the creators of objects seeded since the last request.
    const synced =
      (handler: Handler): Handler =>
      (request) => {
        syncCreators(state);
        return handler(request);
      };

    router.get(
      `${BASE}/Me`,
      synced((request) => {
        const clientId = state.oauth.clientOf(request.token);
        return clientId === undefined ? store.render('Users', store.me.id) : store.renderMe(clientId);
      }),
    );

    for (const resource of ['Users', 'Groups', 'ServicePrincipals'] as const) {
      router.get(
        `${BASE}/${resource}`,
        synced((request) => {
          const filter = queryString(request, 'filter');
          const predicate = filter ? parseFilter(filter) : () => true;
          const pick = attributePicker(request);
          const all = [...store.mapOf(resource).keys()]
            .map((id) => store.render(resource, id))
            .filter(predicate)
            .map((r) => pick(listed(resource, r)))
            // Creation order is id order only by chance; a stable order keeps pages from overlapping.
            .sort((a, b) => String(a.id).localeCompare(String(b.id)));
          const startIndex = Math.max(1, positiveInt(request, 'startIndex', 1));
          const count = Math.min(SCIM_MAX_COUNT, positiveInt(request, 'count', SCIM_MAX_COUNT));
          const page = all.slice(startIndex - 1, startIndex - 1 + count);
          const out: JsonObject = {
            totalResults: all.length,
            startIndex,
            itemsPerPage: page.length,
            schemas: [SCHEMA.list],
          };
          if (page.length) out.Resources = page;
          return out;
        }),
      );

      router.get(
        `${BASE}/${resource}/:id`,
        synced((request) => attributePicker(request)(store.render(resource, request.params.id))),
      );

      router.delete(
        `${BASE}/${resource}/:id`,
        synced((request) => {
          store.delete(resource, request.params.id);
          return Reply.empty(204);
        }),
      );

      router.patch(
        `${BASE}/${resource}/:id`,
        synced((request) => {
          applyPatch(store, resource, request.params.id, body(request));
          return store.render(resource, request.params.id);
        }),
      );
    }

    router.post(
      `${BASE}/Users`,
      synced((request) => {
        const b = body(request);
        const user = store.createUser({
          userName: typeof b.userName === 'string' ? b.userName : '',
          displayName: typeof b.displayName === 'string' ? b.displayName : undefined,
          active: typeof b.active === 'boolean' ? b.active : undefined,
          entitlements: entitlementsOf(b),
        });
        for (const gid of valueList(b.groups)) {
          const g = store.groups.get(gid);
          if (g) store.addMember(g, user.id);
        }
        return Reply.json(store.render('Users', user.id), 201);
      }),
    );

    router.post(
      `${BASE}/ServicePrincipals`,
      synced((request) => {
        const b = body(request);
        const sp = store.createServicePrincipal({
          applicationId: typeof b.applicationId === 'string' ? b.applicationId : undefined,
          displayName: typeof b.displayName === 'string' ? b.displayName : undefined,
          active: typeof b.active === 'boolean' ? b.active : undefined,
          entitlements: entitlementsOf(b),
        });
        return Reply.json(store.render('ServicePrincipals', sp.id), 201);
      }),
    );

    router.post(
      `${BASE}/Groups`,
      synced((request) => {
        const b = body(request);
        const group = store.createGroup({
          displayName: typeof b.displayName === 'string' ? b.displayName : '',
          members: valueList(b.members),
          entitlements: entitlementsOf(b),
        });
        return Reply.json(store.render('Groups', group.id), 201);
      }),
    );
  },
};
