/** Helpers shared by the compute kinds (clusters, instance pools, cluster policies). Pure. */
import { sortKeys, toJson, isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { parseRef, refString } from '../plan/references.js';
import { pick } from './fields.js';
import type { Normalizer } from './kind.js';
import {
  DATA_SECURITY_MODE_READ_AS,
  POOL_CLUSTER_DROPPED,
  REGION_PINNED,
  SERVER_DEFAULTS,
} from './cluster-spec-defaults.js';

// The generic field helpers moved to fields.ts (issue 19 item 1); still here for modules that take them here.
export { pick, topField, unknownField, warnUnknownFields } from './fields.js';

/** Drops top-level `{}` and `[]`: the API treats them as absent and some answers add them. */
export function dropEmpty(obj: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(obj))
    if ((Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0))
      delete obj[k];
  return obj;
}

/** Start of the key in the reference written for an id that no exported object has. */
const UNEXPORTED = 'unexported_';

/**
 * A reference that never resolves, written where an id names an object that was not exported (another
 * kind, a deleted object): `${resources.<kind>.unexported_<id>.id}`. The raw id would mean nothing, or
 * another object, in the target; the marker makes apply stop before writing anything (see
 * `unexportedField`), and the file still says which object it was.
 */
export function unexportedRef(kind: string, id: JsonValue): string {
  return refString(kind, `${UNEXPORTED}${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`);
}

/** The reference for an id, or the unexported marker with a warning that starts with `what`. */
export function refOrMarker(kind: string, id: JsonValue, n: Normalizer, what: string): string {
  const ref = n.ref(kind, id);
  if (ref) return ref;
  const marker = unexportedRef(kind, id);
  n.warn(
    `${what}; written as ${marker}, which apply refuses until that object is exported too or the field is edited`,
  );
  return marker;
}

/**
 * Turns the id in `obj[field]` into a reference to `kind`. An id that matches no object of that kind is
 * reported and replaced by the unexported marker, which apply refuses before it writes anything.
 */
export function refField(obj: JsonObject, field: string, kind: string, n: Normalizer, where = field): void {
  const id = obj[field];
  if (typeof id !== 'string' || id === '' || id.startsWith('${')) return;
  obj[field] = refOrMarker(kind, id, n, `${where} '${id}' matches no exported ${kind} object`);
}

/** Is this the key of an unexported marker? */
export function isUnexportedKey(key: string): boolean {
  return key.startsWith(UNEXPORTED);
}

/**
 * Names the first field of a snapshot object that holds an unexported marker, and which object it named:
 * such an object cannot be restored as the file says (see `checkUnexported`).
 */
export function unexportedField(value: JsonValue, path = ''): string | undefined {
  if (typeof value === 'string') {
    const ref = parseRef(value);
    if (!ref?.key.startsWith(UNEXPORTED)) return undefined;
    return `${path || 'the value'} is ${value}: the ${ref.kind} object '${ref.key.slice(UNEXPORTED.length)}' it named was not exported, so it has no counterpart in the target`;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = unexportedField(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isJsonObject(value))
    for (const [k, v] of Object.entries(value)) {
      const found = unexportedField(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  return undefined;
}

/** A canonical text of a JSON value (keys sorted), to compare libraries as a set. */
export function canonical(value: JsonValue): string {
  return toJson(sortKeys(value));
}

/** Libraries in a canonical order, so the order the API lists them in never shows as a change. */
export function sortLibraries(libraries: JsonValue[]): JsonValue[] {
  return [...libraries].sort((a, b) =>
    canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
  );
}

const LIBRARY_TYPES = ['jar', 'whl', 'egg', 'requirements', 'pypi', 'maven', 'cran'];

/** A message when `value` is not a list of Library objects (exactly one known key each, §7). */
export function invalidLibraries(value: JsonValue | undefined, field = 'libraries'): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return `'${field}' must be a list`;
  for (const [i, lib] of value.entries()) {
    const keys = isJsonObject(lib) ? Object.keys(lib) : [];
    if (keys.length !== 1 || !LIBRARY_TYPES.includes(keys[0]))
      return `${field}[${i}] must have exactly one of ${LIBRARY_TYPES.join(', ')}`;
  }
  return undefined;
}

/**
 * Removes from a cluster or pool spec every value that pins it to the primary's region (REGION_PINNED:
 * a specific availability zone), and a cloud attributes object left empty by it. Applied by normalize to
 * both sides, so an exported file never holds one and a target's own zone never shows as a change.
 * Returns the fields removed (`aws_attributes.zone_id`), for a warning. Mutates `spec`.
 */
export function stripRegionPinned(spec: JsonObject): string[] {
  const removed: string[] = [];
  for (const rule of REGION_PINNED) {
    const [field, sub] = rule.path.split('.');
    const attrs = spec[field];
    if (!isJsonObject(attrs) || attrs[sub] === undefined) continue;
    const value = attrs[sub];
    if (typeof value === 'string' && rule.portable.some((p) => p.toLowerCase() === value.toLowerCase()))
      continue;
    const rest = { ...attrs };
    delete rest[sub];
    if (Object.keys(rest).length) spec[field] = rest;
    else delete spec[field];
    removed.push(rule.path);
  }
  return removed;
}

/**
 * The desired spec completed with the server-filled values of the target that it does not set
 * (SERVER_DEFAULTS; for an object such as `azure_attributes`, subfield by subfield), and with the target's
 * `data_security_mode` where the file's is a newer name the service reads back as it
 * (DATA_SECURITY_MODE_READ_AS). A file that leaves a default to the service then never shows it as a
 * change, and an update sends the target's own values back. Pure.
 */
export function keepServerDefaults(want: JsonObject, have: JsonObject): JsonObject {
  const out = { ...want };
  for (const { path: field } of SERVER_DEFAULTS) {
    const theirs = have[field];
    if (theirs === undefined) continue;
    const mine = out[field];
    if (mine === undefined) out[field] = theirs;
    else if (isJsonObject(mine) && isJsonObject(theirs)) out[field] = { ...theirs, ...mine };
  }
  const mode = out.data_security_mode;
  const readAs = typeof mode === 'string' ? DATA_SECURITY_MODE_READ_AS[mode] : undefined;
  if (readAs && typeof have.data_security_mode === 'string' && readAs.includes(have.data_security_mode))
    out.data_security_mode = have.data_security_mode;
  return out;
}

/**
 * What a cluster on an instance pool must not carry (POOL_CLUSTER_DROPPED): its node types, elastic disk
 * and cloud attributes come from the pool, and the service refuses node_type_id with instance_pool_id.
 * Removed from the spec (keeping an instance profile or GCP service account); a no-op without a pool.
 * Mutates `spec`.
 */
export function dropPoolClusterFields(spec: JsonObject): void {
  if (typeof spec.instance_pool_id !== 'string' || spec.instance_pool_id === '') return;
  for (const [field, kept] of Object.entries(POOL_CLUSTER_DROPPED)) {
    const value = spec[field];
    if (value === undefined) continue;
    const rest = isJsonObject(value) ? pick(value, kept) : {};
    if (Object.keys(rest).length) spec[field] = rest;
    else delete spec[field];
  }
}
