import { isJsonObject } from '../util/json.js';
import { ApiError } from './errors.js';
import type { EmulatorRequest } from './router.js';

/**
 * Reading request parameters the way the API takes them: GET/DELETE in the query string, POST/PUT/PATCH
 * in the JSON body (or as multipart fields). The body is read first, then the query, so a handler need
 * not care which one the client used.
 */
export function param(request: EmulatorRequest, name: string): unknown {
  if (isJsonObject(request.body) && request.body[name] !== undefined) return request.body[name];
  const part = request.form?.[name];
  if (part && part.filename === undefined) return part.data.toString('utf8');
  const value = request.query[name];
  return Array.isArray(value) ? value[0] : value;
}

export function optionalString(request: EmulatorRequest, name: string): string | undefined {
  const value = param(request, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw ApiError.invalidParameter(`Invalid value for ${name}: expected a string`);
  return value;
}

export function requiredString(request: EmulatorRequest, name: string): string {
  const value = optionalString(request, name);
  if (value === undefined || value === '') throw ApiError.missingField(name);
  return value;
}

/** Booleans arrive as JSON booleans in bodies and as `true`/`false` in query strings and form fields. */
export function optionalBoolean(request: EmulatorRequest, name: string): boolean | undefined {
  const value = param(request, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw ApiError.invalidParameter(`Invalid value for ${name}: expected a boolean, got ${String(value)}`);
}

/** int64 parameters: JSON numbers (bigint beyond 2^53) or decimal strings. */
export function optionalInteger(request: EmulatorRequest, name: string): number | bigint | undefined {
  const value = param(request, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  }
  throw ApiError.invalidParameter(`Invalid value for ${name}: expected an integer, got ${String(value)}`);
}
