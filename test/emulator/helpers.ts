import { parseJson, toJson, type JsonValue } from '../../src/util/json.js';
import type { Emulator } from '../../src/emulator/index.js';

export interface CallOptions {
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body (e.g. multipart); sent as is with the given content type. */
  rawBody?: { data: Buffer | string; contentType: string };
  /** null sends no Authorization header. Default: the emulator's token. */
  token?: string | null;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
  /** The body parsed losslessly; throws when it is not JSON. */
  json: () => JsonValue;
}

/** One real HTTP request against the emulator with Node's fetch. */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const url = new URL(path, emulator.url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (options.rawBody) {
    body = options.rawBody.data;
    headers['Content-Type'] = options.rawBody.contentType;
  } else if (options.body !== undefined) {
    body = stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, body, signal: options.signal });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return { status: response.status, headers: response.headers, bytes, text, json: () => parseJson(text) };
}

/** toJson is lossless but slow on the 10 MB bodies; JSON.stringify does when there is no bigint. */
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return toJson(value);
  }
}

export const get = (emulator: Emulator, path: string, query?: Record<string, string>) =>
  call(emulator, 'GET', path, { query });

export const post = (emulator: Emulator, path: string, body: unknown) =>
  call(emulator, 'POST', path, { body });

export const b64 = (data: string | Buffer) =>
  (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64');
