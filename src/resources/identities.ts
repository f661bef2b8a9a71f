/**
 * Workspace identities through SCIM 2.0 (reference §13): `users/<key>.json`, `service-principals/<key>.json`
 * and `groups/<key>.json`. Principals are named as the Permissions API and other workspaces name them
 * (users by userName, groups by displayName, service principals by applicationId), never by SCIM id, which
 * differs in every workspace. No secrets: SCIM has none to read, and tokens are not restored.
 *
 * Apply creates what is missing and sets entitlements and memberships. A group depends on its members only
 * for ordering (soft references): a user the target cannot create (an Azure AD tenant that does not know
 * them) is skipped with a warning and a manual checklist entry (not a failure: the apply succeeds), and the
 * group still gets its other members.
 * Built-in groups (`admins`, `users`) are never created or deleted; `users` holds everyone automatically,
 * so only its entitlements are managed.
 *
 * Account groups (identity-federated workspaces; SCIM `meta.resourceType` `Group`, workspace-local ones are
 * `WorkspaceGroup`, reference §13) are recorded as `"accountGroup": true` without members: the account owns
 * them and their members, and the workspace SCIM API cannot create them or change their members. Apply
 * never creates one as a workspace-local group: a missing one is a manual step (assign the account group to
 * the workspace), skipped, not failed; one that exists gets its entitlements. Prune never removes one.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError, unlessNotFound } from '../databricks/errors.js';
import { uniqueKeys, type Ref } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import { fieldKey, SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import {
  ManualStepError,
  type ActualObject,
  type ApplyContext,
  type ApplyRequest,
  type DesiredObject,
  type ExportContext,
  type KeptParts,
  type RefIndex,
  type ResourceKind,
  type TargetContext,
} from './kind.js';

export const USERS = 'users';
export const SERVICE_PRINCIPALS = 'service_principals';
export const GROUPS = 'groups';
const BUILTIN_GROUPS = new Set(['admins', 'users']);
/** The group whose membership the workspace manages itself. */
const EVERYONE = 'users';

const SCIM = '/api/2.0/preview/scim/v2';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PAGE = 100;
/** A SCIM ListResponse always carries totalResults (RFC 7644 §3.4.2: REQUIRED), even with no Resources. */
const LIST_REQUIRES = ['totalResults'];
/** What a Groups list asks for: ids and names, never the unbounded members (see readGroups). */
const GROUP_LIST_ATTRIBUTES = 'id,displayName,meta,externalId';

type Resource = 'Users' | 'Groups' | 'ServicePrincipals';

/**
 * Every resource of a SCIM list, paged by startIndex/count and de-duplicated by id (pages may overlap);
 * `attributes` limits what each resource carries.
 */
export async function scimList(
  client: DatabricksClient,
  resource: Resource,
  attributes?: string,
): Promise<JsonObject[]> {
  const out = new Map<string, JsonObject>();
  for (let startIndex = 1; ;) {
    const page = await client.getList<JsonObject>(
      `${SCIM}/${resource}`,
      'Resources',
      { startIndex, count: PAGE, attributes },
      LIST_REQUIRES,
    );
    const items = Array.isArray(page.Resources) ? page.Resources.filter(isJsonObject) : [];
    if (items.length === 0) {
      // An empty page before totalResults is reached (RFC 7644 §3.4.2.4) is a truncated answer, not the
      // end: export would commit the removal of the rest, under the max-removal threshold unnoticed.
      const total = page.totalResults;
      if (typeof total === 'number' && startIndex <= total && out.size < total)
        throw new Error(
          `${SCIM}/${resource} stopped at ${out.size} of the ${total} resources its totalResults announces ` +
            `(an empty page at startIndex ${startIndex}): the list is incomplete, retry later`,
        );
      break;
    }
    const before = out.size;
    for (const item of items) out.set(String(item.id), item);
    // A page of nothing new is a service (or a proxy dropping the query) that ignores startIndex: going
    // on would end the list early, at totalResults, with the rest unread.
    if (startIndex > 1 && out.size === before)
      throw new Error(
        `${SCIM}/${resource} answered startIndex ${startIndex} with resources already read: the list is incomplete, retry later`,
      );
    startIndex += items.length;
    if (typeof page.totalResults === 'number' && startIndex > page.totalResults) break;
  }
  return [...out.values()];
}

/**
 * Every group with its members. A list's members are unbounded (a list of large groups times out) and may
 * be left out (account groups), so the list asks for ids and names only and each group is read for the
 * rest, as Databricks' own tools do: terraform-provider-databricks exporter/util_scim.go `cacheGroups`
 * (list `attributes=id`, then a read per group), ucx PR #660 for issues #625/#638 (list
 * `attributes=id,displayName,meta`, then a get per group). A group deleted in between is left out.
 */
async function readGroups(client: DatabricksClient): Promise<JsonObject[]> {
  const listed = await scimList(client, 'Groups', GROUP_LIST_ATTRIBUTES);
  const read = await Promise.all(
    listed.map((g) =>
      unlessNotFound(client.get<JsonObject>(`${SCIM}/Groups/${encodeURIComponent(String(g.id))}`)),
    ),
  );
  return read.filter((g): g is JsonObject => g !== undefined && isJsonObject(g));
}

/** The target's (or source's) principals, read once per run and shared by the three kinds and permissions. */
export interface Directory {
  users: JsonObject[];
  servicePrincipals: JsonObject[];
  groups: JsonObject[];
  /** SCIM id → how other objects name it. */
  names: Map<string, { type: 'users' | 'groups' | 'service_principals'; name: string }>;
  /** Lower-cased userName → id (SCIM compares user names case-insensitively). */
  userIds: Map<string, string>;
  groupIds: Map<string, string>;
  spIds: Map<string, string>;
}

const directories = new WeakMap<RefIndex, Promise<Directory>>();

export function readDirectory(client: DatabricksClient, refs: RefIndex): Promise<Directory> {
  let found = directories.get(refs);
  if (!found) {
    found = (async () => {
      // Users first: a run that cannot authenticate fails on its first request, not three at once.
      const users = await scimList(client, 'Users');
      const [servicePrincipals, groups] = await Promise.all([
        scimList(client, 'ServicePrincipals'),
        readGroups(client),
      ]);
      const d: Directory = {
        users,
        servicePrincipals,
        groups,
        names: new Map(),
        userIds: new Map(),
        groupIds: new Map(),
        spIds: new Map(),
      };
      for (const u of users) {
        d.names.set(String(u.id), { type: USERS, name: String(u.userName) });
        d.userIds.set(String(u.userName).toLowerCase(), String(u.id));
      }
      for (const s of servicePrincipals) {
        d.names.set(String(s.id), { type: SERVICE_PRINCIPALS, name: String(s.applicationId) });
        d.spIds.set(String(s.applicationId), String(s.id));
      }
      for (const g of groups) {
        d.names.set(String(g.id), { type: GROUPS, name: String(g.displayName) });
        d.groupIds.set(String(g.displayName), String(g.id));
      }
      return d;
    })();
    directories.set(refs, found);
    // A failed read must not be cached: the next caller tries again and sees the real error.
    found.catch(() => directories.delete(refs));
  }
  return found;
}

/** How a principal is named in files, per kind. */
interface IdentitySpec {
  kind: 'users' | 'service_principals' | 'groups';
  resource: Resource;
  /** userName / applicationId / displayName. */
  nameOf(raw: JsonObject): string;
  /** What the key is made from. */
  keySource(raw: JsonObject): string;
  list(d: Directory): JsonObject[];
  normalize(raw: JsonObject, d: Directory): JsonObject;
  validate(spec: JsonObject): string | undefined;
}

function entitlements(raw: JsonObject): string[] {
  const list = Array.isArray(raw.entitlements) ? raw.entitlements : [];
  return list
    .map((e) => (isJsonObject(e) ? e.value : e))
    .filter((v): v is string => typeof v === 'string')
    .sort();
}

function stringList(value: JsonValue | undefined): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** SCIM `meta.resourceType` `Group` (not `WorkspaceGroup`): an account group assigned to the workspace. */
function isAccountGroup(raw: JsonObject): boolean {
  return isJsonObject(raw.meta) && raw.meta.resourceType === 'Group';
}

function checkCommon(spec: JsonObject, nameField: string): string | undefined {
  if (typeof spec[nameField] !== 'string' || !spec[nameField])
    return `'${nameField}' must be a non-empty string`;
  if (spec.entitlements !== undefined && !stringList(spec.entitlements))
    return "'entitlements' must be a list of strings";
  if (spec.active !== undefined && typeof spec.active !== 'boolean') return "'active' must be true or false";
  return undefined;
}

const USER_SPEC: IdentitySpec = {
  kind: USERS,
  resource: 'Users',
  nameOf: (raw) => String(raw.userName),
  keySource: (raw) => String(raw.userName),
  list: (d) => d.users,
  normalize(raw) {
    const out: JsonObject = { userName: String(raw.userName) };
    if (typeof raw.displayName === 'string' && raw.displayName !== raw.userName)
      out.displayName = raw.displayName;
    out.active = raw.active !== false;
    const e = entitlements(raw);
    if (e.length) out.entitlements = e;
    return out;
  },
  validate: (spec) => checkCommon(spec, 'userName'),
};

const SP_SPEC: IdentitySpec = {
  kind: SERVICE_PRINCIPALS,
  resource: 'ServicePrincipals',
  nameOf: (raw) => String(raw.applicationId),
  keySource: (raw) => String(raw.displayName ?? raw.applicationId),
  list: (d) => d.servicePrincipals,
  normalize(raw) {
    const out: JsonObject = { applicationId: String(raw.applicationId) };
    if (typeof raw.displayName === 'string') out.displayName = raw.displayName;
    out.active = raw.active !== false;
    const e = entitlements(raw);
    if (e.length) out.entitlements = e;
    return out;
  },
  validate: (spec) => checkCommon(spec, 'applicationId'),
};

const GROUP_SPEC: IdentitySpec = {
  kind: GROUPS,
  resource: 'Groups',
  nameOf: (raw) => String(raw.displayName),
  keySource: (raw) => String(raw.displayName),
  list: (d) => d.groups,
  normalize(raw, d) {
    const name = String(raw.displayName);
    const out: JsonObject = { displayName: name };
    // An account group's members are the account's: not part of a workspace's record.
    if (isAccountGroup(raw)) out.accountGroup = true;
    else if (name !== EVERYONE) {
      const byType: Record<string, string[]> = { users: [], groups: [], service_principals: [] };
      for (const m of Array.isArray(raw.members) ? raw.members : []) {
        const id = isJsonObject(m) ? String(m.value) : undefined;
        const named = id === undefined ? undefined : d.names.get(id);
        if (named) byType[named.type].push(named.name);
      }
      const members: JsonObject = {};
      for (const [type, names] of Object.entries(byType)) if (names.length) members[type] = names.sort();
      if (Object.keys(members).length) out.members = members;
    }
    const e = entitlements(raw);
    if (e.length) out.entitlements = e;
    return out;
  },
  validate(spec) {
    const common = checkCommon(spec, 'displayName');
    if (common) return common;
    if (spec.accountGroup !== undefined && spec.accountGroup !== true)
      return "'accountGroup' is true for an account group, and left out for a workspace group";
    if (spec.accountGroup && spec.members !== undefined)
      return "the members of an account group are managed in the account: remove 'members'";
    if (spec.members === undefined) return undefined;
    if (!isJsonObject(spec.members))
      return "'members' must be an object of users, groups and service_principals";
    for (const [type, names] of Object.entries(spec.members)) {
      if (!['users', 'groups', 'service_principals'].includes(type))
        return `'members.${type}' is not one of users, groups, service_principals`;
      if (!stringList(names)) return `'members.${type}' must be a list of names`;
    }
    if (spec.displayName === EVERYONE)
      return "remove 'members': the members of the built-in 'users' group are managed by the workspace";
    return undefined;
  },
};

/** Keys by name, in a stable order; the same function in export, readActual and the permissions kind. */
function keyed(spec: IdentitySpec, raws: JsonObject[]): Map<JsonObject, string> {
  return uniqueKeys(
    raws,
    spec.keySource,
    (a, b) =>
      spec.keySource(a).localeCompare(spec.keySource(b)) || spec.nameOf(a).localeCompare(spec.nameOf(b)),
  );
}

/** How principals are compared by name: SCIM compares user names case-insensitively. */
function sameName(kind: string, name: string): string {
  return kind === USERS ? name.toLowerCase() : name;
}

/**
 * The target's principals, keyed as the snapshot keys them. A principal is matched to a snapshot file by
 * what other workspaces call it (userName, applicationId, displayName), never by the key its display name
 * gives: a service principal renamed in the target, or two of them with one display name, is still the
 * snapshot's. Principals the snapshot lacks get keys of their own that no snapshot file uses.
 */
function targetKeys(
  spec: IdentitySpec,
  nameField: string,
  raws: JsonObject[],
  desired: DesiredObject[],
): Array<{ raw: JsonObject; key: string }> {
  const wanted = new Map<string, string>();
  for (const d of desired)
    if (d.kind === spec.kind && isJsonObject(d.spec) && typeof d.spec[nameField] === 'string')
      wanted.set(sameName(spec.kind, d.spec[nameField]), d.key);
  const taken = new Set(wanted.values());
  const out: Array<{ raw: JsonObject; key: string }> = [];
  const rest: JsonObject[] = [];
  for (const raw of raws) {
    const key = wanted.get(sameName(spec.kind, spec.nameOf(raw)));
    if (key === undefined) rest.push(raw);
    else out.push({ raw, key });
  }
  const keys = keyed(spec, rest);
  for (const raw of rest) {
    let key = keys.get(raw) as string;
    for (let n = 2; taken.has(key); n++) key = `${keys.get(raw) as string}_target${n === 2 ? '' : `_${n}`}`;
    taken.add(key);
    out.push({ raw, key });
  }
  return out;
}

/** Names → keys of the principals a snapshot holds, to turn a name in a file into a (soft) reference. */
export interface SnapshotPrincipals {
  users: Map<string, string>;
  groups: Map<string, string>;
  service_principals: Map<string, string>;
}

const snapshotPrincipals = new WeakMap<SnapshotSource, Promise<SnapshotPrincipals>>();

export function readSnapshotPrincipals(snapshot: SnapshotSource): Promise<SnapshotPrincipals> {
  let found = snapshotPrincipals.get(snapshot);
  if (!found) {
    found = (async () => {
      const out: SnapshotPrincipals = { users: new Map(), groups: new Map(), service_principals: new Map() };
      const fields = {
        users: 'userName',
        groups: 'displayName',
        service_principals: 'applicationId',
      } as const;
      for (const type of [USERS, GROUPS, SERVICE_PRINCIPALS] as const) {
        const folder = type.replace(/_/g, '-');
        for (const { source, key } of keyedFiles(snapshot, folder, ['.json'], true)) {
          const value = await snapshot.readJson(source);
          const name = isJsonObject(value) ? value[fields[type]] : undefined;
          if (typeof name === 'string') out[type].set(type === USERS ? name.toLowerCase() : name, key);
        }
      }
      return out;
    })();
    snapshotPrincipals.set(snapshot, found);
  }
  return found;
}

/** The three kinds of principal, as references and grants name them. */
export type PrincipalType = 'users' | 'groups' | 'service_principals';
export const PRINCIPAL_TYPES: readonly PrincipalType[] = [USERS, GROUPS, SERVICE_PRINCIPALS];

/** A principal's name as it is compared: SCIM compares user names case-insensitively. */
const comparable = (type: PrincipalType, name: string) => (type === USERS ? name.toLowerCase() : name);

/** The SCIM id of a principal in a directory, by how grants name it. */
export function directoryId(d: Directory, type: PrincipalType, name: string): string | undefined {
  const ids = type === USERS ? d.userIds : type === GROUPS ? d.groupIds : d.spIds;
  return ids.get(comparable(type, name));
}

/**
 * Whether the snapshot's identity files hold a principal (apply creates those missing in the target), by
 * the names that `desired` (a plan's desired objects) gives them.
 */
export function inDesired(desired: readonly DesiredObject[]): (type: PrincipalType, name: string) => boolean {
  const fields = { users: 'userName', groups: 'displayName', service_principals: 'applicationId' } as const;
  const names = new Set<string>();
  for (const d of desired) {
    const type = PRINCIPAL_TYPES.find((t) => t === d.kind);
    const name = type && isJsonObject(d.spec) ? d.spec[fields[type]] : undefined;
    if (type && typeof name === 'string') names.add(`${type}\0${comparable(type, name)}`);
  }
  return (type, name) => names.has(`${type}\0${comparable(type, name)}`);
}

/** The key a principal name has in the snapshot, if it is there. */
export function principalKey(p: SnapshotPrincipals, type: PrincipalType, name: string): string | undefined {
  return p[type].get(comparable(type, name));
}

/**
 * Soft references to the snapshot's principals that `named` names, each once, in the order named: an
 * object that names a principal (a grant, an ACL, a single-user cluster) is applied after it, for ordering
 * only, so a principal that cannot be created (a user the tenant does not know) holds nothing back. A name
 * without a type (a secret ACL, `single_user_name`) may be a user, a group or a service principal.
 */
export function principalRefs(
  principals: SnapshotPrincipals,
  named: Iterable<{ type?: PrincipalType; name: string }>,
): Ref[] {
  const out: Ref[] = [];
  for (const { type, name } of named)
    for (const t of type ? [type] : PRINCIPAL_TYPES) {
      const key = principalKey(principals, t, name);
      if (key !== undefined && !out.some((r) => r.kind === t && r.key === key))
        out.push({ kind: t, key, soft: true });
    }
  return out;
}

/** The identity this run authenticates as, named as group members name it. */
interface Caller {
  id: string;
  type: 'users' | 'service_principals';
  /** userName, or a service principal's applicationId. */
  name: string;
}

/** What a plan knows of the target beyond its objects: who the run is, and the admins kept for `admins`. */
interface TargetRun {
  caller?: Caller;
  /** Members (`memberId`) kept as the last members of `admins`: never deleted either. */
  lastAdmins: Set<string>;
}

const runs = new WeakMap<RefIndex, Promise<TargetRun>>();

/**
 * Who this run is: SCIM `/Me` answers for the authenticated principal, a user or a service principal (for a
 * service principal its userName is the applicationId), so it is matched by id, then by that name.
 */
function readTargetRun(client: DatabricksClient, refs: RefIndex): Promise<TargetRun> {
  let found = runs.get(refs);
  if (!found) {
    found = (async (): Promise<TargetRun> => {
      const d = await readDirectory(client, refs);
      const me = await client.get<JsonObject>(`${SCIM}/Me`);
      const named = d.names.get(String(me.id));
      const name = String(me.userName);
      const sp = d.spIds.get(name);
      const user = d.userIds.get(name.toLowerCase());
      const caller: Caller | undefined =
        named && named.type !== GROUPS
          ? { id: String(me.id), type: named.type, name: named.name }
          : sp !== undefined
            ? { id: sp, type: SERVICE_PRINCIPALS, name }
            : user !== undefined
              ? { id: user, type: USERS, name }
              : undefined;
      return { caller, lastAdmins: new Set() };
    })();
    runs.set(refs, found);
    found.catch(() => runs.delete(refs));
  }
  return found;
}

/** Objects the target must keep even with prune: the caller itself and built-in groups. */
const undeletable = new WeakMap<ActualObject, string>();
/** The run beside each target object read, for what an update or a prune must never take away. */
const runOf = new WeakMap<ActualObject, TargetRun>();

/** A member as `setMembers` and `keepFromTarget` compare them: user names are case-insensitive. */
const memberId = (type: string, name: string) => `${type}\0${type === USERS ? name.toLowerCase() : name}`;

/**
 * The desired list with the target's extra entries kept: those `always` says so (the caller) whatever prune
 * says, the others only without prune, and then named in `unmanaged` as `<path> "<entry>"`. The target's
 * entries come first in its order and the new ones after them, so that the plan shows an addition as one
 * (`members.users[2]: (none) -> "bob"`), not as a shift of every entry after it.
 */
function keepExtras(
  path: string,
  want: string[],
  have: string[],
  same: (v: string) => string,
  prune: boolean,
  always: (v: string) => boolean,
  unmanaged: string[],
): string[] {
  const wanted = new Set(want.map(same));
  const present = new Set(have.map(same));
  const out: string[] = [];
  for (const v of have) {
    if (wanted.has(same(v)) || always(v)) out.push(v);
    else if (!prune) {
      out.push(v);
      unmanaged.push(`${path} ${JSON.stringify(v)}`);
    }
  }
  return [...out, ...want.filter((v) => !present.has(same(v))).sort()];
}

/**
 * Memberships and entitlements are added, never removed without prune (the secondary's own operators and
 * service principal stay admins). With prune the snapshot's lists are the object's, but the caller keeps
 * its memberships and entitlements, and `admins` keeps one of its current members if the snapshot would
 * leave it with none the target has.
 */
function keepFromTarget(desired: DesiredObject, actual: ActualObject, prune: boolean): KeptParts {
  const want = desired.spec;
  const have = actual.spec;
  if (!isJsonObject(want) || !isJsonObject(have)) return { spec: want, unmanaged: [] };
  const run = runOf.get(actual);
  const caller = run?.caller;
  const isCaller = caller !== undefined && String(actual.id) === caller.id;
  const spec: JsonObject = { ...want };
  const unmanaged: string[] = [];
  const list = (value: JsonValue | undefined) => (stringList(value) ? value : []);
  const entitlementList = keepExtras(
    'entitlements',
    list(want.entitlements),
    list(have.entitlements),
    (v) => v,
    prune,
    () => isCaller,
    unmanaged,
  );
  if (entitlementList.length) spec.entitlements = entitlementList;
  const name = String(want.displayName);
  if (
    desired.kind !== GROUPS ||
    name === EVERYONE ||
    want.accountGroup === true ||
    have.accountGroup === true
  )
    return { spec, unmanaged };
  const wantMembers = isJsonObject(want.members) ? want.members : {};
  const haveMembers = isJsonObject(have.members) ? have.members : {};
  const members: JsonObject = {};
  for (const type of [USERS, GROUPS, SERVICE_PRINCIPALS]) {
    const same = (v: string) => memberId(type, v);
    const merged = keepExtras(
      `members.${type}`,
      list(wantMembers[type]),
      list(haveMembers[type]),
      same,
      prune,
      (v) => caller !== undefined && same(v) === memberId(caller.type, caller.name),
      unmanaged,
    );
    if (merged.length) members[type] = merged;
  }
  if (name === 'admins') keepAnAdmin(members, haveMembers, run);
  if (Object.keys(members).length) spec.members = members;
  else delete spec.members;
  return { spec, unmanaged };
}

/** `admins` never loses its last member the target has: one of its current members stays, undeleted. */
function keepAnAdmin(members: JsonObject, have: JsonObject, run: TargetRun | undefined): void {
  const current = [USERS, SERVICE_PRINCIPALS, GROUPS].flatMap((type) =>
    (stringList(have[type]) ? have[type] : []).map((name): [string, string] => [type, name]),
  );
  const kept = (type: string, name: string) =>
    stringList(members[type]) && members[type].some((m) => memberId(type, m) === memberId(type, name));
  if (current.length === 0 || current.some(([type, name]) => kept(type, name))) return;
  const [type, name] = current[0];
  members[type] = [name, ...(stringList(members[type]) ? members[type] : [])];
  run?.lastAdmins.add(memberId(type, name));
}

function makeKind(spec: IdentitySpec): ResourceKind {
  const nameField = spec.kind === USERS ? 'userName' : spec.kind === GROUPS ? 'displayName' : 'applicationId';
  // Folders are kebab-case like every other kind's; the kind name stays the reference name.
  const folder = spec.kind.replace(/_/g, '-');

  const readDesired = async (snapshot: SnapshotSource): Promise<DesiredObject[]> => {
    const principals = spec.kind === GROUPS ? await readSnapshotPrincipals(snapshot) : undefined;
    const out: DesiredObject[] = [];
    for (const { source, key } of keyedFiles(snapshot, folder)) {
      const value = await snapshot.readJson(source);
      if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
      const invalid = spec.validate(value);
      if (invalid) throw await snapshot.errorAt(source, invalid, fieldKey(invalid));
      const refs: Ref[] = [];
      if (principals && isJsonObject(value.members)) {
        for (const [type, names] of Object.entries(value.members)) {
          for (const name of names as string[]) {
            const k = principalKey(principals, type as keyof SnapshotPrincipals, name);
            // Ordering only: members are created first, but one that fails does not hold the group back.
            if (k !== undefined && !(type === GROUPS && k === key))
              refs.push({ kind: type, key: k, soft: true });
          }
        }
      }
      out.push({ kind: spec.kind, key, spec: value, refs, source });
    }
    return out;
  };

  const withKeys = (raws: JsonObject[]) => {
    const keys = keyed(spec, raws);
    return raws.map((raw) => ({ raw, key: keys.get(raw) as string }));
  };

  return {
    name: spec.kind,
    folder,

    async export(ctx: ExportContext): Promise<void> {
      const d = await readDirectory(ctx.client, ctx.refs);
      const include = ctx.options.includeName;
      const listed = include
        ? spec.list(d).filter((raw) => include(spec.kind, spec.nameOf(raw)))
        : spec.list(d);
      for (const { raw, key } of withKeys(listed).sort((a, b) => (a.key < b.key ? -1 : 1))) {
        ctx.refs.add(spec.kind, String(raw.id), key);
        const file = `${folder}/${key}.json`;
        ctx.out.claim(file);
        await ctx.out.writeJson(file, spec.normalize(raw, d));
        ctx.report.count(spec.kind, 'exported');
        ctx.progress?.(spec.kind, key);
      }
    },

    readDesired,

    async readActual(ctx: TargetContext): Promise<ActualObject[]> {
      const d = await readDirectory(ctx.client, ctx.refs);
      const run = await readTargetRun(ctx.client, ctx.refs);
      const me = run.caller;
      const list = targetKeys(spec, nameField, spec.list(d), ctx.desired);
      for (const { raw, key } of list) ctx.refs.add(spec.kind, String(raw.id), key);
      return list.map(({ raw, key }) => {
        const normalized = spec.normalize(raw, d);
        const a: ActualObject = {
          kind: spec.kind,
          key,
          id: String(raw.id),
          spec: normalized,
          refs: [],
          label: `'${spec.nameOf(raw)}' (${String(raw.id)})`,
        };
        if (spec.kind === GROUPS && BUILTIN_GROUPS.has(spec.nameOf(raw)))
          undeletable.set(a, 'built-in group');
        if (spec.kind === GROUPS && isAccountGroup(raw))
          undeletable.set(a, 'account group: its assignment to the workspace is managed in the account');
        if (me && me.type === spec.kind && (me.id === String(raw.id) || me.name === spec.nameOf(raw)))
          undeletable.set(a, 'the identity this run uses');
        runOf.set(a, run);
        return a;
      });
    },

    protectedFromDelete: (a) => {
      const name = isJsonObject(a.spec) ? String(a.spec[nameField]) : '';
      if (runOf.get(a)?.lastAdmins.has(memberId(spec.kind, name))) return "the last member of 'admins'";
      return undeletable.get(a);
    },

    keepFromTarget,

    async apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
      const base = `${SCIM}/${spec.resource}`;
      if (req.action === 'delete' || req.action === 'replace') {
        if (!req.actual) throw new Error(`no target object for ${spec.kind}.${req.key}`);
        await ctx.client.request('DELETE', `${base}/${String(req.actual.id)}`, {
          notFoundOnRetryIsDone: true,
        });
        if (req.action === 'delete') return undefined;
      }
      const want = req.desired?.spec;
      if (!isJsonObject(want)) throw new Error(`no desired state for ${spec.kind}.${req.key}`);
      const name = String(want[nameField]);
      const have = req.action === 'update' && isJsonObject(req.actual?.spec) ? req.actual.spec : undefined;
      let id = have ? String(req.actual?.id) : undefined;
      if (spec.kind === GROUPS) checkGroupType(ctx, req.key, name, want, have);
      if (!id) {
        if (spec.kind === GROUPS && BUILTIN_GROUPS.has(name))
          throw new Error(`the built-in group '${name}' is missing in the target: it cannot be created`);
        id = await create(ctx, spec, req.key, want);
      } else {
        const ops = attributeOps(have ?? {}, want);
        if (ops.length)
          await ctx.client.request('PATCH', `${base}/${id}`, {
            body: { schemas: [PATCH_SCHEMA], Operations: ops },
          });
      }
      if (spec.kind === GROUPS) await setMembers(ctx, req.key, id, have, want);
      return id;
    },
  };
}

/**
 * An account group is never made a workspace-local group (nor the other way round): a missing account group
 * or one of the wrong type in the target is a manual step, and the group is skipped.
 */
function checkGroupType(
  ctx: ApplyContext,
  key: string,
  name: string,
  want: JsonObject,
  have: JsonObject | undefined,
): void {
  const wantAccount = want.accountGroup === true;
  if (have && (have.accountGroup === true) === wantAccount) return;
  if (!have && !wantAccount) return;
  const reason = !have
    ? `assign the account group '${name}' to the target workspace (account console: Workspaces, Permissions), then run apply again for its entitlements and grants`
    : wantAccount
      ? `the target has a workspace-local group '${name}' where the snapshot has the account group: migrate it to the account group (or delete it and assign the account group), then apply again`
      : `the target has the account group '${name}' where the snapshot has a workspace-local group: remove the account group's assignment or rename one of them, then apply again`;
  ctx.report.manual.push({ kind: GROUPS, key, reason });
  ctx.report.warn(GROUPS, key, `group '${name}' not applied: a manual step, see the checklist`);
  throw new ManualStepError(reason);
}

/** SCIM create; a principal the target cannot have becomes a failure with a manual checklist entry. */
async function create(ctx: ApplyContext, spec: IdentitySpec, key: string, want: JsonObject): Promise<string> {
  const body: JsonObject = {
    schemas: [
      `urn:ietf:params:scim:schemas:core:2.0:${spec.kind === GROUPS ? 'Group' : spec.kind === USERS ? 'User' : 'ServicePrincipal'}`,
    ],
  };
  for (const field of ['userName', 'applicationId', 'displayName', 'active'])
    if (want[field] !== undefined) body[field] = want[field];
  const e = stringList(want.entitlements) ? want.entitlements : [];
  if (e.length) body.entitlements = e.map((value) => ({ value }));
  try {
    const created = await ctx.client.post<JsonObject>(`${SCIM}/${spec.resource}`, body);
    return String(created.id);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || error.isThrottled || error.isAuth) throw error;
    const name =
      spec.kind === USERS ? want.userName : spec.kind === GROUPS ? want.displayName : want.applicationId;
    const what = spec.kind === USERS ? 'user' : spec.kind === GROUPS ? 'group' : 'service principal';
    ctx.report.manual.push({
      kind: spec.kind,
      key,
      reason:
        `add the ${what} '${String(name)}' to the target workspace (for Azure: add them to the Azure AD tenant ` +
        `first), then run apply again to restore their group memberships and permissions`,
    });
    const message = `the target workspace refused to create the ${what} '${String(name)}': ${error.message}`;
    // A user or service principal the identity provider does not know (400/404) is a known manual step: it
    // must not fail every later apply, cutover included, until someone adds them to the tenant.
    if (spec.kind !== GROUPS && (error.status === 400 || error.status === 404)) {
      ctx.report.warn(
        spec.kind,
        key,
        `${what} '${String(name)}' not created (the target refused it): a manual step, see the checklist`,
      );
      throw new ManualStepError(message, { cause: error });
    }
    throw new Error(message, { cause: error });
  }
}

/** PATCH operations for displayName, active and entitlements (members are set separately). */
function attributeOps(have: JsonObject, want: JsonObject): JsonObject[] {
  const ops: JsonObject[] = [];
  if (want.displayName !== undefined && want.displayName !== have.displayName)
    ops.push({ op: 'replace', path: 'displayName', value: want.displayName });
  if (want.active !== undefined && want.active !== have.active)
    ops.push({ op: 'replace', path: 'active', value: want.active });
  const h = new Set(stringList(have.entitlements) ? have.entitlements : []);
  const w = new Set(stringList(want.entitlements) ? want.entitlements : []);
  const add = [...w].filter((e) => !h.has(e));
  if (add.length) ops.push({ op: 'add', path: 'entitlements', value: add.map((value) => ({ value })) });
  for (const e of [...h].filter((x) => !w.has(x)))
    ops.push({ op: 'remove', path: `entitlements[value eq "${e}"]` });
  return ops;
}

/**
 * Adds the desired members the target has and removes the others: the desired spec already holds the
 * members `keepFromTarget` keeps (every extra one without prune, the caller always). A member missing from
 * the target (a user that could not be created) is a warning here: its own failure already says what to do.
 */
async function setMembers(
  ctx: ApplyContext,
  key: string,
  groupId: string,
  have: JsonObject | undefined,
  want: JsonObject,
): Promise<void> {
  if (want.displayName === EVERYONE) return;
  const names = (spec: JsonObject | undefined): Array<[string, string]> => {
    const m = spec && isJsonObject(spec.members) ? spec.members : {};
    return Object.entries(m).flatMap(([type, list]) =>
      (stringList(list) ? list : []).map((n): [string, string] => [type, n]),
    );
  };
  const haveSet = new Set(names(have).map(([t, n]) => memberId(t, n)));
  const wantSet = new Set(names(want).map(([t, n]) => memberId(t, n)));
  const toAdd = names(want).filter(([t, n]) => !haveSet.has(memberId(t, n)));
  const toRemove = names(have).filter(([t, n]) => !wantSet.has(memberId(t, n)));
  if (!toAdd.length && !toRemove.length) return;
  const ops: JsonObject[] = [];
  const add: JsonObject[] = [];
  for (const [type, name] of toAdd) {
    const found = await lookup(ctx, type, name);
    if (found === undefined)
      ctx.report.warn(GROUPS, key, `member ${name} (${type}) does not exist in the target: not added`);
    else add.push({ value: found });
  }
  if (add.length) ops.push({ op: 'add', path: 'members', value: add });
  for (const [type, name] of toRemove) {
    const found = await lookup(ctx, type, name);
    if (found !== undefined) ops.push({ op: 'remove', path: `members[value eq "${found}"]` });
  }
  if (ops.length)
    await ctx.client.request('PATCH', `${SCIM}/Groups/${groupId}`, {
      body: { schemas: [PATCH_SCHEMA], Operations: ops },
    });
}

/**
 * The target's SCIM id of a principal: from what the plan read, else from this apply's creations (keys
 * from the snapshot), else asked by filter (created by someone else meanwhile).
 */
export async function lookup(ctx: ApplyContext, type: string, name: string): Promise<string | undefined> {
  const known = directoryId(await readDirectory(ctx.client, ctx.refs), type as PrincipalType, name);
  if (known) return known;
  const principals = await readSnapshotPrincipals(ctx.snapshot);
  const key = principalKey(principals, type as keyof SnapshotPrincipals, name);
  const created = key === undefined ? undefined : ctx.refs.idOf(type, key);
  if (created !== undefined) return String(created);
  const resource = type === USERS ? 'Users' : type === GROUPS ? 'Groups' : 'ServicePrincipals';
  const attr = type === USERS ? 'userName' : type === GROUPS ? 'displayName' : 'applicationId';
  const page = await ctx.client.getList<JsonObject>(
    `${SCIM}/${resource}`,
    'Resources',
    { filter: `${attr} eq "${name.replace(/"/g, '\\"')}"` },
    LIST_REQUIRES,
  );
  const first = Array.isArray(page.Resources) ? page.Resources.find(isJsonObject) : undefined;
  return first ? String(first.id) : undefined;
}

export const usersKind = makeKind(USER_SPEC);
export const servicePrincipalsKind = makeKind(SP_SPEC);
export const groupsKind = makeKind(GROUP_SPEC);
