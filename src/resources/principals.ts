/**
 * The principals of a workspace (users, groups, service principals) as the kinds that name them read them:
 * the target's SCIM directory, read once per run, and the snapshot's principals, which the objects that
 * name one (a grant, a secret ACL, a single-user cluster, a group's members) reference for ordering.
 * Principals are named as the Permissions API and other workspaces name them (users by userName, groups by
 * displayName, service principals by applicationId), never by SCIM id, which differs in every workspace.
 * The identity kinds themselves are in identities.ts (users, service principals) and groups.ts.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import type { Ref } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import type { SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject } from '../util/json.js';
import { slot } from '../util/memo.js';
import type { ApplyContext, DesiredObject, RunScope } from './kind.js';

export const USERS = 'users';
export const SERVICE_PRINCIPALS = 'service_principals';
export const GROUPS = 'groups';

/** The three kinds of principal, as references and grants name them. */
export type PrincipalType = 'users' | 'groups' | 'service_principals';
export const PRINCIPAL_TYPES: readonly PrincipalType[] = [USERS, GROUPS, SERVICE_PRINCIPALS];

/** The field that names a principal of each type, in SCIM and in the snapshot's files. */
export const NAME_FIELDS = {
  users: 'userName',
  groups: 'displayName',
  service_principals: 'applicationId',
} as const;

export const SCIM = '/api/2.0/preview/scim/v2';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PAGE = 100;
/** A SCIM ListResponse always carries totalResults (RFC 7644 §3.4.2: REQUIRED), even with no Resources. */
const LIST_REQUIRES = ['totalResults'];
/** What a Groups list asks for: ids and names, never the unbounded members (see readGroups). */
const GROUP_LIST_ATTRIBUTES = 'id,displayName,meta,externalId';

export type Resource = 'Users' | 'Groups' | 'ServicePrincipals';
/** The SCIM resource of each principal type. */
export const RESOURCES: Record<PrincipalType, Resource> = {
  users: 'Users',
  groups: 'Groups',
  service_principals: 'ServicePrincipals',
};

/** A principal's name as it is compared: SCIM compares user names case-insensitively. */
export function comparableName(type: string, name: string): string {
  return type === USERS ? name.toLowerCase() : name;
}

/** A principal as group members and the caller are compared: `<type>\0<comparable name>`. */
export const memberId = (type: string, name: string) => `${type}\0${comparableName(type, name)}`;

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
  names: Map<string, { type: PrincipalType; name: string }>;
  /** Lower-cased userName → id (SCIM compares user names case-insensitively). */
  userIds: Map<string, string>;
  groupIds: Map<string, string>;
  spIds: Map<string, string>;
}

const DIRECTORY = slot<Promise<Directory>>('principal directory');

/** This run's directory of the workspace's principals, read on first use. */
export function readDirectory({ client, run }: Pick<RunScope, 'client' | 'run'>): Promise<Directory> {
  return run.read(DIRECTORY, async () => {
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
  });
}

/** The SCIM id of a principal in a directory, by how grants name it. */
export function directoryId(d: Directory, type: PrincipalType, name: string): string | undefined {
  const ids = type === USERS ? d.userIds : type === GROUPS ? d.groupIds : d.spIds;
  return ids.get(comparableName(type, name));
}

/** The identity this run authenticates as, named as group members name it. */
export interface Caller {
  id: string;
  type: 'users' | 'service_principals';
  /** userName, or a service principal's applicationId. */
  name: string;
}

/** What a plan knows of the target beyond its objects: who the run is, and the admins kept for `admins`. */
export interface TargetRun {
  caller?: Caller;
  /** Members (`memberId`) kept as the last members of `admins` (see groups.ts): never deleted either. */
  lastAdmins: Set<string>;
}

const TARGET_RUN = slot<Promise<TargetRun>>('target run');

/**
 * Who this run is: SCIM `/Me` answers for the authenticated principal, a user or a service principal (for a
 * service principal its userName is the applicationId), so it is matched by id, then by that name.
 */
export function readTargetRun(scope: Pick<RunScope, 'client' | 'run'>): Promise<TargetRun> {
  return scope.run.read(TARGET_RUN, async (): Promise<TargetRun> => {
    const d = await readDirectory(scope);
    const me = await scope.client.get<JsonObject>(`${SCIM}/Me`);
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
  });
}

/** Names → keys of the principals a snapshot holds, to turn a name in a file into a (soft) reference. */
export interface SnapshotPrincipals {
  users: Map<string, string>;
  groups: Map<string, string>;
  service_principals: Map<string, string>;
}

const SNAPSHOT_PRINCIPALS = slot<Promise<SnapshotPrincipals>>('snapshot principals');

/** The principals a snapshot's identity files hold, read once per snapshot. */
export function readSnapshotPrincipals(snapshot: SnapshotSource): Promise<SnapshotPrincipals> {
  return snapshot.derived.get(SNAPSHOT_PRINCIPALS, async () => {
    const out: SnapshotPrincipals = { users: new Map(), groups: new Map(), service_principals: new Map() };
    for (const type of [USERS, GROUPS, SERVICE_PRINCIPALS] as const) {
      const folder = type.replace(/_/g, '-');
      for (const { source, key } of keyedFiles(snapshot, folder, ['.json'], true)) {
        const value = await snapshot.readJson(source);
        const name = isJsonObject(value) ? value[NAME_FIELDS[type]] : undefined;
        if (typeof name === 'string') out[type].set(comparableName(type, name), key);
      }
    }
    return out;
  });
}

/**
 * Whether the snapshot's identity files hold a principal (apply creates those missing in the target), by
 * the names that `desired` (a plan's desired objects) gives them.
 */
export function inDesired(desired: readonly DesiredObject[]): (type: PrincipalType, name: string) => boolean {
  const names = new Set<string>();
  for (const d of desired) {
    const type = PRINCIPAL_TYPES.find((t) => t === d.kind);
    const name = type && isJsonObject(d.spec) ? d.spec[NAME_FIELDS[type]] : undefined;
    if (type && typeof name === 'string') names.add(memberId(type, name));
  }
  return (type, name) => names.has(memberId(type, name));
}

/** The key a principal name has in the snapshot, if it is there. */
export function principalKey(p: SnapshotPrincipals, type: PrincipalType, name: string): string | undefined {
  return p[type].get(comparableName(type, name));
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

/**
 * The target's SCIM id of a principal: from what the plan read, else from this apply's creations (keys
 * from the snapshot), else asked by filter (created by someone else meanwhile).
 */
export async function lookup(ctx: ApplyContext, type: string, name: string): Promise<string | undefined> {
  const known = directoryId(await readDirectory(ctx), type as PrincipalType, name);
  if (known) return known;
  const principals = await readSnapshotPrincipals(ctx.snapshot);
  const key = principalKey(principals, type as PrincipalType, name);
  const created = key === undefined ? undefined : ctx.refs.idOf(type, key);
  if (created !== undefined) return String(created);
  const attr = NAME_FIELDS[type as PrincipalType];
  const page = await ctx.client.getList<JsonObject>(
    `${SCIM}/${RESOURCES[type as PrincipalType]}`,
    'Resources',
    { filter: `${attr} eq "${name.replace(/"/g, '\\"')}"` },
    LIST_REQUIRES,
  );
  const first = Array.isArray(page.Resources) ? page.Resources.find(isJsonObject) : undefined;
  return first ? String(first.id) : undefined;
}
