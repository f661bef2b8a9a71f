import { isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * JSON as Databricks speaks it: int64 ids (spark_context_id, job and run ids) can exceed 2^53, so integers
 * that a JS number cannot hold exactly are parsed as bigint and written back digit for digit.
 */
export type JsonValue =
  null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function parseNumber(text: string): number | bigint {
  if (isSafeNumber(text)) return Number(text);
  if (/^-?\d+$/.test(text)) return BigInt(text);
  // A non-integer that does not round-trip (e.g. many decimals): keep the nearest double, as every SDK does.
  return Number(text);
}

/** Parses JSON without losing integer precision. Throws SyntaxError with a position on bad input. */
export function parseJson(text: string): JsonValue {
  return parse(text, null, parseNumber) as JsonValue;
}

/** Compact JSON for request bodies; bigint is written as a plain JSON number. */
export function toJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/**
 * Deterministic JSON for files in the snapshot: keys sorted at every level, two-space indent, LF line ends,
 * one trailing newline. The same value always gives the same bytes.
 */
export function stableJson(value: unknown): string {
  return (stringify(sortKeys(value), undefined, 2) ?? 'null') + '\n';
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) setKey(out, key, sortKeys(v));
    }
    return out;
  }
  return value;
}

/**
 * Sets a key of a plain object as data, whatever its name. `out[key] = v` with the key `__proto__` sets the
 * object's prototype instead (the key is lost, and a crafted value reaches every lookup on that object);
 * `__proto__` is an ordinary key in JSON, e.g. a notebook parameter (issue 13, item 10).
 */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A key's own value, never one inherited from Object.prototype: `{}.constructor` is Object, `{}.toString`
 * a function, and neither is in the JSON (issue 13, item 10).
 */
export function ownValue<T>(source: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
