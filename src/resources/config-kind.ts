import type { DatabricksClient } from '../databricks/client.js';
import { collectRefs, keyFromName, refString, uniqueKeys } from '../plan/references.js';
import { PlanError } from '../plan/planner.js';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import type {
  ActualObject,
  ApplyContext,
  ApplyRequest,
  DesiredObject,
  ExportContext,
  RefIndex,
  ResourceKind,
  TargetContext,
} from './kind.js';
import type { FieldChange } from '../plan/diff.js';

/**
 * Turns ids into references while normalizing. `ref(kind, id)` gives `${resources.<kind>.<key>.id}` for
 * an object read earlier, or undefined (the caller then keeps the id and warns).
 */
export interface Normalizer {
  ref(kind: string, id: JsonValue): string | undefined;
  warn(message: string): void;
}

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
  id(raw: Raw): JsonValue;
  displayName(raw: Raw): string;
  /** Why an object is not managed (job clusters, default policies), or undefined. */
  ignore?(raw: Raw): string | undefined;
  /** Stable order among objects whose names give the same key (e.g. creation time, then id). */
  order?(a: Raw, b: Raw): number;
  /** The object as the snapshot stores it: user-settable fields only, ids as references. Pure. */
  normalize(raw: Raw, n: Normalizer): JsonObject;
  /** Extra checks of a snapshot file beyond JSON well-formedness; a message when invalid. */
  validate?(spec: JsonObject): string | undefined;
  create(client: DatabricksClient, spec: JsonObject, ctx: ApplyContext): Promise<JsonValue>;
  update(client: DatabricksClient, id: JsonValue, spec: JsonObject, ctx: ApplyContext): Promise<void>;
  remove(client: DatabricksClient, id: JsonValue): Promise<void>;
  replaceFields?(changes: FieldChange[]): string[];
  protectedFromDelete?(actual: ActualObject): string | undefined;
}

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

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

/** Lists, drops ignored objects, assigns keys, and registers every id so references can be made. */
async function readKeyed<Raw extends JsonObject>(
  spec: ConfigKindSpec<Raw>,
  client: DatabricksClient,
  refs: RefIndex,
  onIgnored: (raw: Raw, why: string) => void,
  strictKeys: boolean,
): Promise<Keyed<Raw>[]> {
  const managed: Raw[] = [];
  for (const raw of await spec.list(client)) {
    const why = spec.ignore?.(raw);
    if (why) onIgnored(raw, why);
    else managed.push(raw);
  }
  if (strictKeys) {
    // In a target, two objects whose names give one key cannot be told apart: stop, never guess.
    const seen = new Map<string, Raw>();
    for (const raw of managed) {
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
  const keys = uniqueKeys(managed, spec.displayName, order);
  const out = managed.map((raw) => ({ raw, key: keys.get(raw) as string }));
  for (const { raw, key } of out) refs.add(spec.name, spec.id(raw), key);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function configKind<Raw extends JsonObject>(spec: ConfigKindSpec<Raw>): ResourceKind {
  return {
    name: spec.name,
    folder: spec.folder,

    async export(ctx: ExportContext): Promise<void> {
      const keyed = await readKeyed(
        spec,
        ctx.client,
        ctx.refs,
        (raw, why) => ctx.log.debug(`${spec.name}: not exported '${spec.displayName(raw)}': ${why}`),
        false,
      );
      await Promise.all(
        keyed.map(async ({ raw, key }) => {
          const full = spec.get ? await spec.get(ctx.client, raw) : raw;
          const n = makeNormalizer(ctx.refs, (m) => ctx.report.warn(spec.name, key, m));
          const file = `${spec.folder}/${key}.json`;
          ctx.out.claim(file);
          await ctx.out.writeJson(file, spec.normalize(full, n));
          ctx.report.count(spec.name, 'exported');
          ctx.progress?.(spec.name, key);
        }),
      );
    },

    async readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
      const out: DesiredObject[] = [];
      for (const rel of snapshot.filesUnder(spec.folder)) {
        const source = `${spec.folder}/${rel}`;
        if (!rel.endsWith('.json') || rel.includes('/'))
          throw new SnapshotError(source, `only <key>.json files belong in ${spec.folder}/`);
        const key = rel.slice(0, -'.json'.length);
        if (!KEY.test(key))
          throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
        const value = await snapshot.readJson(source);
        if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
        const invalid = spec.validate?.(value);
        if (invalid) throw new SnapshotError(source, invalid);
        const { refs, malformed } = collectRefs(value);
        if (malformed.length) throw new SnapshotError(source, `malformed reference '${malformed[0]}'`);
        out.push({ kind: spec.name, key, spec: value, refs, source });
      }
      return out;
    },

    async readActual(ctx: TargetContext): Promise<ActualObject[]> {
      const keyed = await readKeyed(spec, ctx.client, ctx.refs, () => undefined, true);
      return Promise.all(
        keyed.map(async ({ raw, key }) => {
          const full = spec.get ? await spec.get(ctx.client, raw) : raw;
          const normalized = spec.normalize(
            full,
            makeNormalizer(ctx.refs, () => undefined),
          );
          return {
            kind: spec.name,
            key,
            id: spec.id(raw),
            spec: normalized,
            refs: collectRefs(normalized).refs,
            label: `'${spec.displayName(raw)}' (${String(spec.id(raw))})`,
          };
        }),
      );
    },

    replaceFields: spec.replaceFields,
    protectedFromDelete: spec.protectedFromDelete,

    async apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
      if (req.action === 'delete' || req.action === 'replace') {
        if (!req.actual) throw new Error(`no target object for ${spec.name}.${req.key}`);
        await spec.remove(ctx.client, req.actual.id);
        if (req.action === 'delete') return undefined;
      }
      const resolved = req.resolved;
      if (!isJsonObject(resolved)) throw new Error(`no desired state for ${spec.name}.${req.key}`);
      if (req.action === 'update' && req.actual) {
        await spec.update(ctx.client, req.actual.id, resolved, ctx);
        return req.actual.id;
      }
      return spec.create(ctx.client, resolved, ctx);
    },
  };
}
