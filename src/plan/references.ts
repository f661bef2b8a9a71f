import { createHash } from 'node:crypto';
import { setKey, type JsonValue } from '../util/json.js';

/**
 * Cross-references between objects are written in the style of Databricks Asset Bundles,
 * `${resources.<kind>.<key>.id}`, so a file means the same thing in any workspace. Pure.
 */
export interface Ref {
  kind: string;
  key: string;
  /**
   * Ordering only: the object is applied after this one, but is not skipped when this one fails (a group
   * still gets its other members when one user cannot be created).
   */
  soft?: boolean;
}

const REF = /^\$\{resources\.([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.id\}$/;
const LOOKS_LIKE_REF = /\$\{resources\./;

export function refString(kind: string, key: string): string {
  return `\${resources.${kind}.${key}.id}`;
}

export function parseRef(value: unknown): Ref | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REF.exec(value);
  return m ? { kind: m[1], key: m[2] } : undefined;
}

export function refId(ref: Ref): string {
  return `${ref.kind}.${ref.key}`;
}

/** Every reference in a value, in document order, without repeats; malformed ones are reported separately. */
export function collectRefs(value: JsonValue | undefined): { refs: Ref[]; malformed: string[] } {
  const refs: Ref[] = [];
  const malformed: string[] = [];
  const seen = new Set<string>();
  const walk = (v: JsonValue | undefined) => {
    if (typeof v === 'string') {
      const ref = parseRef(v);
      if (ref) {
        if (!seen.has(refId(ref))) {
          seen.add(refId(ref));
          refs.push(ref);
        }
      } else if (LOOKS_LIKE_REF.test(v)) malformed.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return { refs, malformed };
}

/**
 * Replaces every reference with the id `lookup` gives (a string, or a number for numeric ids such as
 * job ids). References `lookup` cannot resolve are returned, and left in place.
 */
export function resolveRefs(
  value: JsonValue,
  lookup: (ref: Ref) => JsonValue | undefined,
): { value: JsonValue; unresolved: Ref[] } {
  const unresolved: Ref[] = [];
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') {
      const ref = parseRef(v);
      if (!ref) return v;
      const id = lookup(ref);
      if (id === undefined) {
        unresolved.push(ref);
        return v;
      }
      return id;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: { [key: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) setKey(out, k, walk(x));
      return out;
    }
    return v;
  };
  return { value: walk(value), unresolved };
}

/**
 * Keys come from names: lower case, runs of anything but letters and digits become `_`. Stable across runs;
 * `uniqueKeys` makes them unique when names repeat or collide after folding.
 */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  if (key) return key;
  // A name with no Latin letter or digit (データ): a stable key from its bytes, not a shared 'unnamed'.
  return name.trim() ? `n_${createHash('sha256').update(name).digest('hex').slice(0, 10)}` : 'unnamed';
}

/**
 * Assigns keys to objects in a deterministic order (`order` must be stable across runs, e.g. name then
 * creation time then id): the first keeps the plain key, later ones get `_2`, `_3`, ...
 */
export function uniqueKeys<T>(
  items: T[],
  name: (t: T) => string,
  order: (a: T, b: T) => number,
  reserved: Iterable<string> = [],
): Map<T, string> {
  const sorted = [...items].sort(order);
  // Keys already taken (by key tags) are never handed out again.
  const used = new Set<string>(reserved);
  const out = new Map<T, string>();
  for (const item of sorted) {
    const base = keyFromName(name(item));
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    out.set(item, key);
  }
  return out;
}
