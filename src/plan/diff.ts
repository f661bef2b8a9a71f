import { ownValue, type JsonValue } from '../util/json.js';

/** One field that differs between the target (before) and the snapshot (after). Pure. */
export interface FieldChange {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  // An int64 id parsed as bigint on one side and as number on the other is the same value.
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return String(a) === String(b);
  return a === b;
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? path
      ? `${path}.${key}`
      : key
    : `${path}[${JSON.stringify(key)}]`;
}

/** Field-level differences, objects by key and arrays by position; keys in sorted order. */
export function diffJson(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path = '',
): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    // Own values only: `constructor` of an object without that key is not Object (issue 13, item 10).
    return keys.flatMap((k) => diffJson(ownValue(before, k), ownValue(after, k), join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const out: FieldChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffJson(before[i], after[i], join(path, i)));
    return out;
  }
  if (same(before, after)) return [];
  const change: FieldChange = { path: path || '(object)' };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}
