import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { isJsonObject, parseJson, type JsonValue } from '../../src/util/json.js';
import { call } from '../emulator/helpers.js';

/**
 * Contract fixtures: recorded answers of the real Databricks service (format in
 * test/fixtures/contract/README.md), replayed against the emulator over real HTTP.
 */

export const CONTRACT_DIR = path.resolve('test/fixtures/contract');

export interface ContractRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  body?: JsonValue;
  /** Extra headers; `Authorization` here replaces the emulator's token (e.g. a revoked token). */
  headers?: Record<string, string>;
  /** Multipart form fields (text only), sent as multipart/form-data instead of a JSON body. */
  form?: Record<string, string>;
}

/**
 * What no API request can create, put in place in the emulator's state before the seeds: a workspace object
 * over the 10 MB limit (the import API refuses those).
 */
export interface ContractPreset {
  object_type: 'FILE' | 'NOTEBOOK';
  path: string;
  bytes: number;
  language?: 'PYTHON' | 'SQL' | 'SCALA' | 'R';
}

export interface ContractFixture {
  description: string;
  preset?: ContractPreset[];
  seed?: ContractRequest[];
  request: ContractRequest;
  response: { status: number; body?: JsonValue };
  match?: { ignore?: string[]; messagePattern?: string; absent?: string[]; contains?: string[] };
  client?: string;
  /** Emulator options the recording needs, e.g. `{"faults": {"rateLimit": {"rps": 1, "burst": 1}}}`. */
  emulator?: { faults?: JsonValue };
}

export interface LoadedFixture {
  /** Path relative to test/fixtures/contract, e.g. `jobs/reset-keeps-run-as.json`. */
  name: string;
  fixture: ContractFixture;
  /** The sidecar's text, or undefined when it is missing (the suite fails such a fixture). */
  source?: string;
}

export async function loadFixtures(dir = CONTRACT_DIR): Promise<LoadedFixture[]> {
  const out: LoadedFixture[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of (await fs.readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name.endsWith('.json')) {
        const name = path.relative(dir, full).split(path.sep).join('/');
        const fixture = checkShape(name, parseJson(await fs.readFile(full, 'utf8')));
        const sidecar = full.replace(/\.json$/, '.source.txt');
        const source = await fs.readFile(sidecar, 'utf8').catch(() => undefined);
        out.push({ name, fixture, source });
      }
    }
  };
  await walk(dir);
  return out;
}

function checkShape(name: string, value: JsonValue): ContractFixture {
  const bad = (what: string) => new Error(`${name}: ${what} (see test/fixtures/contract/README.md)`);
  if (!isJsonObject(value)) throw bad('not a JSON object');
  if (typeof value.description !== 'string' || !value.description) throw bad('no "description"');
  const isRequest = (r: JsonValue | undefined) =>
    isJsonObject(r) && typeof r.method === 'string' && typeof r.path === 'string';
  if (!isRequest(value.request)) throw bad('"request" needs "method" and "path"');
  if (value.seed !== undefined && !(Array.isArray(value.seed) && value.seed.every(isRequest)))
    throw bad('"seed" must be a list of requests with "method" and "path"');
  if (!isJsonObject(value.response) || typeof value.response.status !== 'number')
    throw bad('"response" needs a numeric "status"');
  return value as unknown as ContractFixture;
}

/** `${seed[0].job_id}`: a field of an earlier seed's answer. A string that is only a placeholder keeps the value's type. */
const PLACEHOLDER = /\$\{seed\[(\d+)\]((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

export function substitute(value: JsonValue | undefined, answers: JsonValue[]): JsonValue | undefined {
  if (typeof value === 'string') {
    const whole = new RegExp(`^${PLACEHOLDER.source}$`).exec(value);
    if (whole) return lookup(answers, Number(whole[1]), whole[2]);
    return value.replace(PLACEHOLDER, (_, i: string, p: string) => String(lookup(answers, Number(i), p)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, answers) as JsonValue);
  if (isJsonObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, answers) as JsonValue]),
    );
  return value;
}

function lookup(answers: JsonValue[], index: number, fieldPath: string): JsonValue {
  let v: JsonValue | undefined = answers[index];
  if (v === undefined) throw new Error(`placeholder refers to seed[${index}], which has not run`);
  for (const step of fieldPath.match(/[A-Za-z0-9_]+/g) ?? []) {
    v = Array.isArray(v) ? v[Number(step)] : isJsonObject(v) ? v[step] : undefined;
    if (v === undefined) throw new Error(`seed[${index}]${fieldPath} is not in its answer`);
  }
  return v as JsonValue;
}

export interface Answer {
  status: number;
  body: JsonValue | undefined;
  text: string;
}

export async function send(
  emulator: Emulator,
  request: ContractRequest,
  answers: JsonValue[],
): Promise<Answer> {
  const r = substitute(request as unknown as JsonValue, answers) as unknown as ContractRequest;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query ?? {})) for (const one of [v].flat()) qs.append(k, String(one));
  const target = qs.size ? `${r.path}?${qs}` : r.path;
  const auth = r.headers?.Authorization;
  const token = auth === undefined ? undefined : (/^Bearer\s+(\S+)$/.exec(auth)?.[1] ?? null);
  let rawBody: { data: string; contentType: string } | undefined;
  if (r.form) {
    const boundary = 'contract-fixture-boundary';
    const parts = Object.entries(r.form).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    rawBody = {
      data: `${parts.join('')}--${boundary}--\r\n`,
      contentType: `multipart/form-data; boundary=${boundary}`,
    };
  }
  const res = await call(emulator, r.method.toUpperCase(), target, {
    body: r.body === null ? undefined : r.body,
    rawBody,
    token,
  });
  let body: JsonValue | undefined;
  try {
    body = res.text ? res.json() : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text: res.text };
}

/**
 * Every difference between the recorded body (a subset) and the emulator's answer, as `$.path: why` lines.
 * Objects: every recorded key must be there with an equal value; arrays: same length, element by element.
 */
export function differences(
  recorded: JsonValue | undefined,
  actual: JsonValue | undefined,
  match: ContractFixture['match'] = {},
): string[] {
  const ignore = new Set(match.ignore ?? []);
  const contains = new Set(match.contains ?? []);
  let out: string[] = [];
  const walk = (want: JsonValue | undefined, got: JsonValue | undefined, at: string): void => {
    if (ignore.has(at) || ignore.has(at.replace(/\[\d+\]/g, '[*]'))) {
      if (got === undefined && want !== undefined) out.push(`${at}: missing`);
      return;
    }
    if (at === '$.message' && match.messagePattern !== undefined) {
      if (typeof got !== 'string' || !new RegExp(match.messagePattern).test(got))
        out.push(`${at}: ${JSON.stringify(got)} does not match /${match.messagePattern}/`);
      return;
    }
    if (Array.isArray(want) && contains.has(at.replace(/\[\d+\]/g, '[*]'))) {
      // Any order, other elements allowed: each recorded element must match a distinct answered one.
      if (!Array.isArray(got)) return void out.push(`${at}: expected an array, got ${show(got)}`);
      const used = new Set<number>();
      want.forEach((w, i) => {
        const saved = out;
        const hit = got.findIndex((g, j) => {
          if (used.has(j)) return false;
          out = [];
          walk(w, g, `${at}[${j}]`);
          return out.length === 0;
        });
        out = saved;
        if (hit < 0) out.push(`${at}: no element matches recorded [${i}] ${show(w)}`);
        else used.add(hit);
      });
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(got)) return void out.push(`${at}: expected an array, got ${show(got)}`);
      if (got.length !== want.length) out.push(`${at}: ${got.length} elements, recorded ${want.length}`);
      want.forEach((w, i) => walk(w, got[i], `${at}[${i}]`));
      return;
    }
    if (isJsonObject(want)) {
      if (!isJsonObject(got)) return void out.push(`${at}: expected an object, got ${show(got)}`);
      for (const [k, w] of Object.entries(want)) walk(w, got[k], `${at}.${k}`);
      return;
    }
    const same =
      typeof want === 'bigint' || typeof got === 'bigint' ? String(want) === String(got) : want === got;
    if (!same) out.push(`${at}: ${show(got)}, recorded ${show(want)}`);
  };
  walk(recorded, actual, '$');
  for (const at of match.absent ?? []) {
    let v: JsonValue | undefined = actual;
    for (const step of at
      .replace(/\[(\d+)\]/g, '.$1')
      .replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean))
      v = Array.isArray(v) ? v[Number(step)] : isJsonObject(v) ? v[step] : undefined;
    if (v !== undefined) out.push(`${at}: recorded absent, got ${show(v)}`);
  }
  return out;
}

function show(v: JsonValue | undefined): string {
  if (v === undefined) return 'missing';
  const s = typeof v === 'bigint' ? String(v) : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export interface KnownDivergence {
  area: string;
  reason: string;
}

/** test/contract/known-divergences.json: fixture -> the area whose fix is pending and why it differs. */
export async function loadKnownDivergences(): Promise<Record<string, KnownDivergence>> {
  const text = await fs.readFile(path.resolve('test/contract/known-divergences.json'), 'utf8');
  return JSON.parse(text) as Record<string, KnownDivergence>;
}
