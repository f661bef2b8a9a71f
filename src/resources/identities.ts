/**
 * Workspace identities through SCIM 2.0 (reference §13; the types: databricks-sdk-go service/iam/model.go,
 * User, ServicePrincipal, Group): `users/<key>.json`, `service-principals/<key>.json` and `groups/<key>.json`, one
 * kind per SCIM resource built from an `IdentitySpec`. Users and service principals are data only (below);
 * groups add their members, built-in groups and account groups (groups.ts). How principals are named and
 * read is in principals.ts. No secrets: SCIM has none to read, and tokens are not restored.
 *
 * Apply creates what is missing and sets entitlements (and a group's memberships). A user the target cannot
 * create (an Azure AD tenant that does not know them) is skipped with a warning and a manual checklist
 * entry (not a failure: the apply succeeds). The identity the run uses is never deleted and keeps its
 * entitlements and memberships.
 */
import { ApiError } from '../databricks/errors.js';
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
  type ResourceKind,
  type TargetContext,
} from './kind.js';
import {
  comparableName,
  memberId,
  NAME_FIELDS,
  PATCH_SCHEMA,
  readDirectory,
  readSnapshotPrincipals,
  readTargetRun,
  RESOURCES,
  SCIM,
  SERVICE_PRINCIPALS,
  USERS,
  type Directory,
  type PrincipalType,
  type SnapshotPrincipals,
  type TargetRun,
} from './principals.js';

/**
 * One identity kind as data: which principals (`kind` gives the SCIM resource and the field that names one,
 * see principals.ts) and what its files hold besides the name and entitlements. The optional hooks are what
 * groups add (groups.ts).
 */
export interface IdentitySpec {
  kind: PrincipalType;
  /** The SCIM schema a create names: `urn:ietf:params:scim:schemas:core:2.0:<schema>`. */
  schema: 'User' | 'ServicePrincipal' | 'Group';
  /** What messages call one. */
  what: string;
  /** The fields whose first present value makes the key. */
  keyFrom: readonly string[];
  /** `displayName` beside the name: always kept, or left out when it is the name; absent: it is the name. */
  displayName?: 'kept' | 'unless-the-name';
  /** Whether the files hold `active` (SCIM User and ServicePrincipal have it, Group does not). */
  active?: true;
  /**
   * A create the target refuses with 400/404 (a principal the identity provider does not know) is a manual
   * step, skipped, not a failure: it must not fail every later apply, cutover included.
   */
  refusedCreateIsManual?: true;
  /** Adds what the kind's files hold beyond the common fields. */
  normalizeMore?(raw: JsonObject, d: Directory, out: JsonObject): void;
  /** Checks what the common checks do not. */
  validateMore?(spec: JsonObject): string | undefined;
  /** Why a target object must never be deleted (beyond being the run's identity). */
  undeletable?(raw: JsonObject): string | undefined;
  /** References from a file to other principals of the snapshot (a group's members). */
  references?(value: JsonObject, key: string, principals: SnapshotPrincipals): Ref[];
  /** keepFromTarget beyond entitlements: adds to `spec` and `unmanaged`. */
  keepMore?(
    want: JsonObject,
    have: JsonObject,
    out: { spec: JsonObject; unmanaged: string[]; prune: boolean; run?: TargetRun },
  ): void;
  /** Called before a create or an update; throws to skip the object. `have` is undefined on a create. */
  beforeWrite?(ctx: ApplyContext, key: string, want: JsonObject, have: JsonObject | undefined): void;
  /** Called after a create or an update with the object's id. */
  afterWrite?(
    ctx: ApplyContext,
    key: string,
    id: string,
    want: JsonObject,
    have: JsonObject | undefined,
  ): Promise<void>;
}

/** What readActual keeps on each principal (see ActualObject.extra). */
interface IdentityExtra {
  /** Why prune must keep it: the caller itself, a built-in group, an account group. */
  undeletable?: string;
  /** The run it was read in, for what an update or a prune must never take away (the caller, the last admin). */
  run: TargetRun;
}

function entitlements(raw: JsonObject): string[] {
  const list = Array.isArray(raw.entitlements) ? raw.entitlements : [];
  return list
    .map((e) => (isJsonObject(e) ? e.value : e))
    .filter((v): v is string => typeof v === 'string')
    .sort();
}

export function stringList(value: JsonValue | undefined): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** The target's (or source's) principal as its file holds it. */
function normalize(spec: IdentitySpec, raw: JsonObject, d: Directory): JsonObject {
  const name = NAME_FIELDS[spec.kind];
  const out: JsonObject = { [name]: String(raw[name]) };
  if (
    typeof raw.displayName === 'string' &&
    (spec.displayName === 'kept' || (spec.displayName === 'unless-the-name' && raw.displayName !== raw[name]))
  )
    out.displayName = raw.displayName;
  if (spec.active) out.active = raw.active !== false;
  spec.normalizeMore?.(raw, d, out);
  const e = entitlements(raw);
  if (e.length) out.entitlements = e;
  return out;
}

function validate(spec: IdentitySpec, value: JsonObject): string | undefined {
  const name = NAME_FIELDS[spec.kind];
  if (typeof value[name] !== 'string' || !value[name]) return `'${name}' must be a non-empty string`;
  if (value.entitlements !== undefined && !stringList(value.entitlements))
    return "'entitlements' must be a list of strings";
  if (value.active !== undefined && typeof value.active !== 'boolean')
    return "'active' must be true or false";
  return spec.validateMore?.(value);
}

const nameOf = (spec: IdentitySpec, raw: JsonObject) => String(raw[NAME_FIELDS[spec.kind]]);
const keySource = (spec: IdentitySpec, raw: JsonObject) =>
  String(raw[spec.keyFrom.find((f) => raw[f] !== undefined && raw[f] !== null) ?? NAME_FIELDS[spec.kind]]);

/** Keys by name, in a stable order; the same function in export and readActual. */
function keyed(spec: IdentitySpec, raws: JsonObject[]): Map<JsonObject, string> {
  return uniqueKeys(
    raws,
    (raw) => keySource(spec, raw),
    (a, b) =>
      keySource(spec, a).localeCompare(keySource(spec, b)) || nameOf(spec, a).localeCompare(nameOf(spec, b)),
  );
}

/**
 * The target's principals, keyed as the snapshot keys them. A principal is matched to a snapshot file by
 * what other workspaces call it (userName, applicationId, displayName), never by the key its display name
 * gives: a service principal renamed in the target, or two of them with one display name, is still the
 * snapshot's. Principals the snapshot lacks get keys of their own that no snapshot file uses.
 */
function targetKeys(
  spec: IdentitySpec,
  raws: JsonObject[],
  desired: DesiredObject[],
): Array<{ raw: JsonObject; key: string }> {
  const nameField = NAME_FIELDS[spec.kind];
  const wanted = new Map<string, string>();
  for (const d of desired)
    if (d.kind === spec.kind && isJsonObject(d.spec) && typeof d.spec[nameField] === 'string')
      wanted.set(comparableName(spec.kind, d.spec[nameField]), d.key);
  const taken = new Set(wanted.values());
  const out: Array<{ raw: JsonObject; key: string }> = [];
  const rest: JsonObject[] = [];
  for (const raw of raws) {
    const key = wanted.get(comparableName(spec.kind, nameOf(spec, raw)));
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

/** The principals of one type in a directory. */
function listed(d: Directory, kind: PrincipalType): JsonObject[] {
  return kind === USERS ? d.users : kind === SERVICE_PRINCIPALS ? d.servicePrincipals : d.groups;
}

/**
 * The desired list with the target's extra entries kept: those `always` says so (the caller) whatever prune
 * says, the others only without prune, and then named in `unmanaged` as `<path> "<entry>"`. The target's
 * entries come first in its order and the new ones after them, so that the plan shows an addition as one
 * (`members.users[2]: (none) -> "bob"`), not as a shift of every entry after it.
 */
export function keepExtras(
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
 * Entitlements (and a group's memberships, see groups.ts) are added, never removed without prune (the
 * secondary's own operators and service principal stay admins). With prune the snapshot's lists are the
 * object's, but the caller keeps its entitlements and memberships.
 */
function keepFromTarget(
  spec: IdentitySpec,
  desired: DesiredObject,
  actual: ActualObject<IdentityExtra>,
  prune: boolean,
): KeptParts {
  const want = desired.spec;
  const have = actual.spec;
  if (!isJsonObject(want) || !isJsonObject(have)) return { spec: want, unmanaged: [] };
  const run = actual.extra?.run;
  const caller = run?.caller;
  const isCaller = caller !== undefined && String(actual.id) === caller.id;
  const out: JsonObject = { ...want };
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
  if (entitlementList.length) out.entitlements = entitlementList;
  spec.keepMore?.(want, have, { spec: out, unmanaged, prune, run });
  return { spec: out, unmanaged };
}

/** One identity kind from its spec. */
export function identityKind(spec: IdentitySpec): ResourceKind<IdentityExtra> {
  const nameField = NAME_FIELDS[spec.kind];
  // Folders are kebab-case like every other kind's; the kind name stays the reference name.
  const folder = spec.kind.replace(/_/g, '-');

  const readDesired = async (snapshot: SnapshotSource): Promise<DesiredObject[]> => {
    const principals = spec.references ? await readSnapshotPrincipals(snapshot) : undefined;
    const out: DesiredObject[] = [];
    for (const { source, key } of keyedFiles(snapshot, folder)) {
      const value = await snapshot.readJson(source);
      if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
      const invalid = validate(spec, value);
      if (invalid) throw await snapshot.errorAt(source, invalid, fieldKey(invalid));
      const refs = principals && spec.references ? spec.references(value, key, principals) : [];
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
      const d = await readDirectory(ctx);
      const include = ctx.options.includeName;
      const all = listed(d, spec.kind);
      const chosen = include ? all.filter((raw) => include(spec.kind, nameOf(spec, raw))) : all;
      for (const { raw, key } of withKeys(chosen).sort((a, b) => (a.key < b.key ? -1 : 1))) {
        ctx.refs.add(spec.kind, String(raw.id), key);
        const file = `${folder}/${key}.json`;
        ctx.out.claim(file);
        await ctx.out.writeJson(file, normalize(spec, raw, d));
        ctx.report.count(spec.kind, 'exported');
        ctx.progress?.(spec.kind, key);
      }
    },

    readDesired,

    async readActual(ctx: TargetContext): Promise<ActualObject<IdentityExtra>[]> {
      const d = await readDirectory(ctx);
      const run = await readTargetRun(ctx);
      const me = run.caller;
      const list = targetKeys(spec, listed(d, spec.kind), ctx.desired);
      for (const { raw, key } of list) ctx.refs.add(spec.kind, String(raw.id), key);
      return list.map(({ raw, key }) => {
        const isMe =
          me && me.type === spec.kind && (me.id === String(raw.id) || me.name === nameOf(spec, raw));
        const undeletable = isMe ? 'the identity this run uses' : spec.undeletable?.(raw);
        return {
          kind: spec.kind,
          key,
          id: String(raw.id),
          spec: normalize(spec, raw, d),
          refs: [],
          label: `'${nameOf(spec, raw)}' (${String(raw.id)})`,
          extra: { run, ...(undeletable ? { undeletable } : {}) },
        };
      });
    },

    protectedFromDelete: (a) => {
      const name = isJsonObject(a.spec) ? String(a.spec[nameField]) : '';
      if (a.extra?.run.lastAdmins.has(memberId(spec.kind, name))) return "the last member of 'admins'";
      return a.extra?.undeletable;
    },

    keepFromTarget: (desired, actual, prune) => keepFromTarget(spec, desired, actual, prune),

    async apply(ctx: ApplyContext, req: ApplyRequest<IdentityExtra>): Promise<JsonValue | undefined> {
      const base = `${SCIM}/${RESOURCES[spec.kind]}`;
      if (req.action === 'delete' || req.action === 'replace') {
        if (!req.actual) throw new Error(`no target object for ${spec.kind}.${req.key}`);
        await ctx.client.request('DELETE', `${base}/${String(req.actual.id)}`, {
          notFoundOnRetryIsDone: true,
        });
        if (req.action === 'delete') return undefined;
      }
      const want = req.desired?.spec;
      if (!isJsonObject(want)) throw new Error(`no desired state for ${spec.kind}.${req.key}`);
      const have = req.action === 'update' && isJsonObject(req.actual?.spec) ? req.actual.spec : undefined;
      let id = have ? String(req.actual?.id) : undefined;
      spec.beforeWrite?.(ctx, req.key, want, have);
      if (!id) {
        id = await create(ctx, spec, req.key, want);
      } else {
        const ops = attributeOps(have ?? {}, want);
        if (ops.length)
          await ctx.client.request('PATCH', `${base}/${id}`, {
            body: { schemas: [PATCH_SCHEMA], Operations: ops },
          });
      }
      await spec.afterWrite?.(ctx, req.key, id, want, have);
      return id;
    },
  };
}

/** SCIM create; a principal the target cannot have becomes a failure with a manual checklist entry. */
async function create(ctx: ApplyContext, spec: IdentitySpec, key: string, want: JsonObject): Promise<string> {
  const body: JsonObject = { schemas: [`urn:ietf:params:scim:schemas:core:2.0:${spec.schema}`] };
  for (const field of ['userName', 'applicationId', 'displayName', 'active'])
    if (want[field] !== undefined) body[field] = want[field];
  const e = stringList(want.entitlements) ? want.entitlements : [];
  if (e.length) body.entitlements = e.map((value) => ({ value }));
  try {
    const created = await ctx.client.post<JsonObject>(`${SCIM}/${RESOURCES[spec.kind]}`, body);
    return String(created.id);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500 || error.isThrottled || error.isAuth) throw error;
    const name = want[NAME_FIELDS[spec.kind]];
    const what = spec.what;
    ctx.report.manual.push({
      kind: spec.kind,
      key,
      reason:
        `add the ${what} '${String(name)}' to the target workspace (for Azure: add them to the Azure AD tenant ` +
        `first), then run apply again to restore their group memberships and permissions`,
    });
    const message = `the target workspace refused to create the ${what} '${String(name)}': ${error.message}`;
    if (spec.refusedCreateIsManual && (error.status === 400 || error.status === 404)) {
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

/** Users, by userName (SCIM User). */
const USER_SPEC: IdentitySpec = {
  kind: USERS,
  schema: 'User',
  what: 'user',
  keyFrom: ['userName'],
  displayName: 'unless-the-name',
  active: true,
  refusedCreateIsManual: true,
};

/** Service principals, by applicationId, keyed by their display name (SCIM ServicePrincipal). */
const SP_SPEC: IdentitySpec = {
  kind: SERVICE_PRINCIPALS,
  schema: 'ServicePrincipal',
  what: 'service principal',
  keyFrom: ['displayName', 'applicationId'],
  displayName: 'kept',
  active: true,
  refusedCreateIsManual: true,
};

export const usersKind = identityKind(USER_SPEC);
export const servicePrincipalsKind = identityKind(SP_SPEC);
