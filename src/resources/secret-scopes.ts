/**
 * Secret scopes (reference §11; databricks-sdk-go service/workspace/model.go): `secret-scopes/<key>.json`
 * holds the scope name, its backend (with the Azure Key Vault it reads, if any), its ACLs (principal ->
 * permission) and the sorted names of its keys. Secret values are never exported: the REST API does not
 * return them. Apply takes them from the `secretValues` option (`"<scope>/<key>": "value"`).
 *
 * The rule that keeps a second apply a no-op while values cannot be read back: a value is put only where
 * the target lacks the key; `forceSecretValues` puts every supplied value again (rotation). The plan
 * compares, per key, a marker instead of a value:
 * - `set`: a value is supplied; the target has the key (actual) or must get it (desired);
 * - `put again`: a value is supplied with `forceSecretValues`: always differs from `set`, so it is put;
 * - `no value supplied`: nothing apply could do, so both sides carry the marker and the key is never a
 *   change; a key missing in the target is reported as a warning and a manual step instead;
 * - `in Azure Key Vault`: Key Vault-backed scopes are read-only through Databricks; keys are listed only.
 * Keys the target has but the snapshot does not are left alone: a deleted value cannot be restored.
 *
 * A scope the exporter may not fully read (listing keys needs READ on it, listing ACLs MANAGE) is still
 * recorded, never dropped: a scope missing from the snapshot is one prune deletes, values and all. Its file
 * leaves out what could not be listed and says so in `unread` (`{"acls": "listing ACLs needs MANAGE on the
 * scope"}`). Apply creates such a scope where it is missing, never compares or changes the unread parts in
 * the target, and puts them on the manual checklist.
 *
 * An ACL names a user (userName), a group (displayName; `users` is every user) or a service principal
 * (applicationId) without saying which. One the target lacks and the snapshot does not create is not
 * granted: a warning and a manual step, and counted as present so that it is not a change at every plan,
 * as the permissions kind does with its grants. Values are put before ACLs, so an ACL the target refuses
 * never leaves a scope without its values.
 */
import { theOf } from '../inputs.js';
import { ApiError, unlessNotFound } from '../databricks/errors.js';
import type { DatabricksClient } from '../databricks/client.js';
import { uniqueKeys } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import { fieldKey, jsonKey, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { DESTINATION_SECRET_PREFIX } from './notification-destinations.js';
import { slot } from '../util/memo.js';
import {
  PRINCIPAL_TYPES,
  directoryId,
  inDesired,
  lookup,
  principalRefs,
  readDirectory,
  readSnapshotPrincipals,
} from './principals.js';
import {
  DELETED_WHILE_EXPORTING,
  type ActualObject,
  type ApplyContext,
  type ApplyOptions,
  type ApplyRequest,
  type DesiredObject,
  type ExportContext,
  type ResourceKind,
  type RunCache,
  type TargetContext,
} from './kind.js';

const KIND = 'secret_scopes';
const FOLDER = 'secret-scopes';
const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const PERMISSIONS = ['READ', 'WRITE', 'MANAGE'];

export const KEY_SET = 'set';
export const KEY_PUT_AGAIN = 'put again';
export const KEY_NO_VALUE = 'no value supplied';
export const KEY_IN_VAULT = 'in Azure Key Vault';

interface ScopeInfo {
  name: string;
  backend_type?: string;
  keyvault_metadata?: { resource_id?: string; dns_name?: string };
}

/** What a scope's file holds besides its name and backend, each listed by its own request. */
const PARTS = ['acls', 'keys'] as const;
type Part = (typeof PARTS)[number];

/**
 * Why a part may be refused (reference §11; databricks-sdk-go service/workspace/model.go), as `unread`
 * records it.
 */
const NEEDS: Record<Part, string> = {
  acls: 'listing ACLs needs MANAGE on the scope',
  keys: 'listing keys needs READ on the scope',
};
const PART_NAMES: Record<Part, string> = { acls: 'ACLs', keys: 'keys' };

/** The built-in group of every workspace user: every workspace has it. */
const ALL_USERS = 'users';

interface ScopeFile {
  name: string;
  backend_type: 'DATABRICKS' | 'AZURE_KEYVAULT';
  keyvault_metadata?: { resource_id: string; dns_name: string };
  /** Absent when `unread` names it. */
  acls?: Record<string, string>;
  keys?: string[];
  /** The parts the export could not list, with why. */
  unread?: Partial<Record<Part, string>>;
}

async function listScopes(client: DatabricksClient): Promise<ScopeInfo[]> {
  const page = await client.getList<{ scopes?: ScopeInfo[] }>('/api/2.0/secrets/scopes/list', 'scopes');
  return page.scopes ?? [];
}

/** Keys from names, in name order: the same in every workspace that has the same scope names. */
function keyed(scopes: ScopeInfo[]): { scope: ScopeInfo; key: string }[] {
  const keys = uniqueKeys(
    scopes,
    (s) => s.name,
    (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return scopes
    .map((scope) => ({ scope, key: keys.get(scope) as string }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A grant missing on this scope; never a refused token, which must fail the run rather than skip scopes. */
const isDenied = (error: unknown): error is ApiError => error instanceof ApiError && error.isPermissionDenied;

/**
 * The scope as the snapshot stores it (values are never part of it), with the `parts` asked for. A part the
 * caller may not list is left out of `file` and its refusal put in `denied`; other errors are thrown.
 */
async function readScope(
  client: DatabricksClient,
  scope: ScopeInfo,
  parts: readonly Part[] = PARTS,
): Promise<{ file: ScopeFile; denied: Partial<Record<Part, ApiError>> }> {
  const denied: Partial<Record<Part, ApiError>> = {};
  const list = async <T>(part: Part, path: string, items: string): Promise<T | undefined> => {
    if (!parts.includes(part)) return undefined;
    try {
      return await client.getList<T>(path, items, { scope: scope.name });
    } catch (error) {
      if (!isDenied(error)) throw error;
      denied[part] = error;
      return undefined;
    }
  };
  const [secrets, acls] = await Promise.all([
    list<{ secrets?: { key: string }[] }>('keys', '/api/2.0/secrets/list', 'secrets'),
    list<{ items?: { principal: string; permission: string }[] }>(
      'acls',
      '/api/2.0/secrets/acls/list',
      'items',
    ),
  ]);
  const file: ScopeFile = {
    name: scope.name,
    backend_type: scope.backend_type === 'AZURE_KEYVAULT' ? 'AZURE_KEYVAULT' : 'DATABRICKS',
  };
  if (acls) file.acls = Object.fromEntries((acls.items ?? []).map((a) => [a.principal, a.permission]));
  if (secrets) file.keys = (secrets.secrets ?? []).map((s) => s.key).sort();
  const kv = scope.keyvault_metadata;
  if (file.backend_type === 'AZURE_KEYVAULT' && kv)
    file.keyvault_metadata = { resource_id: kv.resource_id ?? '', dns_name: kv.dns_name ?? '' };
  return { file, denied };
}

async function exportScopes(ctx: ExportContext): Promise<void> {
  const include = ctx.options.includeName;
  const scopes = (await listScopes(ctx.client)).filter((s) => !include || include(KIND, s.name));
  for (const { scope, key } of keyed(scopes)) {
    const read = await unlessNotFound(readScope(ctx.client, scope));
    if (!read) {
      ctx.report.skip(KIND, key, `${DELETED_WHILE_EXPORTING} ('${scope.name}')`);
      continue;
    }
    const { file: content, denied } = read;
    // A scope the exporter cannot see into is recorded with what it could read: left out of the snapshot,
    // it would be one that prune deletes in the target, with values the snapshot cannot give back.
    const unread = PARTS.filter((part) => denied[part]);
    if (unread.length) {
      content.unread = Object.fromEntries(unread.map((part) => [part, NEEDS[part]]));
      const what = unread.map((part) => PART_NAMES[part]).join(' and ');
      const why = unread.map((part) => denied[part]?.message).join('; ');
      ctx.report.warn(
        KIND,
        key,
        `secret scope '${scope.name}': could not list its ${what} (${why}); the snapshot records the scope without them, so apply creates it where it is missing but leaves its ${what} as the target has them, and prune never deletes it: grant the exporting identity MANAGE on the scope, or export as a workspace admin`,
      );
    }
    const file = `${FOLDER}/${key}.json`;
    ctx.out.claim(file);
    await ctx.out.writeJson(file, content);
    ctx.report.count(KIND, 'exported');
    ctx.progress?.(KIND, key);
  }
}

/** A refusal that points at a value rather than at the field the message quotes. */
interface Invalid {
  message: string;
  at: RegExp;
}

function validate(value: JsonValue): string | Invalid | undefined {
  if (!isJsonObject(value)) return 'must hold a JSON object';
  if (typeof value.name !== 'string' || !NAME.test(value.name))
    return "'name' must be a scope name (letters, digits, '-', '_' and '.', at most 128 characters)";
  if (value.backend_type !== 'DATABRICKS' && value.backend_type !== 'AZURE_KEYVAULT')
    return "'backend_type' must be DATABRICKS or AZURE_KEYVAULT";
  const kv = value.keyvault_metadata;
  if (value.backend_type === 'AZURE_KEYVAULT') {
    if (!isJsonObject(kv) || typeof kv.resource_id !== 'string' || typeof kv.dns_name !== 'string')
      return "an AZURE_KEYVAULT scope needs 'keyvault_metadata' with 'resource_id' and 'dns_name'";
  } else if (kv !== undefined) return "'keyvault_metadata' belongs to AZURE_KEYVAULT scopes only";
  const unread = value.unread;
  if (
    unread !== undefined &&
    (!isJsonObject(unread) ||
      Object.keys(unread).length === 0 ||
      Object.entries(unread).some(
        ([part, why]) => !PARTS.includes(part as Part) || typeof why !== 'string' || why === '',
      ))
  )
    return "'unread' must map 'acls' and/or 'keys' to why the export could not list them";
  for (const part of PARTS)
    if (isJsonObject(unread) && unread[part] !== undefined && value[part] !== undefined)
      return {
        message: `'${part}' must be left out: 'unread' says the export could not list them`,
        // At the field itself (a list or an object), not at its name inside `unread`.
        at: new RegExp(`${jsonKey(part).source}\\s*[[{]`),
      };
  if (!isJsonObject(unread) || unread.acls === undefined) {
    if (!isJsonObject(value.acls)) return "'acls' must map principals to READ, WRITE or MANAGE";
    for (const [principal, permission] of Object.entries(value.acls))
      if (typeof permission !== 'string' || !PERMISSIONS.includes(permission))
        return {
          message: `ACL of '${principal}' must be READ, WRITE or MANAGE`,
          at: jsonKey(principal),
        };
  }
  if (!isJsonObject(unread) || unread.keys === undefined) {
    const keys = value.keys;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && NAME.test(k)))
      return "'keys' must be a list of secret key names";
    if (new Set(keys).size !== keys.length) return "'keys' names a key twice";
  }
  return undefined;
}

function keyMarker(file: ScopeFile, key: string, options: Partial<ApplyOptions>): string {
  if (file.backend_type === 'AZURE_KEYVAULT') return KEY_IN_VAULT;
  if (options.secretValues?.[`${file.name}/${key}`] === undefined) return KEY_NO_VALUE;
  return options.forceSecretValues ? KEY_PUT_AGAIN : KEY_SET;
}

/**
 * The comparable form: the file with `keys` turned into key -> marker (see the module comment). Unread parts
 * stay out, and `unread` stays in: it is on both sides of the comparison and tells apply what to leave.
 */
function desiredSpec(file: ScopeFile, options: Partial<ApplyOptions>): JsonObject {
  const spec: JsonObject = { name: file.name, backend_type: file.backend_type };
  if (file.acls) spec.acls = { ...file.acls };
  if (file.keys) spec.keys = Object.fromEntries(file.keys.map((k) => [k, keyMarker(file, k, options)]));
  if (file.keyvault_metadata) spec.keyvault_metadata = { ...file.keyvault_metadata };
  if (file.unread) spec.unread = { ...file.unread };
  return spec;
}

async function readDesired(
  snapshot: SnapshotSource,
  options: Partial<ApplyOptions> = {},
): Promise<DesiredObject[]> {
  const out: DesiredObject[] = [];
  const names = new Map<string, string>();
  for (const { source, key } of keyedFiles(snapshot, FOLDER)) {
    const value = await snapshot.readJson(source);
    const invalid = validate(value);
    if (typeof invalid === 'string') throw await snapshot.errorAt(source, invalid, fieldKey(invalid));
    if (invalid) throw await snapshot.errorAt(source, invalid.message, invalid.at);
    const file = value as unknown as ScopeFile;
    const other = names.get(file.name);
    if (other)
      throw await snapshot.errorAt(
        source,
        `scope '${file.name}' is also described by ${other}`,
        jsonKey('name'),
      );
    names.set(file.name, source);
    const acls = file.acls ?? {};
    const refs = Object.keys(acls).length
      ? principalRefs(
          await readSnapshotPrincipals(snapshot),
          Object.keys(acls).map((name) => ({ name })),
        )
      : [];
    out.push({ kind: KIND, key, spec: desiredSpec(file, options), refs, source });
  }
  return out;
}

/** What readActual keeps on each target scope (see ActualObject.extra). */
interface ScopeExtra {
  /** The values a replace would lose for good (see ResourceKind.replaceTakes). */
  unrecoverable?: string;
}

/**
 * The target's scopes through the same markers. Extra MANAGE grants in the target are left out of the
 * comparison (and never deleted): one of them is usually the identity running apply, which got MANAGE by
 * creating the scope; removing it would lock apply out of the scope. Parts the snapshot's `unread` names are
 * not read at all.
 */
async function readActual(ctx: TargetContext): Promise<ActualObject<ScopeExtra>[]> {
  const wanted = new Map(
    ctx.desired.filter((d) => d.kind === KIND).map((d) => [(d.spec as JsonObject).name as string, d]),
  );
  const known = await principalsKnown(ctx, wanted);
  const out: ActualObject<ScopeExtra>[] = [];
  const present = new Map<string, Set<string>>();
  for (const { scope, key } of keyed(await listScopes(ctx.client))) {
    const desired = wanted.get(scope.name)?.spec as JsonObject | undefined;
    const unread = isJsonObject(desired?.unread) ? desired.unread : undefined;
    const parts = PARTS.filter((part) => unread?.[part] === undefined);
    const read = await unlessNotFound(readScope(ctx.client, scope, parts));
    // Deleted since it was listed: absent.
    if (!read) continue;
    const { file, denied } = read;
    if (denied.keys) throw denied.keys;
    // A read-only plan identity may lack MANAGE on a scope, which listing its ACLs needs: the plan goes on
    // without comparing that scope's ACLs (taken as the snapshot has them) and says so.
    if (denied.acls)
      ctx.report.warn(
        KIND,
        key,
        `secret scope '${scope.name}': its ACLs were not compared (${denied.acls.message}); listing ACLs needs MANAGE on the scope: grant it to the identity that runs plan, or run plan as a workspace admin`,
      );
    const keyList = file.keys ?? [];
    present.set(scope.name, new Set(keyList));
    const spec: JsonObject = { name: file.name, backend_type: file.backend_type };
    if (parts.includes('acls')) spec.acls = actualAcls(ctx, file, desired, known);
    if (parts.includes('keys')) {
      const keys: JsonObject = {};
      if (desired) {
        // Only keys the snapshot names are compared; the markers mirror the desired side (module comment).
        for (const [k, marker] of Object.entries((desired.keys ?? {}) as JsonObject)) {
          if (marker === KEY_NO_VALUE || marker === KEY_IN_VAULT) keys[k] = marker;
          else if (keyList.includes(k)) keys[k] = KEY_SET;
        }
      } else
        for (const k of keyList) keys[k] = file.backend_type === 'AZURE_KEYVAULT' ? KEY_IN_VAULT : KEY_SET;
      spec.keys = keys;
    }
    if (file.keyvault_metadata) spec.keyvault_metadata = { ...file.keyvault_metadata };
    if (unread) spec.unread = { ...unread };
    const a: ActualObject<ScopeExtra> = {
      kind: KIND,
      key,
      id: scope.name,
      spec,
      refs: [],
      label: `'${scope.name}'`,
      extra: {},
    };
    if (file.backend_type !== 'AZURE_KEYVAULT') {
      // Values apply cannot put back: of keys the snapshot does not list, or lists without a value (none
      // when the scope becomes Key Vault-backed).
      const supplied = (k: string) => {
        const marker = isJsonObject(desired?.keys) ? desired.keys[k] : undefined;
        return marker === KEY_SET || marker === KEY_PUT_AGAIN;
      };
      const lost = parts.includes('keys') ? keyList.filter((k) => !supplied(k)) : undefined;
      if (lost === undefined)
        a.extra = { unrecoverable: 'every value it holds (its keys could not be listed)' };
      else if (lost.length)
        a.extra = {
          unrecoverable: `the values of ${lost.length} secret key(s) it holds (${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ', ...' : ''}), which apply has no value for and no API reads back`,
        };
    }
    out.push(a);
  }
  for (const d of wanted.values()) {
    const { name, acls } = d.spec as JsonObject;
    for (const [principal, permission] of Object.entries(isJsonObject(acls) ? acls : {}))
      if (!known(principal)) reportUnknownPrincipal(ctx, d.key, String(name), principal, String(permission));
  }
  reportMissingValues(ctx, wanted, present);
  reportUnread(ctx, wanted);
  return out;
}

/**
 * The target's ACLs of a scope as compared: the snapshot's where the target would not list them, without
 * extra MANAGE grants (see readActual), and with every ACL of a principal that apply cannot grant (see
 * principalsKnown) counted as present: reported once, it is not a change at every plan.
 */
function actualAcls(
  ctx: TargetContext,
  file: ScopeFile,
  desired: JsonObject | undefined,
  known: (principal: string) => boolean,
): JsonObject {
  const desiredAcls = (desired?.acls ?? {}) as JsonObject;
  const acls: JsonObject = file.acls ? {} : { ...desiredAcls };
  for (const [principal, permission] of Object.entries(file.acls ?? {})) {
    if (desired && permission === 'MANAGE' && desiredAcls[principal] === undefined) {
      ctx.log.debug(
        `secret scope ${file.name}: keeping the MANAGE grant of ${principal}, not in the snapshot`,
      );
      continue;
    }
    acls[principal] = permission;
  }
  for (const [principal, permission] of Object.entries(desiredAcls))
    if (!known(principal)) acls[principal] = permission;
  return acls;
}

/**
 * Whether apply can grant to a principal: the target has it, the snapshot creates it, or it is `users`.
 * Reads the target's principals only when a scope of the snapshot has ACLs.
 */
async function principalsKnown(
  ctx: TargetContext,
  wanted: Map<string, DesiredObject>,
): Promise<(principal: string) => boolean> {
  const named = [...wanted.values()].some(
    (d) => Object.keys(((d.spec as JsonObject).acls ?? {}) as JsonObject).length > 0,
  );
  if (!named) return () => true;
  const directory = await readDirectory(ctx);
  const inSnapshot = inDesired(ctx.desired);
  return (principal) =>
    principal === ALL_USERS ||
    PRINCIPAL_TYPES.some(
      (type) => directoryId(directory, type, principal) !== undefined || inSnapshot(type, principal),
    );
}

/** Per run: `<scope>\0<principal>` already reported, so plan and apply do not say the same thing twice. */
const REPORTED = slot<Set<string>>('secret scope principals reported');

function reportUnknownPrincipal(
  ctx: { run: RunCache; report: TargetContext['report'] },
  key: string,
  name: string,
  principal: string,
  permission: string,
): void {
  if (!ctx.run.firstTime(REPORTED, `${name}\0${principal}`)) return;
  ctx.report.warn(
    KIND,
    key,
    `secret scope '${name}': ${principal} does not exist in the target: its ${permission} ACL is not granted`,
  );
  ctx.report.manual.push({
    kind: KIND,
    key,
    reason: `grant ${permission} on secret scope '${name}' to ${principal} once ${principal} exists in the target (databricks secrets put-acl ${name} ${principal} ${permission})`,
  });
}

/** What the export could not list goes on the manual checklist, at every plan: no apply can check it. */
function reportUnread(ctx: TargetContext, wanted: Map<string, DesiredObject>): void {
  for (const [name, d] of wanted) {
    const unread = (d.spec as JsonObject).unread;
    if (!isJsonObject(unread)) continue;
    if (unread.acls !== undefined)
      ctx.report.manual.push({
        kind: KIND,
        key: d.key,
        reason: `the export could not list the ACLs of secret scope '${name}' (${String(unread.acls)}): set them by hand as the primary has them (databricks secrets put-acl ${name} <principal> <permission>)`,
      });
    if (unread.keys !== undefined)
      ctx.report.manual.push({
        kind: KIND,
        key: d.key,
        reason: `the export could not list the keys of secret scope '${name}' (${String(unread.keys)}): put its secrets by hand as the primary has them (databricks secrets put-secret ${name} <key>)`,
      });
  }
}

/** Keys the target lacks and no value was supplied for: a warning and a manual step each. */
function reportMissingValues(
  ctx: TargetContext,
  wanted: Map<string, DesiredObject>,
  present: Map<string, Set<string>>,
): void {
  const named = new Set<string>();
  const unlisted = new Set<string>();
  for (const [name, d] of wanted) {
    const keys = (d.spec as JsonObject).keys;
    if (!isJsonObject(keys)) unlisted.add(name);
    for (const [k, marker] of Object.entries(isJsonObject(keys) ? keys : {})) {
      named.add(`${name}/${k}`);
      if (marker !== KEY_NO_VALUE || present.get(name)?.has(k)) continue;
      ctx.report.warn(
        KIND,
        d.key,
        `secret '${name}/${k}' has no value in ${theOf('secrets', ctx.options.words ?? 'action')}: not restored`,
      );
      ctx.report.manual.push({
        kind: KIND,
        key: d.key,
        reason: `put the value of secret '${k}' into scope '${name}' (databricks secrets put-secret ${name} ${k}), or pass it as "${name}/${k}" in ${theOf('secrets', ctx.options.words ?? 'action')}`,
      });
    }
  }
  // A mistyped name would otherwise leave the real key without its value and say nothing about why. The
  // warning goes to the log as well as the summary: a terminal shows no summary's warnings.
  for (const supplied of Object.keys(ctx.applyOptions?.secretValues ?? {}).sort()) {
    // Values of notification destinations: that kind checks those names.
    if (named.has(supplied) || supplied.startsWith(DESTINATION_SECRET_PREFIX)) continue;
    // Storage credentials' secrets (unity-catalog.ts credentialSecretKey) are that kind's to use.
    if (supplied.startsWith('unity-catalog/')) continue;
    const scope = supplied.split('/')[0];
    const close = closestSecretName(supplied, named);
    const hint = unlisted.has(scope)
      ? ` (the export could not list the keys of scope '${scope}')`
      : close
        ? ` (did you mean '${close}'?)`
        : '';
    const message = `secrets input: '${supplied}' names no secret in the snapshot${hint}; its value is not used`;
    ctx.report.warn(KIND, supplied, message);
    ctx.log.warning(message);
  }
}

/** Spelling that people mix up in secret names: case, and '-' / '_' / '.'. */
const looseName = (name: string) => name.toLowerCase().replace(/[-_.]/g, '-');

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/**
 * The snapshot's `scope/key` that `name` most likely meant: the same but for case and '-' / '_' / '.',
 * else one within two edits (fewer for short names); undefined when none is that close.
 */
export function closestSecretName(name: string, known: Iterable<string>): string | undefined {
  const want = looseName(name);
  const limit = Math.min(2, Math.floor(name.length / 5));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of [...known].sort()) {
    const distance = editDistance(want, looseName(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Grants the snapshot's ACLs and revokes the others (but the kept MANAGE grants, which `have` leaves out). A
 * principal the target does not have is skipped with a warning and a manual step (reportUnknownPrincipal).
 */
async function putAcls(
  ctx: ApplyContext,
  key: string,
  name: string,
  want: JsonObject,
  have: JsonObject,
): Promise<void> {
  for (const [principal, permission] of Object.entries(want)) {
    if (have[principal] === permission) continue;
    if (!(await principalExists(ctx, principal))) {
      reportUnknownPrincipal(ctx, key, name, principal, String(permission));
      continue;
    }
    await ctx.client.post(
      '/api/2.0/secrets/acls/put',
      { scope: name, principal, permission },
      { idempotent: true },
    );
  }
  for (const principal of Object.keys(have))
    if (want[principal] === undefined)
      await ctx.client.post(
        '/api/2.0/secrets/acls/delete',
        { scope: name, principal },
        { idempotent: true, notFoundOnRetryIsDone: true },
      );
}

/** A secret ACL does not say what it names: a user, a group or a service principal. */
async function principalExists(ctx: ApplyContext, principal: string): Promise<boolean> {
  if (principal === ALL_USERS) return true;
  for (const type of PRINCIPAL_TYPES) if ((await lookup(ctx, type, principal)) !== undefined) return true;
  return false;
}

async function putValues(ctx: ApplyContext, name: string, want: JsonObject, have: JsonObject): Promise<void> {
  for (const [k, marker] of Object.entries(want)) {
    if (marker !== KEY_SET && marker !== KEY_PUT_AGAIN) continue;
    if (have[k] === marker) continue;
    const value = ctx.options.secretValues?.[`${name}/${k}`];
    if (value === undefined) continue;
    // A put overwrites: retrying it is safe.
    await ctx.client.post(
      '/api/2.0/secrets/put',
      { scope: name, key: k, string_value: value },
      { idempotent: true },
    );
  }
}

async function createScope(ctx: ApplyContext, key: string, spec: JsonObject): Promise<void> {
  const name = spec.name as string;
  const body: JsonObject = { scope: name };
  if (spec.backend_type === 'AZURE_KEYVAULT') {
    body.scope_backend_type = 'AZURE_KEYVAULT';
    body.backend_azure_keyvault = spec.keyvault_metadata as JsonObject;
  }
  try {
    // Scope names are unique: a retry cannot make a second scope, and finds the first made.
    await ctx.client.post('/api/2.0/secrets/scopes/create', body, {
      idempotent: true,
      existsOnRetryIsDone: true,
    });
  } catch (error) {
    if (!(error instanceof ApiError) || spec.backend_type !== 'AZURE_KEYVAULT' || error.isAlreadyExists)
      throw error;
    const kv = spec.keyvault_metadata as JsonObject;
    ctx.report.manual.push({
      kind: KIND,
      key,
      reason: `create the Azure Key Vault-backed secret scope '${name}' (vault ${String(kv.dns_name)}) as a user, then apply again`,
    });
    throw new Error(
      `cannot create the Azure Key Vault-backed secret scope '${name}': ${error.message} ` +
        "(creating a Key Vault scope needs a user's Azure AD token; a service principal cannot)",
      { cause: error },
    );
  }
}

async function apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
  if (req.action === 'delete' || req.action === 'replace') {
    const name = req.actual?.id;
    if (typeof name !== 'string') throw new Error(`no target scope for ${KIND}.${req.key}`);
    await ctx.client.post(
      '/api/2.0/secrets/scopes/delete',
      { scope: name },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
    if (req.action === 'delete') return undefined;
  }
  const spec = req.desired?.spec;
  if (!isJsonObject(spec)) throw new Error(`no desired state for ${KIND}.${req.key}`);
  const name = spec.name as string;
  // Parts the export could not list are absent from the spec: left as the target has them.
  const wantAcls = isJsonObject(spec.acls) ? spec.acls : undefined;
  const wantKeys = isJsonObject(spec.keys) ? spec.keys : undefined;
  let have: JsonObject = { acls: {}, keys: {} };
  if (req.action === 'update' && isJsonObject(req.actual?.spec)) have = req.actual.spec;
  else {
    await createScope(ctx, req.key, spec);
    if (wantAcls) {
      // The creator holds MANAGE on a new scope; it is kept (see readActual), so it counts as present.
      const acls = await ctx.client.getList<{ items?: { principal: string; permission: string }[] }>(
        '/api/2.0/secrets/acls/list',
        'items',
        { scope: name },
      );
      have.acls = Object.fromEntries(
        (acls.items ?? [])
          .filter((a) => a.permission !== 'MANAGE' || wantAcls[a.principal] !== undefined)
          .map((a) => [a.principal, a.permission]),
      );
    }
  }
  // Values before ACLs: an ACL the target refuses must not leave the scope without its values.
  if (wantKeys) await putValues(ctx, name, wantKeys, (have.keys ?? {}) as JsonObject);
  if (wantAcls) await putAcls(ctx, req.key, name, wantAcls, (have.acls ?? {}) as JsonObject);
  return name;
}

export const secretScopesKind: ResourceKind<ScopeExtra> = {
  name: KIND,
  folder: FOLDER,
  export: exportScopes,
  readDesired,
  readActual,
  // Replacing a scope deletes its values, which no API reads back (issue 13, item 1).
  replaceTakes: (a) => a.extra?.unrecoverable,
  // The backend of a scope is fixed at creation; replacing it deletes every value it holds.
  replaceFields: (changes) =>
    changes.some((c) => c.path === 'backend_type' || c.path.startsWith('keyvault_metadata'))
      ? ['backend_type / keyvault_metadata']
      : [],
  apply,
};
