/**
 * The page_size / page_token listing the newer REST APIs share (notification destinations, SQL queries,
 * alerts, Lakeview dashboards): items in creation order, all at once without page_size, and an opaque
 * token naming the last item answered. One place, so each API module only says what its items are.
 */
import { isJsonObject, type JsonObject } from '../util/json.js';
import { ApiError } from './errors.js';
import { optionalInteger, optionalString } from './params.js';
import type { EmulatorRequest } from './router.js';

/** One page of `items` (ordered by `seq`) under `key`, with `next_page_token` when more remain. */
export function seqPage<T extends { seq: number }>(
  request: EmulatorRequest,
  items: readonly T[],
  key: string,
  render: (item: T) => JsonObject,
): JsonObject {
  const size = Number(optionalInteger(request, 'page_size') ?? 0);
  if (size < 0) throw ApiError.invalidParameter(`Invalid page_size ${size}.`);
  const token = optionalString(request, 'page_token');
  let after = 0;
  if (token !== undefined && token !== '') {
    const m = new RegExp(`^${key}:(\\d+)$`).exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
    after = Number(m[1]);
  }
  const rest = items.filter((i) => i.seq > after);
  const page = size > 0 ? rest.slice(0, size) : rest;
  const out: JsonObject = {};
  if (page.length) out[key] = page.map(render);
  if (page.length < rest.length)
    out.next_page_token = Buffer.from(`${key}:${page[page.length - 1].seq}`, 'utf8').toString('base64url');
  return out;
}

/** The JSON body of a write: `{}` when there is none, refused when it is not an object. */
export function bodyObject(request: EmulatorRequest): JsonObject {
  if (request.body === undefined) return {};
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  return request.body;
}
