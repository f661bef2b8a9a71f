/** Helpers shared by the compute kinds (clusters, instance pools, cluster policies). Pure. */
import { sortKeys, toJson, isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import type { Normalizer } from './config-kind.js';

/** Copies the listed fields that are present (not undefined/null). */
export function pick(raw: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) if (raw[f] !== undefined && raw[f] !== null) out[f] = raw[f];
  return out;
}

/** Drops top-level `{}` and `[]`: the API treats them as absent and some answers add them. */
export function dropEmpty(obj: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(obj))
    if ((Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0))
      delete obj[k];
  return obj;
}

/**
 * Turns the id in `obj[field]` into a reference to `kind`; an id that matches no object of that kind is
 * kept as it is, with a warning (it may name something outside what is exported).
 */
export function refField(obj: JsonObject, field: string, kind: string, n: Normalizer, where = field): void {
  const id = obj[field];
  if (typeof id !== 'string' || id === '' || id.startsWith('${')) return;
  const ref = n.ref(kind, id);
  if (ref) obj[field] = ref;
  else n.warn(`${where} '${id}' matches no ${kind} object: kept as is`);
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

/** The top-level field a FieldChange path is about (`custom_tags["a b"]` -> `custom_tags`). */
export function topField(path: string): string {
  return path.split(/[.[]/)[0];
}
