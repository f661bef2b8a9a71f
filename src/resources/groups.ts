/**
 * Workspace groups through SCIM 2.0 (reference §13): `groups/<key>.json`, an identity kind (identities.ts)
 * with members, built-in groups and account groups.
 *
 * A group depends on its members only for ordering (soft references): a user the target cannot create is
 * skipped with a manual step, and the group still gets its other members. Built-in groups (`admins`,
 * `users`) are never created or deleted; `users` holds everyone automatically, so only its entitlements are
 * managed. `admins` never loses the last member the target has.
 *
 * Account groups (identity-federated workspaces; SCIM `meta.resourceType` `Group`, workspace-local ones are
 * `WorkspaceGroup`: reference §13, terraform-provider-databricks scim/scim.go) are recorded as `"accountGroup": true` without members: the account owns
 * them and their members, and the workspace SCIM API cannot create them or change their members. Apply
 * never creates one as a workspace-local group: a missing one is a manual step (assign the account group to
 * the workspace), skipped, not failed; one that exists gets its entitlements. Prune never removes one.
 */
import type { Ref } from '../plan/references.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { ManualStepError, type ApplyContext } from './kind.js';
import { identityKind, keepExtras, stringList, type IdentitySpec } from './identities.js';
import {
  GROUPS,
  lookup,
  memberId,
  PATCH_SCHEMA,
  principalKey,
  SCIM,
  SERVICE_PRINCIPALS,
  USERS,
  type PrincipalType,
  type TargetRun,
} from './principals.js';

const BUILTIN_GROUPS = new Set(['admins', 'users']);
/** The group whose membership the workspace manages itself. */
const EVERYONE = 'users';

/** SCIM `meta.resourceType` `Group` (not `WorkspaceGroup`): an account group assigned to the workspace. */
function isAccountGroup(raw: JsonObject): boolean {
  return isJsonObject(raw.meta) && raw.meta.resourceType === 'Group';
}

/** A group's members by type and name, or `accountGroup` for an account group (whose members are the account's). */
function normalizeMembers(
  raw: JsonObject,
  names: Map<string, { type: PrincipalType; name: string }>,
  out: JsonObject,
) {
  if (isAccountGroup(raw)) {
    out.accountGroup = true;
    return;
  }
  if (String(raw.displayName) === EVERYONE) return;
  const byType: Record<string, string[]> = { users: [], groups: [], service_principals: [] };
  for (const m of Array.isArray(raw.members) ? raw.members : []) {
    const id = isJsonObject(m) ? String(m.value) : undefined;
    const named = id === undefined ? undefined : names.get(id);
    if (named) byType[named.type].push(named.name);
  }
  const members: JsonObject = {};
  for (const [type, list] of Object.entries(byType)) if (list.length) members[type] = list.sort();
  if (Object.keys(members).length) out.members = members;
}

function validateMembers(spec: JsonObject): string | undefined {
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
}

/**
 * Memberships are added, never removed without prune (the secondary's own operators and service principal
 * stay admins). With prune the snapshot's members are the group's, but the caller keeps its memberships,
 * and `admins` keeps one of its current members if the snapshot would leave it with none the target has.
 */
function keepMembers(
  want: JsonObject,
  have: JsonObject,
  out: { spec: JsonObject; unmanaged: string[]; prune: boolean; run?: TargetRun },
): void {
  const name = String(want.displayName);
  if (name === EVERYONE || want.accountGroup === true || have.accountGroup === true) return;
  const caller = out.run?.caller;
  const list = (value: JsonValue | undefined) => (stringList(value) ? value : []);
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
      out.prune,
      (v) => caller !== undefined && same(v) === memberId(caller.type, caller.name),
      out.unmanaged,
    );
    if (merged.length) members[type] = merged;
  }
  if (name === 'admins') keepAnAdmin(members, haveMembers, out.run);
  if (Object.keys(members).length) out.spec.members = members;
  else delete out.spec.members;
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

/**
 * An account group is never made a workspace-local group (nor the other way round): a missing account group
 * or one of the wrong type in the target is a manual step, and the group is skipped. A built-in group is
 * never created.
 */
function checkGroupType(
  ctx: ApplyContext,
  key: string,
  want: JsonObject,
  have: JsonObject | undefined,
): void {
  const name = String(want.displayName);
  const wantAccount = want.accountGroup === true;
  if ((have && (have.accountGroup === true) === wantAccount) || (!have && !wantAccount)) {
    if (!have && BUILTIN_GROUPS.has(name))
      throw new Error(`the built-in group '${name}' is missing in the target: it cannot be created`);
    return;
  }
  const reason = !have
    ? `assign the account group '${name}' to the target workspace (account console: Workspaces, Permissions), then run apply again for its entitlements and grants`
    : wantAccount
      ? `the target has a workspace-local group '${name}' where the snapshot has the account group: migrate it to the account group (or delete it and assign the account group), then apply again`
      : `the target has the account group '${name}' where the snapshot has a workspace-local group: remove the account group's assignment or rename one of them, then apply again`;
  ctx.report.manual.push({ kind: GROUPS, key, reason });
  ctx.report.warn(GROUPS, key, `group '${name}' not applied: a manual step, see the checklist`);
  throw new ManualStepError(reason);
}

/**
 * Adds the desired members the target has and removes the others: the desired spec already holds the
 * members `keepMembers` keeps (every extra one without prune, the caller always). A member missing from
 * the target (a user that could not be created) is a warning here: its own failure already says what to do.
 */
async function setMembers(
  ctx: ApplyContext,
  key: string,
  groupId: string,
  want: JsonObject,
  have: JsonObject | undefined,
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

/** Groups, by displayName (SCIM Group), with their members. */
const GROUP_SPEC: IdentitySpec = {
  kind: GROUPS,
  schema: 'Group',
  what: 'group',
  keyFrom: ['displayName'],
  normalizeMore: (raw, d, out) => normalizeMembers(raw, d.names, out),
  validateMore: validateMembers,
  undeletable: (raw) =>
    isAccountGroup(raw)
      ? 'account group: its assignment to the workspace is managed in the account'
      : BUILTIN_GROUPS.has(String(raw.displayName))
        ? 'built-in group'
        : undefined,
  references(value, key, principals): Ref[] {
    const refs: Ref[] = [];
    if (!isJsonObject(value.members)) return refs;
    for (const [type, names] of Object.entries(value.members))
      for (const name of names as string[]) {
        const k = principalKey(principals, type as PrincipalType, name);
        // Ordering only: members are created first, but one that fails does not hold the group back.
        if (k !== undefined && !(type === GROUPS && k === key)) refs.push({ kind: type, key: k, soft: true });
      }
    return refs;
  },
  keepMore: keepMembers,
  beforeWrite: checkGroupType,
  afterWrite: setMembers,
};

export const groupsKind = identityKind(GROUP_SPEC);
