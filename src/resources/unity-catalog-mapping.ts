/**
 * The region mapping of Unity Catalog (issue 14): the secondary's storage is not the primary's.
 * `unity-catalog/locations.yaml` in the snapshot maps every primary storage URL prefix to the secondary's
 * (or marks it `shared`: geo-redundant storage both regions use) and every Azure access connector to the
 * secondary's. Plan and apply read the snapshot's objects through it, so a storage root, location URL or
 * connector is compared and written as the secondary's; one without a mapping stops the plan before any
 * write, naming the file, the field and the value. Export writes the skeleton with every prefix and
 * connector it found, and keeps what a person filled in.
 *
 * ```yaml
 * storage:
 *   abfss://data@primary.dfs.core.windows.net/: abfss://data@secondary.dfs.core.windows.net/
 *   s3://geo-replicated-bucket/: shared
 * access_connectors:
 *   /subscriptions/…/accessConnectors/primary: /subscriptions/…/accessConnectors/secondary
 * ```
 */
import { dump as dumpYaml, JSON_SCHEMA, load as loadYaml } from 'js-yaml';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { SnapshotReader } from '../snapshot/store.js';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../util/json.js';
import type { ApplyOptions, DesiredObject, ExportContext, ResourceKind } from './kind.js';

export const UC_MAPPING = 'uc_region_mapping';
export const MAPPING_FOLDER = 'unity-catalog';
export const MAPPING_FILE = `${MAPPING_FOLDER}/locations.yaml`;
/** The value that keeps a prefix as it is: storage both regions reach. */
export const SHARED = 'shared';

/** Where each kind keeps a storage URL or an access connector (paths into its snapshot file). */
const STORAGE_FIELDS: Record<string, { storage: string[]; connectors: string[] }> = {
  uc_storage_credentials: { storage: [], connectors: ['azure_managed_identity.access_connector_id'] },
  uc_external_locations: { storage: ['url'], connectors: [] },
  uc_catalogs: { storage: ['storage_root'], connectors: [] },
  uc_schemas: { storage: ['storage_root'], connectors: [] },
  uc_volumes: { storage: ['storage_location'], connectors: [] },
};

/** Folder of each kind above, for export's skeleton (kept here so this module imports no kind). */
const KIND_FOLDERS: Record<string, string> = {
  uc_storage_credentials: 'uc-storage-credentials',
  uc_external_locations: 'uc-external-locations',
  uc_catalogs: 'uc-catalogs',
  uc_schemas: 'uc-schemas',
  uc_volumes: 'uc-volumes',
};

export interface RegionMapping {
  /** Primary prefix -> secondary prefix, or SHARED; '' when not filled in yet. */
  storage: Map<string, string>;
  accessConnectors: Map<string, string>;
}

const HEADER = `# Unity Catalog region mapping (databricks-dr, docs/unity-catalog.md).
# Each primary storage prefix -> the secondary's prefix, or 'shared' for storage both regions use
# (geo-redundant); each primary Azure access connector -> the secondary's. Plan refuses a snapshot whose
# locations, storage roots or credentials name a prefix or connector left empty here.
`;

/** Reads the mapping file of a snapshot (an empty mapping when there is none). */
export async function readMapping(snapshot: SnapshotSource): Promise<RegionMapping> {
  if (!snapshot.has(MAPPING_FILE)) return { storage: new Map(), accessConnectors: new Map() };
  return parseMapping((await snapshot.read(MAPPING_FILE)).toString('utf8'), MAPPING_FILE);
}

export function parseMapping(text: string, file: string): RegionMapping {
  let doc: unknown;
  try {
    doc = loadYaml(text, { schema: JSON_SCHEMA });
  } catch (error) {
    throw new SnapshotError(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === undefined || doc === null) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new SnapshotError(file, "must hold the maps 'storage' and 'access_connectors'");
  const section = (name: string): Map<string, string> => {
    const value = (doc as Record<string, unknown>)[name];
    if (value === undefined || value === null) return new Map();
    if (typeof value !== 'object' || Array.isArray(value))
      throw new SnapshotError(file, `'${name}' must map each primary value to the secondary's`);
    const out = new Map<string, string>();
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v !== 'string')
        throw new SnapshotError(file, `'${name}': the value of '${k}' must be a string (or '${SHARED}')`);
      out.set(k, v ?? '');
    }
    return out;
  };
  const unknown = Object.keys(doc as object).find((k) => k !== 'storage' && k !== 'access_connectors');
  if (unknown)
    throw new SnapshotError(file, `unknown section '${unknown}' (only 'storage', 'access_connectors')`);
  return { storage: section('storage'), accessConnectors: section('access_connectors') };
}

/** The longest mapped prefix of a URL, on a path boundary; undefined when none. */
function prefixOf(url: string, prefixes: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const p of prefixes) {
    const bounded = p.endsWith('/') ? url.startsWith(p) : url === p || url.startsWith(`${p}/`);
    if (bounded && (best === undefined || p.length > best.length)) best = p;
  }
  return best;
}

/** A URL as the secondary has it, or why it cannot be mapped. */
export function mapStorageUrl(url: string, mapping: RegionMapping): { value: string } | { problem: string } {
  const prefix = prefixOf(url, mapping.storage.keys());
  const target = prefix === undefined ? undefined : mapping.storage.get(prefix);
  if (prefix === undefined || !target)
    return {
      problem: `'${url}' has no mapping in ${MAPPING_FILE}: add its prefix under 'storage' with the secondary's prefix, or '${SHARED}' if both regions use that storage`,
    };
  if (target === SHARED) return { value: url };
  return { value: target + url.slice(prefix.length) };
}

function mapConnector(id: string, mapping: RegionMapping): { value: string } | { problem: string } {
  const target = mapping.accessConnectors.get(id);
  if (!target)
    return {
      problem: `access connector '${id}' has no mapping in ${MAPPING_FILE}: add it under 'access_connectors' with the secondary's connector, or '${SHARED}' to keep it`,
    };
  return { value: target === SHARED ? id : target };
}

function getPath(obj: JsonObject, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const part of path.split('.')) cur = isJsonObject(cur) ? cur[part] : undefined;
  return cur;
}

function setPath(obj: JsonObject, path: string, value: string): JsonObject {
  const [head, ...rest] = path.split('.');
  if (!rest.length) return { ...obj, [head]: value };
  const inner = isJsonObject(obj[head]) ? obj[head] : {};
  return { ...obj, [head]: setPath(inner, rest.join('.'), value) };
}

/**
 * One snapshot object of a kind with its storage URLs and connectors as the secondary has them, or the
 * first value that has no mapping (`<field> '<value>' has no mapping ...`). Pure.
 */
export function mapSpec(
  kind: string,
  value: JsonObject,
  mapping: RegionMapping,
): { spec: JsonObject; problem?: string } {
  const fields = STORAGE_FIELDS[kind];
  let spec = value;
  if (!fields) return { spec };
  for (const [paths, map] of [
    [fields.storage, mapStorageUrl],
    [fields.connectors, mapConnector],
  ] as const)
    for (const path of paths) {
      const v = getPath(spec, path);
      if (typeof v !== 'string') continue;
      const mapped = map(v, mapping);
      if ('problem' in mapped) return { spec: value, problem: `${path} ${mapped.problem}` };
      spec = setPath(spec, path, mapped.value);
    }
  return { spec };
}

/** The kind whose snapshot folder this is, among the kinds with storage fields. */
export function storageKindOfFolder(folder: string): string | undefined {
  return Object.entries(KIND_FOLDERS).find(([, f]) => f === folder)?.[0];
}

/**
 * The snapshot's objects of one kind with their storage URLs and connectors as the secondary has them.
 * A value without a mapping refuses the snapshot at its file and line (or, with skip-unrestorable, makes
 * the object unrestorable), so plan stops before the first write.
 */
export async function mapDesiredStorage(
  snapshot: SnapshotSource,
  kind: string,
  desired: DesiredObject[],
  options: Partial<ApplyOptions> = {},
): Promise<DesiredObject[]> {
  const fields = STORAGE_FIELDS[kind];
  if (!fields || !desired.length) return desired;
  const mapping = await readMapping(snapshot);
  if (options.unmappedStorageAsIs) keepUnmapped(mapping);
  const out: DesiredObject[] = [];
  for (const d of desired) {
    if (!isJsonObject(d.spec) || d.unrestorable) {
      out.push(d);
      continue;
    }
    const { spec, problem } = mapSpec(kind, d.spec, mapping);
    if (problem && options.skipUnrestorable) out.push({ ...d, unrestorable: `${d.source}: ${problem}` });
    else if (problem)
      throw await snapshot.errorAt(d.source, problem, String(getPath(d.spec, problem.split(' ')[0])));
    else out.push({ ...d, spec });
  }
  return out;
}

/** Fills every empty entry of `mapping` with SHARED (kept as it is); the names of those it filled. */
export function keepUnmapped(mapping: RegionMapping): string[] {
  const filled: string[] = [];
  for (const entries of [mapping.storage, mapping.accessConnectors])
    for (const [key, value] of entries)
      if (!value) {
        entries.set(key, SHARED);
        filled.push(key);
      }
  return filled;
}

/** Every storage URL and connector the exported UC files name, read from the new snapshot's folder. */
async function foundValues(root: string): Promise<{ storage: string[]; connectors: string[] }> {
  const reader = new SnapshotReader(root);
  const storage = new Set<string>();
  const connectors = new Set<string>();
  for (const [kind, folder] of Object.entries(KIND_FOLDERS)) {
    for (const rel of await reader.list(folder)) {
      const data = await reader.read(`${folder}/${rel}`);
      if (!data) continue;
      const value = parseJson(data.toString('utf8'));
      if (!isJsonObject(value)) continue;
      for (const p of STORAGE_FIELDS[kind].storage) {
        const v = getPath(value, p);
        if (typeof v === 'string') storage.add(v);
      }
      for (const p of STORAGE_FIELDS[kind].connectors) {
        const v = getPath(value, p);
        if (typeof v === 'string') connectors.add(v);
      }
    }
  }
  return { storage: [...storage].sort(), connectors: [...connectors].sort() };
}

/**
 * The mapping file as export leaves it: the previous file's entries kept, every URL no entry covers added
 * as its own prefix with an empty value (external locations' URLs come first, so the roots under them are
 * covered by the location's prefix), every connector likewise. Unchanged when nothing new was found.
 */
export function mergeSkeleton(
  previous: RegionMapping,
  found: { storage: string[]; connectors: string[] },
): RegionMapping | undefined {
  const storage = new Map(previous.storage);
  const connectors = new Map(previous.accessConnectors);
  let changed = false;
  // Shorter URLs first: a location's URL becomes the prefix that covers the roots below it.
  for (const url of [...found.storage].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    if (prefixOf(url, storage.keys()) !== undefined) continue;
    storage.set(url, '');
    changed = true;
  }
  for (const id of found.connectors) {
    if (connectors.has(id)) continue;
    connectors.set(id, '');
    changed = true;
  }
  return changed ? { storage, accessConnectors: connectors } : undefined;
}

export function renderMapping(mapping: RegionMapping): string {
  const section = (m: Map<string, string>) =>
    Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v === '' ? null : v]));
  return (
    HEADER +
    dumpYaml(
      { storage: section(mapping.storage), access_connectors: section(mapping.accessConnectors) },
      { lineWidth: -1, sortKeys: false },
    )
  );
}

/**
 * Owns `unity-catalog/` of the snapshot: export writes the mapping skeleton (keeping what a person filled
 * in); plan checks the file is well-formed. It has no objects of its own in a workspace.
 */
export const ucRegionMappingKind: ResourceKind = {
  name: UC_MAPPING,
  folder: MAPPING_FOLDER,
  async export(ctx: ExportContext): Promise<void> {
    const previousText = (await ctx.previous.read(MAPPING_FILE))?.toString('utf8');
    const previous = previousText
      ? parseMapping(previousText, MAPPING_FILE)
      : { storage: new Map<string, string>(), accessConnectors: new Map<string, string>() };
    const found = await foundValues(ctx.out.root);
    const merged = mergeSkeleton(previous, found);
    if (!merged && previousText === undefined) return;
    ctx.out.claim(MAPPING_FILE);
    await ctx.out.write(MAPPING_FILE, merged ? renderMapping(merged) : (previousText as string));
    const empty = [...(merged ?? previous).storage, ...(merged ?? previous).accessConnectors].filter(
      ([, v]) => !v,
    );
    for (const [k] of empty)
      ctx.report.manual.push({
        kind: UC_MAPPING,
        key: k,
        reason: `fill in the secondary's value of '${k}' in ${MAPPING_FILE} (or '${SHARED}'): apply refuses the objects that use it until then`,
      });
  },
  async readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
    for (const rel of snapshot.filesUnder(MAPPING_FOLDER))
      if (rel !== 'locations.yaml')
        throw new SnapshotError(
          `${MAPPING_FOLDER}/${rel}`,
          `only ${MAPPING_FILE} belongs in ${MAPPING_FOLDER}/`,
        );
    await readMapping(snapshot);
    return [];
  },
  async readActual(): Promise<[]> {
    return [];
  },
  async apply(): Promise<undefined> {
    throw new Error(`${UC_MAPPING} has no objects to apply`);
  },
};
