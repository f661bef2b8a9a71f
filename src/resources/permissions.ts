/**
 * Object permissions (reference §12; databricks-sdk-go service/iam/model.go): `permissions/<kind>.json`, one
 * file per covered kind, mapping the object's key to its sorted direct grants
 * `{user_name|group_name|service_principal_name, permission_level}`. Inherited grants (the admins group, a
 * folder's grants on its children) are the workspace's business and are never written or compared. Objects
 * without direct grants are left out of those files, and `permissions/recorded.json` says which kinds' grants
 * the export read completely: for an object of such a kind, no entry means "no direct grants". The grants of
 * an object the snapshot holds are the snapshot's, so a grant revoked in the primary is an update that
 * removes it in the target (not a delete: the object stays, and prune is about objects). Snapshots without
 * the record (older ones, or exported with `permissions: none` from the start) manage only the objects they
 * list.
 *
 * The kind runs last: it reads the ids every other kind registered in the RefIndex. Each planned object
 * depends on the object it protects (applied after it is created) and, for ordering only, on the principals
 * it names. Apply PUTs the whole list (PUT replaces direct grants), leaving out principals the target does
 * not have: an owner that cannot be kept is reported for a person to settle.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { slot } from '../util/memo.js';
import {
  GROUPS,
  SERVICE_PRINCIPALS,
  USERS,
  directoryId,
  inDesired,
  lookup,
  principalRefs,
  readDirectory,
  readSnapshotPrincipals,
  type PrincipalType,
} from './principals.js';
import type {
  ActualObject,
  ApplyContext,
  ApplyOptions,
  ApplyRequest,
  DesiredObject,
  ExportContext,
  ResourceKind,
  RunCache,
  RunScope,
  TargetContext,
} from './kind.js';
import { registeredWorkspaceType } from './workspace.js';

export const PERMISSIONS = 'permissions';
/** Which kinds' grants were read completely, and the objects whose grants could not be read. */
export const RECORDED_FILE = `${PERMISSIONS}/recorded.json`;

/**
 * One row per covered kind: adding a kind is one row. `type` is the `{type}` of the Permissions API URL,
 * or a function for kinds whose objects have several types (the workspace tree).
 */
interface Covered {
  kind: string;
  type: string | ((run: RunCache, key: string) => string | undefined);
  /** Exactly one IS_OWNER (§12). */
  owned?: boolean;
}

const WORKSPACE_TYPES = { NOTEBOOK: 'notebooks', DIRECTORY: 'directories', FILE: 'files' } as const;

export const COVERED: readonly Covered[] = [
  { kind: 'workspace', type: (run, key) => workspaceUrlType(run, key) },
  { kind: 'instance_pools', type: 'instance-pools' },
  { kind: 'cluster_policies', type: 'cluster-policies' },
  { kind: 'clusters', type: 'clusters' },
  { kind: 'repos', type: 'repos' },
  { kind: 'sql_warehouses', type: 'warehouses', owned: true },
  { kind: 'pipelines', type: 'pipelines', owned: true },
  { kind: 'jobs', type: 'jobs', owned: true },
];

function workspaceUrlType(run: RunCache, key: string): string | undefined {
  const t = registeredWorkspaceType(run, key);
  return t ? WORKSPACE_TYPES[t] : undefined;
}

type PrincipalField = 'user_name' | 'group_name' | 'service_principal_name';
const PRINCIPAL_FIELDS: readonly PrincipalField[] = ['user_name', 'group_name', 'service_principal_name'];
const PRINCIPAL_TYPE: Record<PrincipalField, PrincipalType> = {
  user_name: USERS,
  group_name: GROUPS,
  service_principal_name: SERVICE_PRINCIPALS,
};

export interface GrantFile {
  field: PrincipalField;
  name: string;
  level: string;
}

function grantJson(g: GrantFile): JsonObject {
  return { [g.field]: g.name, permission_level: g.level };
}

function sortGrants(list: GrantFile[]): GrantFile[] {
  const rank = (f: PrincipalField) => PRINCIPAL_FIELDS.indexOf(f);
  const seen = new Set<string>();
  return list
    .filter((g) => {
      const k = `${g.field}\0${g.name}\0${g.level}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(
      (a, b) =>
        rank(a.field) - rank(b.field) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.level < b.level ? -1 : a.level > b.level ? 1 : 0),
    );
}

/**
 * The direct grants of an ObjectPermissions answer. Entries without a principal or level (the fixtures'
 * `Permission_level` typo) are dropped and reported through `onInvalid`.
 */
export function directGrants(
  answer: JsonValue,
  onInvalid: (why: string) => void = () => undefined,
): GrantFile[] {
  const list =
    isJsonObject(answer) && Array.isArray(answer.access_control_list) ? answer.access_control_list : [];
  const out: GrantFile[] = [];
  for (const entry of list) {
    if (!isJsonObject(entry)) continue;
    const field = PRINCIPAL_FIELDS.find((f) => typeof entry[f] === 'string' && entry[f] !== '');
    if (!field) {
      onInvalid('an access control entry names no principal');
      continue;
    }
    for (const p of Array.isArray(entry.all_permissions) ? entry.all_permissions : []) {
      if (!isJsonObject(p) || p.inherited === true) continue;
      if (typeof p.permission_level !== 'string') {
        onInvalid(`a grant of ${String(entry[field])} has no permission_level`);
        continue;
      }
      out.push({ field, name: String(entry[field]), level: p.permission_level });
    }
  }
  return sortGrants(out);
}

function urlTypeOf(row: Covered, run: RunCache, key: string): string | undefined {
  return typeof row.type === 'string' ? row.type : row.type(run, key);
}

/**
 * The workspace root folder refuses a PUT without the admins group's CAN_MANAGE ("Cannot remove admins's
 * CAN_MANAGE permission on 0": terraform-provider-databricks issues #2134, #1241).
 */
const ROOT_PATH = '/api/2.0/permissions/directories/0';
const ROOT_ADMINS: GrantFile = { field: 'group_name', name: 'admins', level: 'CAN_MANAGE' };
const isRootAdmins = (g: GrantFile) =>
  g.field === ROOT_ADMINS.field && g.name === ROOT_ADMINS.name && g.level === ROOT_ADMINS.level;

/** Direct grants of one object, or undefined when it is gone; `invalid` are entries directGrants dropped. */
interface GrantsRead {
  grants?: GrantFile[];
  invalid: string[];
}

async function fetchGrants(client: DatabricksClient, path: string): Promise<GrantsRead> {
  const invalid: string[] = [];
  try {
    const grants = directGrants(await client.get(path), (why) => invalid.push(why));
    // admins' CAN_MANAGE on the workspace root cannot be removed (see ROOT_ADMINS): apply always sends it,
    // so it is neither recorded nor compared.
    return { grants: path === ROOT_PATH ? grants.filter((g) => !isRootAdmins(g)) : grants, invalid };
  } catch (error) {
    // Deleted while we read (or a cluster terminated long ago, §12): nothing to protect any more.
    if (error instanceof ApiError && (error.isNotFound || error.errorCode === 'INVALID_STATE'))
      return { invalid };
    throw error;
  }
}

/**
 * Permission reads of one run (one client): at most READS_AT_ONCE in the client at a time, whoever asks.
 * An export or a plan of 10,000 objects asks for all their ACLs at once; queued here, each waiting read
 * costs a closure, where a request waiting inside the client for the Permissions API's budget holds its
 * whole chain of frames and a timer. Sixteen in flight keep that budget (100 requests/s, reference §18.1;
 * https://docs.databricks.com/aws/en/resources/limits) busy at any latency below 160 ms.
 */
const READS_AT_ONCE = 16;

interface GrantReads {
  limit: LimitFunction;
  /**
   * Reads started ahead by API path. Each keeps only the direct grants, a few bytes, never the answer:
   * ten thousand ACLs held until the permissions kind runs would cost hundreds of MB.
   */
  ahead: Map<string, Promise<GrantsRead>>;
}

const GRANT_READS = slot<GrantReads>('permission reads');

function readsOf(run: RunCache): GrantReads {
  return run.get(GRANT_READS, () => ({ limit: pLimit(READS_AT_ONCE), ahead: new Map() }));
}

async function readGrants(
  { client, run }: Pick<RunScope, 'client' | 'run'>,
  type: string,
  id: JsonValue,
  onInvalid: (why: string) => void,
): Promise<GrantFile[] | undefined> {
  const path = `/api/2.0/permissions/${type}/${String(id)}`;
  const reads = readsOf(run);
  const pending = reads.ahead.get(path);
  if (pending) reads.ahead.delete(path);
  const read = await (pending ?? reads.limit(() => fetchGrants(client, path)));
  for (const why of read.invalid) onInvalid(why);
  return read.grants;
}

/**
 * Export's RefIndex hook: as soon as a covered object's id is known, queues the read of its permissions for
 * `readGrants`. The permissions kind runs after every other kind; read ahead, the Permissions API's budget
 * is spent while the other kinds read theirs, not after them.
 */
export function readPermissionsAhead(
  { client, run }: RunScope,
  kind: string,
  id: JsonValue,
  key: string,
): void {
  const row = COVERED.find((r) => r.kind === kind);
  const type = row && urlTypeOf(row, run, key);
  if (!type) return;
  const reads = readsOf(run);
  const path = `/api/2.0/permissions/${type}/${String(id)}`;
  if (reads.ahead.has(path)) return;
  const pending = reads.limit(() => fetchGrants(client, path));
  // Its failure is reported to whoever takes it; one nobody takes costs its request and nothing else.
  pending.catch(() => undefined);
  reads.ahead.set(path, pending);
}

/** Drops a read started ahead that nobody will take (its object was deleted while the export ran). */
function dropReadAhead(run: RunCache, type: string, id: JsonValue): void {
  readsOf(run).ahead.delete(`/api/2.0/permissions/${type}/${String(id)}`);
}

const objectKey = (kind: string, key: string) => `${kind}:${key}`;

function splitKey(key: string): { row: Covered; key: string } | undefined {
  const i = key.indexOf(':');
  const row = COVERED.find((r) => r.kind === key.slice(0, i));
  return row ? { row, key: key.slice(i + 1) } : undefined;
}

async function exportPermissions(ctx: ExportContext): Promise<void> {
  if (ctx.options.permissions === 'none') {
    // Not refreshed: the record keeps what the last export that read permissions found.
    for (const name of await ctx.previous.list(PERMISSIONS)) {
      const file = `${PERMISSIONS}/${name}`;
      ctx.out.claim(file);
      await ctx.out.copyFrom(ctx.previous, file);
    }
    ctx.report.warn(
      PERMISSIONS,
      '*',
      'not refreshed (permissions: none): the snapshot keeps the grants of the last export that read them',
    );
    return;
  }
  const unread: string[] = [];
  for (const row of COVERED) {
    const entries = ctx.refs.entries(row.kind);
    const grants = new Map<string, GrantFile[]>();
    await Promise.all(
      entries.map(async ([key, id]) => {
        const type = urlTypeOf(row, ctx.run, key);
        if (!type) return;
        // Deleted while the export ran: no file, so no grants either, even ones read before it went.
        if (ctx.refs.isVanished(row.kind, key)) return dropReadAhead(ctx.run, type, id);
        const list = await readGrants(ctx, type, id, (why) =>
          ctx.report.warn(PERMISSIONS, objectKey(row.kind, key), why),
        );
        if (!list) unread.push(objectKey(row.kind, key));
        else if (list.length) grants.set(key, list);
      }),
    );
    if (!grants.size) continue;
    const out: JsonObject = {};
    for (const key of [...grants.keys()].sort()) out[key] = (grants.get(key) ?? []).map(grantJson);
    const file = `${PERMISSIONS}/${row.kind}.json`;
    ctx.out.claim(file);
    await ctx.out.writeJson(file, out);
    ctx.report.count(PERMISSIONS, 'exported', grants.size);
    ctx.progress?.(PERMISSIONS, row.kind);
  }
  ctx.out.claim(RECORDED_FILE);
  await ctx.out.writeJson(RECORDED_FILE, {
    complete: COVERED.map((r) => r.kind),
    ...(unread.length ? { unread: unread.sort() } : {}),
  });
}

interface Recorded {
  complete: Set<string>;
  unread: Set<string>;
}

async function readRecorded(snapshot: SnapshotSource): Promise<Recorded | undefined> {
  if (!snapshot.has(RECORDED_FILE)) return undefined;
  const value = await snapshot.readJson(RECORDED_FILE);
  const list = (v: JsonValue | undefined): v is string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!isJsonObject(value) || !list(value.complete) || (value.unread !== undefined && !list(value.unread)))
    throw new SnapshotError(
      RECORDED_FILE,
      "must hold {'complete': [kinds whose grants were read], 'unread': ['<kind>:<key>', ...]}",
    );
  return { complete: new Set(value.complete), unread: new Set(value.unread ?? []) };
}

function parseGrant(value: JsonValue, where: string): GrantFile {
  if (!isJsonObject(value)) throw new SnapshotError(where, 'each grant must be an object');
  const fields = PRINCIPAL_FIELDS.filter((f) => value[f] !== undefined);
  if (fields.length !== 1 || typeof value[fields[0]] !== 'string' || value[fields[0]] === '')
    throw new SnapshotError(
      where,
      'each grant needs exactly one of user_name, group_name, service_principal_name',
    );
  if (typeof value.permission_level !== 'string' || !/^[A-Z_]+$/.test(value.permission_level))
    throw new SnapshotError(where, "each grant needs a 'permission_level' such as CAN_MANAGE");
  const extra = Object.keys(value).filter((k) => k !== fields[0] && k !== 'permission_level');
  if (extra.length) throw new SnapshotError(where, `unknown field '${extra[0]}' in a grant`);
  return { field: fields[0], name: String(value[fields[0]]), level: value.permission_level };
}

async function readDesired(
  snapshot: SnapshotSource,
  options: Partial<ApplyOptions> = {},
  before: readonly DesiredObject[] = [],
): Promise<DesiredObject[]> {
  if (options.permissions === 'none') return [];
  const out: DesiredObject[] = [];
  const files = snapshot.filesUnder(PERMISSIONS);
  if (!files.length) return out;
  const principals = await readSnapshotPrincipals(snapshot);
  for (const rel of files) {
    const source = `${PERMISSIONS}/${rel}`;
    if (source === RECORDED_FILE) continue;
    const row = COVERED.find((r) => `${r.kind}.json` === rel);
    if (!row)
      throw new SnapshotError(
        source,
        `not a covered kind: expected one of ${COVERED.map((r) => `${r.kind}.json`).join(', ')}`,
      );
    const value = await snapshot.readJson(source);
    if (!isJsonObject(value)) throw new SnapshotError(source, 'must map object keys to lists of grants');
    for (const [key, list] of Object.entries(value)) {
      if (!Array.isArray(list)) throw new SnapshotError(source, `'${key}' must be a list of grants`);
      const grants = sortGrants(list.map((g) => parseGrant(g, source)));
      if (row.owned && grants.filter((g) => g.level === 'IS_OWNER').length > 1)
        throw new SnapshotError(
          source,
          `'${key}' has more than one IS_OWNER: a ${row.kind} object has exactly one owner`,
        );
      out.push({
        kind: PERMISSIONS,
        key: objectKey(row.kind, key),
        spec: grants.map(grantJson),
        refs: [
          { kind: row.kind, key },
          ...principalRefs(
            principals,
            grants.map((g) => ({ type: PRINCIPAL_TYPE[g.field], name: g.name })),
          ),
        ],
        source,
      });
    }
  }
  const recorded = await readRecorded(snapshot);
  if (!recorded) return out;
  const listed = new Set(out.map((d) => d.key));
  for (const d of before) {
    const row = COVERED.find((r) => r.kind === d.kind);
    const key = objectKey(d.kind, d.key);
    if (!row || !recorded.complete.has(row.kind) || listed.has(key) || recorded.unread.has(key)) continue;
    const none: DesiredObject = {
      kind: PERMISSIONS,
      key,
      spec: [],
      refs: [{ kind: row.kind, key: d.key }],
      source: RECORDED_FILE,
    };
    out.push(none);
  }
  return out;
}

/** Per run: `<key>\0<principal>` already reported, so plan and apply do not say the same thing twice. */
const REPORTED = slot<Set<string>>('grant principals reported');

function reportMissing(
  ctx: { run: RunCache; report: ApplyContext['report'] },
  key: string,
  g: GrantFile,
): void {
  if (!ctx.run.firstTime(REPORTED, `${key}\0${g.field}\0${g.name}`)) return;
  const what = key.replace(':', ' ');
  if (g.level === 'IS_OWNER')
    ctx.report.manual.push({
      kind: PERMISSIONS,
      key,
      reason: `${what}: the owner ${g.name} does not exist in the target, so the current owner stays; add ${g.name} and apply again, or choose another owner`,
    });
  else
    ctx.report.warn(
      PERMISSIONS,
      key,
      `${what}: ${g.name} does not exist in the target: ${g.level} not granted`,
    );
}

/** What readActual keeps on each object's grants (see ActualObject.extra). */
interface GrantsExtra {
  /**
   * The owner an owned object keeps because the snapshot names none for it (no grants recorded, or the
   * owner cannot be had in the target): apply PUTs it back as the API requires, without reading the grants
   * again.
   */
  keptOwner?: GrantFile;
}

/**
 * Reads the direct grants of the snapshot's objects where the target has the object (one request per
 * object: grants have no change signal). A grant to a principal that neither the target nor the snapshot
 * has can never be applied: it is reported and counted as present, so that it does not make every plan show
 * (and every apply repeat) a change. The IS_OWNER of an owned object is compared only when the snapshot
 * names one. An object that apply is about to create starts with no direct grants of its own: when the
 * snapshot wants none, there is nothing to do.
 */
async function readActual(ctx: TargetContext): Promise<ActualObject<GrantsExtra>[]> {
  if (ctx.applyOptions?.permissions === 'none') return [];
  const wanted = ctx.desired.filter((d) => d.kind === PERMISSIONS);
  if (!wanted.length) return [];
  const directory = await readDirectory(ctx);
  const inSnapshot = inDesired(ctx.desired);
  const unappliable = (g: GrantFile) =>
    directoryId(directory, PRINCIPAL_TYPE[g.field], g.name) === undefined &&
    !inSnapshot(PRINCIPAL_TYPE[g.field], g.name);
  const out: ActualObject<GrantsExtra>[] = [];
  await Promise.all(
    wanted.map(async (d) => {
      const split = splitKey(d.key);
      if (!split) return;
      const id = ctx.refs.idOf(split.row.kind, split.key);
      const type = urlTypeOf(split.row, ctx.run, split.key);
      let grants = id === undefined || !type ? undefined : await readGrants(ctx, type, id, () => undefined);
      if (!grants) {
        // An object of a recorded kind with no entry: it stands for "no direct grants".
        if (d.source === RECORDED_FILE)
          out.push({
            kind: PERMISSIONS,
            key: d.key,
            id: '(not yet in the target)',
            spec: [],
            refs: d.refs,
            label: `${split.row.kind} ${split.key}`,
          });
        return;
      }
      const want = (Array.isArray(d.spec) ? d.spec : []).map((g) => parseGrant(g, d.source));
      const lost = want.filter(unappliable);
      for (const g of lost) reportMissing(ctx, d.key, g);
      const owner = grants.find((g) => g.level === 'IS_OWNER');
      const keepOwner =
        split.row.owned && owner && !want.some((g) => g.level === 'IS_OWNER' && !unappliable(g));
      if (keepOwner || lost.some((g) => g.level === 'IS_OWNER'))
        grants = grants.filter((g) => g.level !== 'IS_OWNER');
      grants = sortGrants([...grants, ...lost]);
      out.push({
        kind: PERMISSIONS,
        key: d.key,
        id: `${type}/${String(id)}`,
        spec: grants.map(grantJson),
        refs: d.refs,
        label: `${split.row.kind} ${split.key} (${type}/${String(id)})`,
        ...(keepOwner && owner ? { extra: { keptOwner: owner } } : {}),
      });
    }),
  );
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The target object's Permissions API address, looking a workspace object up when apply just created it. */
async function target(
  ctx: ApplyContext,
  row: Covered,
  key: string,
): Promise<{ type: string; id: JsonValue }> {
  const id = ctx.refs.idOf(row.kind, key);
  const type = urlTypeOf(row, ctx.run, key);
  if (row.kind === 'workspace') {
    // The workspace kind does not return ids of what it imports, and a replace may change the type.
    const status = await ctx.client.get<JsonObject>('/api/2.0/workspace/get-status', { path: key });
    const t = WORKSPACE_TYPES[String(status.object_type) as keyof typeof WORKSPACE_TYPES];
    if (!t || status.object_id === undefined)
      throw new Error(
        `${key} is a ${String(status.object_type)} in the target: it has no permissions of its own`,
      );
    return { type: t, id: status.object_id };
  }
  if (id === undefined || !type) throw new Error(`${row.kind} ${key} does not exist in the target`);
  return { type, id };
}

async function apply(ctx: ApplyContext, req: ApplyRequest<GrantsExtra>): Promise<JsonValue | undefined> {
  const split = splitKey(req.key);
  if (!split) throw new Error(`unknown permissions key ${req.key}`);
  const where = await target(ctx, split.row, split.key);
  const want = req.action === 'delete' ? [] : Array.isArray(req.desired?.spec) ? req.desired.spec : [];
  const grants = want.map((g) => parseGrant(g, req.desired?.source ?? PERMISSIONS));
  const kept: GrantFile[] = [];
  for (const g of grants) {
    if ((await lookup(ctx, PRINCIPAL_TYPE[g.field], g.name)) !== undefined) kept.push(g);
    else reportMissing(ctx, req.key, g);
  }
  // An owned object always has one owner, and a PUT replaces every direct grant: without an IS_OWNER the
  // workspace refuses it. The one the target has stays when the snapshot names none, or names one the
  // target lacks; for an object this apply just created, that is its creator, read now.
  if (split.row.owned && !kept.some((g) => g.level === 'IS_OWNER')) {
    const owner =
      req.actual?.extra?.keptOwner ??
      (await readGrants(ctx, where.type, where.id, () => undefined))?.find((g) => g.level === 'IS_OWNER');
    if (owner) kept.push(owner);
  }
  const path = `/api/2.0/permissions/${where.type}/${String(where.id)}`;
  // The workspace root keeps admins' CAN_MANAGE whatever the snapshot recorded (see ROOT_ADMINS).
  if (path === ROOT_PATH && !kept.some(isRootAdmins)) kept.push(ROOT_ADMINS);
  await ctx.client.request('PUT', path, {
    body: { access_control_list: kept.map(grantJson) },
  });
  return undefined;
}

export const permissionsKind: ResourceKind<GrantsExtra> = {
  name: PERMISSIONS,
  folder: PERMISSIONS,
  export: exportPermissions,
  readDesired,
  readActual,
  // Only the snapshot's objects are read, so there is never a target object without a desired one; grants
  // removed in the primary are updates (see the top of this file).
  protectedFromDelete: () => 'only the grants of objects in the snapshot are managed',
  apply,
};
