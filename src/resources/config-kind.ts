import { theOf } from '../inputs.js';
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import { collectRefs, keyFromName, refString, resolveRefs, uniqueKeys } from '../plan/references.js';
import { PlanError } from '../plan/planner.js';
import { misdirectedMessage, misdirectedRef } from '../plan/ref-fields.js';
import { isKey, keyedFiles, type KeyedFile } from '../snapshot/keyed-files.js';
import { checkSnapshotObject, jsonString, SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { slot } from '../util/memo.js';
import {
  DELETED_WHILE_EXPORTING,
  type ActualObject,
  type ApplyContext,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyRequest,
  type CatalogValue,
  type DesiredObject,
  type ExportContext,
  type ExportOptions,
  type KeptParts,
  type Normalizer,
  type RefIndex,
  type RunScope,
  type ResourceKind,
  type TargetContext,
} from './kind.js';
import type { FieldChange } from '../plan/diff.js';
import type { PlannedChange } from '../plan/plan.js';
import { configCache, initScriptRefs, referencesOf } from './dependencies.js';
import { isUnexportedKey, unexportedField } from './compute-common.js';
import { fieldRolesProblem, replaceFieldsOf, settableFields, type FieldRoles } from './fields.js';
import {
  fingerprintHash,
  parseExportRecord,
  recordMatches,
  recordTargetState,
  sha256,
  targetState,
  type ExportRecord,
  type RefCall,
  type TargetRecord,
} from './config-state.js';

export type { Normalizer } from './kind.js';

/**
 * What a JSON-config kind (clusters, pools, policies, jobs, ...) must say about itself; `configKind`
 * turns it into a ResourceKind. Each method is one API call or a pure function.
 */
export interface ConfigKindSpec<Raw extends JsonObject = JsonObject> {
  name: string;
  folder: string;
  /** Every object, as list returns it. */
  list(client: DatabricksClient): Promise<Raw[]>;
  /** The full object, when list gives less than export needs. */
  get?(client: DatabricksClient, raw: Raw): Promise<Raw>;
  /**
   * For kinds with `get`: the part of a list entry that changes whenever the full object does (the entry
   * without volatile fields: state, times, statistics...), or undefined when the entry cannot vouch for
   * the object (a job whose list entry is truncated). Export and readActual skip `get` for an entry whose
   * fingerprint is the one recorded at the last run and reuse what that run made (see config-state.ts).
   * Pure. Never leave out a field that `get` + `normalize` depend on.
   */
  fingerprint?(raw: Raw): JsonValue | undefined;
  /**
   * The roles of the object's top-level fields, with their source. configKind derives from them the
   * default `normalize` (the settable fields), the refusal of output-only and misspelled fields before
   * `validate`, and which changes are replaces (see FieldRoles).
   */
  fields: FieldRoles;
  id(raw: Raw): JsonValue;
  displayName(raw: Raw): string;
  /** Why an object is not managed (job clusters, ...), or undefined. Export reports it as skipped. */
  ignore?(raw: Raw): string | undefined;
  /** Stable order among objects whose names give the same key (e.g. creation time, then id). */
  order?(a: Raw, b: Raw): number;
  /**
   * The object as the snapshot stores it: user-settable fields only, ids as references. Pure. Default:
   * the `fields.settable` fields the object has.
   */
  normalize?(raw: Raw, n: Normalizer): JsonObject;
  /**
   * Checks of a snapshot file beyond JSON well-formedness and what `fields` refuses (checked first); a
   * message when invalid.
   */
  validate?(spec: JsonObject): string | undefined;
  create(client: DatabricksClient, spec: JsonObject, ctx: ApplyContext): Promise<JsonValue>;
  /** `request` tells which fields changed, for kinds that change parts separately (cluster libraries). */
  update(
    client: DatabricksClient,
    id: JsonValue,
    spec: JsonObject,
    ctx: ApplyContext,
    request: ApplyRequest,
  ): Promise<void>;
  remove(client: DatabricksClient, id: JsonValue): Promise<void>;
  /**
   * Replaces that `fields` cannot say (a change inside a field that is editable otherwise); added to the
   * fields `fields.editable` / `fields.recreateOnChange` name.
   */
  replaceFields?(changes: FieldChange[]): string[];
  /** See ResourceKind.catalogValues. */
  catalogValues?(spec: JsonValue): CatalogValue[];
  protectedFromDelete?(actual: ActualObject): string | undefined;
  /** See ResourceKind.keepFromTarget: parts of the target object that a snapshot file without them keeps. */
  keepFromTarget?(desired: DesiredObject, actual: ActualObject, prune: boolean): KeptParts;
  /**
   * What the plan should say about a change beyond its fields (see ResourceKind.planNotes): `desired` is
   * the snapshot's spec, `actual` the target's with its list entry (its state). Pure.
   */
  planNotes?(
    change: PlannedChange,
    desired: JsonObject | undefined,
    actual: { spec: JsonObject; raw: Raw } | undefined,
  ): string[];
  /**
   * For kinds whose objects may name themselves (a job whose run_job_task runs it): the spec to create
   * such an object with before its own id exists, without the references to itself, keeping what finds it
   * again (its name and key tag). Apply then updates it to the full spec with its new id. Pure.
   */
  placeholder?(resolved: JsonObject): JsonObject;
  /** Files kept beside `<key>.json` for parts of an object that apply leaves alone unless asked to. */
  sideFiles?: SideFileSpec[];
  /** For kinds whose names may repeat (clusters, jobs): where the key tag lives. */
  keyTag?: KeyTagSpec<Raw>;
  /** A setting apply gives every object of this kind in the target (see TargetSetting). */
  targetSetting?: TargetSetting<Raw>;
}

/**
 * A setting that apply gives every object of a kind in the target, and that the snapshot does not hold
 * because it is not the source's to decide: a restored cluster is pinned, or Databricks removes it 30 days
 * after it terminates. The plan compares it as one more field of the object, `value` on the snapshot's side
 * and what `read` finds on the target's, so a target object without it shows as an update, never as a
 * hidden side effect. Create and update find it in the spec they are given and must set it themselves.
 */
export interface TargetSetting<Raw> {
  field: string;
  value: JsonValue;
  /** The setting as the target object has it, from its full object (`get`). Pure. */
  read(raw: Raw): JsonValue;
}

/**
 * `order` for the SQL objects (queries, alerts, AI/BI dashboards), whose names may repeat: display name, then
 * create_time, then `idField` (create_time is given to the second, so two made within one second tie).
 */
export function byDisplayNameThenCreation(idField: string): (a: JsonObject, b: JsonObject) => number {
  return (a, b) =>
    String(a.display_name).localeCompare(String(b.display_name)) ||
    String(a.create_time ?? '').localeCompare(String(b.create_time ?? '')) ||
    String(a[idField]).localeCompare(String(b[idField]));
}

/** The tag that tells apart, in a target, objects that share a name (see KeyTagSpec). */
export const KEY_TAG = 'databricks-dr-key';

/**
 * Names of clusters and jobs may repeat. Export keys them `etl`, `etl_2`, ... in a stable order; in a
 * target, two objects named `etl` could not be told apart without a guess. So apply tags an object whose
 * key is not the one its name gives (`databricks-dr-key: etl_2`), and reading a workspace takes the key
 * from that tag. The tag never appears in the snapshot: normalize strips it.
 */
export interface KeyTagSpec<Raw> {
  /** The key tag of a listed object, if it has one. */
  read(raw: Raw): string | undefined;
  /** The object's name in a normalized (or resolved) spec. */
  name(spec: JsonObject): string | undefined;
  /** A copy of the spec carrying the tag. */
  set(spec: JsonObject, key: string): JsonObject;
  /** Removes the tag from a normalized object (mutating it). */
  strip(spec: JsonObject): void;
}

/**
 * A side file `<folder>/<key><suffix>` (e.g. `jobs/<key>.schedule.json`): a part of the normalized object
 * that export moves out of `<key>.json` because applying it is a separate decision (a job's schedule is
 * only restored at cutover). The plan compares `combine(main, part)`, so an option that brings the part in
 * shows as ordinary changes. Keys never contain a dot, so a suffix cannot be mistaken for a key.
 */
export interface SideFileSpec {
  /** Starts with a dot and ends with `.json`, e.g. `.schedule.json`. */
  suffix: string;
  /** Removes this part from a normalized object (mutating it) and returns it; undefined when there is none. */
  extract(normalized: JsonObject): JsonObject | undefined;
  /**
   * The spec the plan compares: the main file with the part folded back in as far as the apply options
   * ask. `side` says whether it is the snapshot's (desired) or the target's (actual) object. Pure.
   */
  combine(
    main: JsonObject,
    part: JsonObject | undefined,
    options: Partial<ApplyOptions>,
    side: 'desired' | 'actual',
  ): JsonObject;
  /** Extra checks of a side file; a message when invalid. */
  validate?(part: JsonObject): string | undefined;
}

function makeNormalizer(refs: RefIndex, warn: (m: string) => void): Normalizer {
  return {
    ref: (kind, id) => {
      const key = refs.keyOf(kind, id);
      return key === undefined ? undefined : refString(kind, key);
    },
    warn,
  };
}

interface Keyed<Raw> {
  raw: Raw;
  key: string;
}

/**
 * Tells the export's dependency checks (DBFS files, missing workspace objects) what a file just written
 * names, so they need not read and parse it back.
 */
function noteReferences(ctx: ExportContext, file: string, value: JsonValue): void {
  configCache(ctx.run).set(file, Promise.resolve(referencesOf({ file, value })));
}

/** Listings started by `prefetch`, per run and kind; taken once, so a later read lists afresh. */
const LISTINGS = slot<Map<string, Promise<JsonObject[]>>>('prefetched listings');

function prefetchListing<Raw extends JsonObject>(spec: ConfigKindSpec<Raw>, scope: RunScope): void {
  const started = scope.run.get(LISTINGS, () => new Map());
  if (started.has(spec.name)) return;
  const listing = spec.list(scope.client);
  // Its failure is the export's or readActual's to report, when it takes the listing.
  listing.catch(() => undefined);
  started.set(spec.name, listing);
}

function takeListing<Raw extends JsonObject>(spec: ConfigKindSpec<Raw>, scope: RunScope): Promise<Raw[]> {
  const started = scope.run.peek(LISTINGS);
  const listing = started?.get(spec.name) as Promise<Raw[]> | undefined;
  started?.delete(spec.name);
  return listing ?? spec.list(scope.client);
}

/** Lists, drops ignored objects, assigns keys, and registers every id so references can be made. */
async function readKeyed<Raw extends JsonObject>(
  spec: ConfigKindSpec<Raw>,
  scope: RunScope,
  onIgnored: (raw: Raw, why: string) => void,
  strictKeys: boolean,
  include?: ExportOptions['includeName'],
): Promise<Keyed<Raw>[]> {
  const keyed: Raw[] = [];
  for (const raw of await takeListing(spec, scope)) {
    if (include && !include(spec.name, spec.displayName(raw))) continue;
    const why = spec.ignore?.(raw);
    if (why) onIgnored(raw, why);
    else keyed.push(raw);
  }
  const tagged = new Map<Raw, string>();
  for (const raw of keyed) {
    const tag = spec.keyTag?.read(raw);
    if (tag !== undefined && isKey(tag) && ![...tagged.values()].includes(tag)) tagged.set(raw, tag);
  }
  const untagged = keyed.filter((raw) => !tagged.has(raw));
  if (strictKeys) {
    // In a target, two objects whose names give one key cannot be told apart: stop, never guess.
    const seen = new Map<string, Raw>([...tagged].map(([raw, key]) => [key, raw]));
    for (const raw of untagged) {
      const key = keyFromName(spec.displayName(raw));
      const other = seen.get(key);
      if (other)
        throw new PlanError(
          `two ${spec.name} in the target workspace have the key '${key}': '${spec.displayName(other)}' (${String(spec.id(other))}) and '${spec.displayName(raw)}' (${String(spec.id(raw))}); rename or delete one of them`,
        );
      seen.set(key, raw);
    }
  }
  const order =
    spec.order ??
    ((a: Raw, b: Raw) =>
      spec.displayName(a).localeCompare(spec.displayName(b)) ||
      String(spec.id(a)).localeCompare(String(spec.id(b))));
  const keys = uniqueKeys(untagged, spec.displayName, order, tagged.values());
  for (const [raw, key] of tagged) keys.set(raw, key);
  for (const raw of keyed) scope.refs.add(spec.name, spec.id(raw), keys.get(raw) as string);
  const out = keyed.map((raw) => ({ raw, key: keys.get(raw) as string }));
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A normalizer that also notes every reference it gave and every warning, for a later run to reuse. */
function recording(
  base: Normalizer,
  warn: (m: string) => void,
): { n: Normalizer; refs: RefCall[]; warnings: string[] } {
  const refs: RefCall[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  return {
    refs,
    warnings,
    n: {
      ref(kind, id) {
        const ref = base.ref(kind, id);
        const k = `${kind}\0${String(id)}`;
        if (!seen.has(k)) {
          seen.add(k);
          refs.push([kind, id, ref ?? null]);
        }
        return ref;
      },
      warn(m) {
        warnings.push(m);
        warn(m);
      },
    },
  };
}

/**
 * Asks the references a recorded run made again: false unless every answer is the same (a referenced
 * object was renamed, recreated or dropped).
 */
function sameRefs(refs: RefIndex, calls: RefCall[]): boolean {
  const n = makeNormalizer(refs, () => undefined);
  return calls.every(([kind, id, ref]) => (n.ref(kind, id) ?? null) === ref);
}

/**
 * An object whose file holds an unexported marker names something no run can make in the target. By
 * default the whole snapshot is refused before anything is written, at the marker's line; with
 * `skipUnrestorable` (an outage: restore everything else now) the object is returned as unrestorable
 * instead, and apply skips it and what needs it, with a manual step each.
 */
async function checkUnexported(
  snapshot: SnapshotSource,
  source: string,
  value: JsonValue,
  options: Partial<ApplyOptions>,
): Promise<string | undefined> {
  const found = unexportedField(value);
  if (!found) return undefined;
  const marker = /\$\{resources\.[^}]+\}/.exec(found)?.[0];
  // At the marker's line either way: a manual step (and verify) names where the cause is written.
  if (options.skipUnrestorable)
    return (await snapshot.errorAt(source, found, marker ? jsonString(marker) : undefined)).message;
  throw await snapshot.errorAt(
    source,
    `${found}; export it too or set the field to an object of the target (or ${skipHint(options)})`,
    marker ? jsonString(marker) : undefined,
  );
}

/** How a refusal of one object's file names the way out of it, in an outage. */
function skipHint(options: Partial<ApplyOptions>): string {
  return `set ${theOf('skip-unrestorable', options.words ?? 'action')} to restore everything else and leave this object to a manual step`;
}

/**
 * Checks one file of a snapshot object fully (the kind's own checks, malformed references, references of
 * the wrong kind for their field), so that whatever apply could refuse is refused before its first write
 * (issue 13, item 2). By default a failure refuses the whole snapshot at its `file:line`, naming the way
 * out; with `skipUnrestorable` (an outage) it makes the object unrestorable instead, and apply skips it and
 * what needs it, with a manual step each, and restores everything else (issue 12, item 12).
 */
async function checkFile(
  snapshot: SnapshotSource,
  source: string,
  value: JsonObject,
  validate: ((value: JsonObject) => string | undefined) | undefined,
  options: Partial<ApplyOptions>,
): Promise<string | undefined> {
  let error: SnapshotError | undefined;
  try {
    await checkSnapshotObject(snapshot, source, value, validate);
    const wrong = misdirectedRef(value);
    if (wrong) throw await snapshot.errorAt(source, misdirectedMessage(wrong), jsonString(wrong.value));
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    error = e;
  }
  if (!error) return undefined;
  if (options.skipUnrestorable) return `${error.message}; the file cannot be applied as it is`;
  throw new SnapshotError(
    error.file,
    `${error.message.slice(error.message.indexOf(': ') + 2)} (fix the file, or ${skipHint(options)})`,
    error.line,
  );
}

/** What a config kind's readActual keeps on each object it returns (see ActualObject.extra). */
export interface ConfigObjectExtra<Raw> {
  /** The list entry, for planNotes. */
  raw: Raw;
  /** What readActual recorded, for afterApply. */
  record?: TargetRecord;
}

/**
 * A JSON-config kind from its spec. Per-object `get` calls are skipped on runs where nothing changed (see
 * `fingerprint` and config-state.ts): export reuses the previous snapshot's files of an object whose list
 * entry fingerprint, id and references are those recorded in `.export-state.json`; readActual reuses the
 * normalized object recorded in the target's config state; afterApply records what the target holds.
 */
export function configKind<Raw extends JsonObject>(
  spec: ConfigKindSpec<Raw>,
): ResourceKind<ConfigObjectExtra<Raw>> {
  /** The fingerprint hash of a list entry, when this kind can skip `get` for it. */
  const fingerprintOf = (raw: Raw): string | undefined =>
    spec.get && spec.fingerprint ? fingerprintHash(spec.fingerprint(raw)) : undefined;
  const fullObject = (client: DatabricksClient, raw: Raw): Promise<Raw> =>
    spec.get ? spec.get(client, raw) : Promise.resolve(raw);
  /**
   * The full object, or undefined when its read answers not-found: deleted between the listing and the
   * read (CI deploying and deleting per-PR jobs all day), which must not fail a whole run.
   */
  const fullObjectIfAny = (client: DatabricksClient, raw: Raw): Promise<Raw | undefined> =>
    unlessNotFound(fullObject(client, raw));
  /** Files `<key>.json` and `<key><suffix>` of this kind: the only ones a record may name. */
  const ownFile = (key: string, rel: string) =>
    rel === `${spec.folder}/${key}.json` ||
    (spec.sideFiles ?? []).some((side) => rel === `${spec.folder}/${key}${side.suffix}`);
  const planNotes = spec.planNotes;
  const normalize = (raw: Raw, n: Normalizer): JsonObject =>
    spec.normalize ? spec.normalize(raw, n) : settableFields(raw, spec.fields);

  /** Reads one target object afresh: get, normalize (recording), strip the key tag; undefined if it is gone. */
  const readFresh = async (
    ctx: Pick<TargetContext, 'client' | 'refs'>,
    raw: Raw,
    fingerprint: string | undefined,
  ): Promise<{ normalized: JsonObject; record?: TargetRecord } | undefined> => {
    const full = await fullObjectIfAny(ctx.client, raw);
    if (!full) return undefined;
    const rec = recording(
      makeNormalizer(ctx.refs, () => undefined),
      () => undefined,
    );
    const normalized = normalize(full, rec.n);
    spec.keyTag?.strip(normalized);
    if (spec.targetSetting) normalized[spec.targetSetting.field] = spec.targetSetting.read(full);
    const record = fingerprint
      ? { id: spec.id(raw), fingerprint, refs: rec.refs, spec: structuredClone(normalized) }
      : undefined;
    return { normalized, record };
  };

  return {
    name: spec.name,
    folder: spec.folder,

    prefetch(scope: RunScope): void {
      prefetchListing(spec, scope);
    },

    async export(ctx: ExportContext): Promise<void> {
      const keyed = await readKeyed(
        spec,
        ctx,
        (raw, why) => ctx.report.skip(spec.name, spec.displayName(raw), why),
        false,
        ctx.options.includeName,
      );
      const previous = spec.get && spec.fingerprint ? await ctx.previous.exportState(spec.name) : {};

      /** Copies an object's files from the previous snapshot when its record still holds; false if not. */
      const reuse = async (key: string, record: ExportRecord | undefined): Promise<boolean> => {
        if (!record || !(`${spec.folder}/${key}.json` in record.files)) return false;
        if (!sameRefs(ctx.refs, record.refs)) return false;
        const contents = new Map<string, Buffer>();
        for (const [rel, hash] of Object.entries(record.files)) {
          if (!ownFile(key, rel)) return false;
          // A file edited (or deleted) in the repository since is written afresh from the workspace.
          const data = await ctx.previous.read(rel);
          if (!data || sha256(data) !== hash) return false;
          contents.set(rel, data);
        }
        for (const [rel, data] of contents) {
          ctx.out.claim(rel);
          // Linked, as unchanged notebooks are: no second write, and scanned again only if the previous
          // export did not scan. Written from what was read if it cannot be linked or copied.
          if (!(await ctx.out.copyFrom(ctx.previous, rel))) await ctx.out.write(rel, data);
        }
        for (const m of record.warnings) ctx.report.warn(spec.name, key, m);
        ctx.out.setState(spec.name, key, { ...record });
        return true;
      };

      await Promise.all(
        keyed.map(async ({ raw, key }) => {
          const fingerprint = fingerprintOf(raw);
          if (fingerprint) {
            const record = parseExportRecord(previous[key]);
            if (recordMatches(record, spec.id(raw), fingerprint) && (await reuse(key, record))) {
              ctx.report.count(spec.name, 'unchanged');
              ctx.progress?.(spec.name, key);
              return;
            }
          }
          const full = await fullObjectIfAny(ctx.client, raw);
          if (!full) {
            // Left out; the next run will not list it. Its key stays registered, so what other objects
            // made of it does not depend on timing: an export whose files reference it fails at the end
            // (see export.ts) rather than commit a snapshot that apply would refuse.
            ctx.refs.markVanished(spec.name, key);
            ctx.report.skip(
              spec.name,
              key,
              `${DELETED_WHILE_EXPORTING} ('${spec.displayName(raw)}', ${String(spec.id(raw))})`,
            );
            return;
          }
          const warn = (m: string) => ctx.report.warn(spec.name, key, m);
          const rec = recording(makeNormalizer(ctx.refs, warn), warn);
          const file = `${spec.folder}/${key}.json`;
          ctx.out.claim(file);
          const normalized = normalize(full, rec.n);
          spec.keyTag?.strip(normalized);
          const files: Record<string, string> = {};
          for (const side of spec.sideFiles ?? []) {
            const part = side.extract(normalized);
            if (part === undefined) continue;
            const sideFile = `${spec.folder}/${key}${side.suffix}`;
            ctx.out.claim(sideFile);
            files[sideFile] = (await ctx.out.writeJson(sideFile, part, ctx.previous)).sha256;
            noteReferences(ctx, sideFile, part);
          }
          files[file] = (await ctx.out.writeJson(file, normalized, ctx.previous)).sha256;
          noteReferences(ctx, file, normalized);
          if (fingerprint) {
            const record: ExportRecord = {
              id: spec.id(raw),
              fingerprint,
              refs: rec.refs,
              warnings: rec.warnings,
              files,
            };
            ctx.out.setState(spec.name, key, { ...record });
          }
          ctx.report.count(spec.name, 'exported');
          ctx.progress?.(spec.name, key);
        }),
      );
    },

    async readDesired(
      snapshot: SnapshotSource,
      options: Partial<ApplyOptions> = {},
      before: readonly DesiredObject[] = [],
    ): Promise<DesiredObject[]> {
      const workspaceKeys = new Set(before.filter((d) => d.kind === 'workspace').map((d) => d.key));
      const setting = spec.targetSetting;
      // Apply tags an object whose name does not give its key (see KeyTagSpec); a tag the object cannot
      // take (a job at its tag limit) is found here, before anything is written, not by that object's apply.
      const keyTagProblem = (value: JsonObject, key: string): string | undefined => {
        const name = spec.keyTag?.name(value);
        if (!spec.keyTag || name === undefined || keyFromName(name) === key) return undefined;
        try {
          spec.keyTag.set(value, key);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      };
      const validate = (value: JsonObject): string | undefined =>
        setting && setting.field in value
          ? `'${setting.field}' does not belong in the file: apply sets it on every ${spec.name} object of the target`
          : (fieldRolesProblem(value, spec.fields) ?? spec.validate?.(value));
      const out: DesiredObject[] = [];
      // Side files first, by key, so each main file can be combined with its parts.
      const parts = new Map<string, Map<SideFileSpec, JsonObject>>();
      const partsUnrestorable = new Map<string, string>();
      const mains: KeyedFile[] = [];
      const sides = spec.sideFiles ?? [];
      for (const file of keyedFiles(snapshot, spec.folder, ['.json', ...sides.map((f) => f.suffix)])) {
        const { source, key } = file;
        const side = sides.find((f) => f.suffix === file.suffix);
        if (!side) {
          mains.push(file);
          continue;
        }
        if (!snapshot.has(`${spec.folder}/${key}.json`))
          throw new SnapshotError(source, `belongs to ${spec.folder}/${key}.json, which is missing`);
        const value = await snapshot.readJson(source);
        if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
        const unrestorable =
          (await checkFile(snapshot, source, value, side.validate, options)) ??
          (await checkUnexported(snapshot, source, value, options));
        if (unrestorable) partsUnrestorable.set(key, unrestorable);
        if (!parts.has(key)) parts.set(key, new Map());
        parts.get(key)?.set(side, value);
      }
      for (const { source, key } of mains) {
        const value = await snapshot.readJson(source);
        if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
        const invalid = await checkFile(
          snapshot,
          source,
          value,
          (v) => validate(v) ?? keyTagProblem(v, key),
          options,
        );
        const unrestorable =
          invalid ?? (await checkUnexported(snapshot, source, value, options)) ?? partsUnrestorable.get(key);
        let combined = value;
        for (const side of spec.sideFiles ?? [])
          combined = side.combine(combined, parts.get(key)?.get(side), options, 'desired');
        if (setting) combined = { ...combined, [setting.field]: setting.value };
        // An object that cannot be restored waits for nothing: its markers name objects no run will make,
        // and the references of a file that failed its checks mean nothing.
        const refs = invalid
          ? []
          : [
              ...collectRefs(combined).refs.filter((r) => !isUnexportedKey(r.key)),
              ...initScriptRefs(combined, workspaceKeys),
            ];
        out.push({
          kind: spec.name,
          key,
          spec: combined,
          refs,
          source,
          ...(unrestorable ? { unrestorable } : {}),
        });
      }
      return out;
    },

    async readActual(ctx: TargetContext): Promise<ActualObject<ConfigObjectExtra<Raw>>[]> {
      // The state is read beside the listing (one request per run, shared by every kind).
      const state = spec.get && spec.fingerprint ? targetState(ctx.client, ctx.run) : undefined;
      state?.catch(() => undefined);
      const keyed = await readKeyed(spec, ctx, () => undefined, true);
      const recorded = state ? ((await state).kinds[spec.name] ?? {}) : {};
      const read = await Promise.all(
        keyed.map(async ({ raw, key }): Promise<ActualObject<ConfigObjectExtra<Raw>> | undefined> => {
          const fingerprint = fingerprintOf(raw);
          let normalized: JsonObject | undefined;
          let record: TargetRecord | undefined;
          if (fingerprint) {
            const r = recorded[key] as TargetRecord | undefined;
            if (
              r &&
              recordMatches(r, spec.id(raw), fingerprint) &&
              sameRefs(ctx.refs, r.refs) &&
              // Recorded before the kind had its target setting: read afresh, not planned as a change.
              (!spec.targetSetting || spec.targetSetting.field in r.spec)
            ) {
              normalized = structuredClone(r.spec);
              record = r;
            }
          }
          if (!normalized) {
            const fresh = await readFresh(ctx, raw, fingerprint);
            if (!fresh) {
              // Deleted in the target between its listing and this read: absent, as if never listed.
              ctx.refs.remove(spec.name, key);
              ctx.log.info(
                `${spec.name} ${key}: deleted in ${ctx.client.host} while it was read; planned as absent`,
              );
              return undefined;
            }
            ({ normalized, record } = fresh);
          }
          for (const side of spec.sideFiles ?? [])
            normalized = side.combine(normalized, side.extract(normalized), ctx.applyOptions ?? {}, 'actual');
          return {
            kind: spec.name,
            key,
            id: spec.id(raw),
            spec: normalized,
            refs: collectRefs(normalized).refs,
            label: `'${spec.displayName(raw)}' (${String(spec.id(raw))})`,
            extra: { raw, ...(record ? { record } : {}) },
          };
        }),
      );
      return read.filter((a) => a !== undefined);
    },

    /**
     * Records, in the target's config state, every object as readActual read it, except those this apply
     * wrote: those are listed and read again (their list entries changed), so the next plan reads nothing.
     */
    afterApply:
      spec.get && spec.fingerprint
        ? async (ctx: ApplyContext, outcome: ApplyOutcome<ConfigObjectExtra<Raw>>): Promise<void> => {
            const next: Record<string, TargetRecord> = {};
            for (const a of outcome.actual) {
              const record = a.extra?.record;
              if (record && !outcome.written.has(a.key)) next[a.key] = record;
            }
            const wanted = new Set(outcome.desired.map((d) => d.key));
            if ([...outcome.written].some((k) => wanted.has(k))) {
              try {
                const keyed = await readKeyed(spec, ctx, () => undefined, true);
                await Promise.all(
                  keyed
                    .filter(({ key }) => outcome.written.has(key))
                    .map(async ({ raw, key }) => {
                      const fingerprint = fingerprintOf(raw);
                      if (!fingerprint) return;
                      const record = (await readFresh(ctx, raw, fingerprint))?.record;
                      if (record) next[key] = record;
                    }),
                );
              } catch (error) {
                // Unrecorded objects are only read again by the next plan.
                ctx.log.debug(`${spec.name}: not recorded (${(error as Error).message.split('\n')[0]})`);
              }
            }
            await recordTargetState(ctx.client, ctx.run, spec.name, next, ctx.log);
          }
        : undefined,

    replaceFields: (changes) => {
      const own = spec.replaceFields?.(changes) ?? [];
      return [...new Set([...replaceFieldsOf(spec.fields, changes), ...own])];
    },
    catalogValues: spec.catalogValues,
    protectedFromDelete: spec.protectedFromDelete,
    keepFromTarget: spec.keepFromTarget,
    planNotes: planNotes
      ? (change, desired, actual) => {
          const raw = actual?.extra?.raw;
          return planNotes(
            change,
            isJsonObject(desired?.spec) ? desired.spec : undefined,
            raw && isJsonObject(actual.spec) ? { spec: actual.spec, raw } : undefined,
          );
        }
      : undefined,

    async apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
      if (req.action === 'delete' || req.action === 'replace') {
        if (!req.actual) throw new Error(`no target object for ${spec.name}.${req.key}`);
        await spec.remove(ctx.client, req.actual.id);
        if (req.action === 'delete') return undefined;
      }
      let resolved = req.resolved;
      if (!isJsonObject(resolved)) throw new Error(`no desired state for ${spec.name}.${req.key}`);
      const name = spec.keyTag?.name(resolved);
      if (spec.keyTag && name !== undefined && keyFromName(name) !== req.key)
        resolved = spec.keyTag.set(resolved, req.key);
      if (req.action === 'update' && req.actual) {
        await spec.update(ctx.client, req.actual.id, resolved, ctx, req);
        return req.actual.id;
      }
      if (req.selfReferencing) {
        if (!spec.placeholder)
          throw new Error(`${spec.name} ${req.key} names itself, which a ${spec.name} object cannot do`);
        // Created first without the references to itself, then given its own new id. If the update fails,
        // the object exists with its name and key tag, and the next apply finds it and updates it.
        const id = await spec.create(ctx.client, spec.placeholder(resolved), ctx);
        const self = resolveRefs(resolved, (r) =>
          r.kind === spec.name && r.key === req.key ? id : undefined,
        );
        if (!isJsonObject(self.value) || self.unresolved.length)
          throw new Error(`${spec.name} ${req.key}: a reference other than to itself is unresolved`);
        await spec.update(ctx.client, id, self.value, ctx, req);
        return id;
      }
      return spec.create(ctx.client, resolved, ctx);
    },
  };
}

/** A key tag kept in a `{name: value}` tags field of the object (jobs' `tags`, clusters' `custom_tags`). */
export function mapKeyTag<Raw extends JsonObject>(
  tagsField: string,
  nameField: string,
  rawTags: (raw: Raw) => JsonValue | undefined,
): KeyTagSpec<Raw> {
  return {
    read(raw) {
      const tags = rawTags(raw);
      const value = isJsonObject(tags) ? tags[KEY_TAG] : undefined;
      return typeof value === 'string' ? value : undefined;
    },
    name: (spec) => (typeof spec[nameField] === 'string' ? (spec[nameField] as string) : undefined),
    set(spec, key) {
      const tags = isJsonObject(spec[tagsField]) ? (spec[tagsField] as JsonObject) : {};
      return { ...spec, [tagsField]: { ...tags, [KEY_TAG]: key } };
    },
    strip(spec) {
      const tags = spec[tagsField];
      if (!isJsonObject(tags) || !(KEY_TAG in tags)) return;
      const rest = Object.fromEntries(Object.entries(tags).filter(([k]) => k !== KEY_TAG));
      if (Object.keys(rest).length) spec[tagsField] = rest;
      else delete spec[tagsField];
    },
  };
}
