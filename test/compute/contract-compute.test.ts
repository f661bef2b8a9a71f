/**
 * The compute contract fixtures (test/fixtures/contract/compute, each with its source) replayed against
 * the emulator over HTTP: seeds first, then the recorded request, whose answer must hold every recorded
 * field (a subset match, minus `match.ignore`; `match.messagePattern` for the message).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../src/util/json.js';
import { call } from '../emulator/helpers.js';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'contract',
  'compute',
);

interface Recorded {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: JsonValue | null;
}

interface ContractFixture {
  description: string;
  seed?: Recorded[];
  request: Recorded;
  response: { status: number; body: JsonValue };
  match?: { ignore?: string[]; messagePattern?: string };
}

/** `${seed[0].cluster_id}` placeholders replaced by fields of the earlier seeds' answers. */
function fill(value: JsonValue | undefined, answers: JsonValue[]): JsonValue | undefined {
  if (typeof value === 'string') {
    const whole = /^\$\{seed\[(\d+)\]\.([A-Za-z_]+)\}$/.exec(value);
    if (whole) {
      const answer = answers[Number(whole[1])];
      return isJsonObject(answer) ? answer[whole[2]] : undefined;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, answers) as JsonValue);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = fill(v, answers) as JsonValue;
    return out;
  }
  return value;
}

/** Every field of `recorded` in `actual` with an equal value, but the ignored paths; the mismatches. */
function subsetMismatches(
  recorded: JsonValue,
  actual: JsonValue | undefined,
  at: string,
  ignore: Set<string>,
  pattern?: string,
): string[] {
  if (ignore.has(at)) return [];
  if (at === '$.message' && pattern !== undefined)
    return typeof actual === 'string' && new RegExp(pattern).test(actual)
      ? []
      : [`${at}: ${String(actual)} !~ /${pattern}/`];
  if (isJsonObject(recorded)) {
    if (!isJsonObject(actual)) return [`${at}: not an object`];
    return Object.entries(recorded).flatMap(([k, v]) =>
      subsetMismatches(v, actual[k], `${at}.${k}`, ignore, pattern),
    );
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${at}: not an array`];
    return recorded.flatMap((v, i) => subsetMismatches(v, actual[i], `${at}[${i}]`, ignore, pattern));
  }
  return String(recorded) === String(actual) && typeof recorded === typeof actual
    ? []
    : [`${at}: recorded ${JSON.stringify(recorded)}, answered ${JSON.stringify(actual)}`];
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, parseJson(readFileSync(path.join(DIR, f), 'utf8')) as unknown as ContractFixture] as const);

describe('compute contract fixtures, replayed against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it('has a source for every fixture', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const [file] of fixtures) expect(readdirSync(DIR)).toContain(file.replace(/\.json$/, '.source.txt'));
  });

  it.each(fixtures)('%s', async (_file, fx) => {
    const send = async (r: Recorded, answers: JsonValue[]) =>
      call(emulator, r.method, r.path, {
        query: fill(r.query as JsonObject | undefined, answers) as Record<string, string> | undefined,
        body: r.body === null || r.body === undefined ? undefined : fill(r.body, answers),
      });
    const answers: JsonValue[] = [];
    for (const s of fx.seed ?? []) {
      const res = await send(s, answers);
      expect([res.status, s.path]).toEqual([200, s.path]);
      answers.push(res.text ? res.json() : {});
    }
    const res = await send(fx.request, answers);
    expect(res.status).toBe(fx.response.status);
    const body = res.text ? res.json() : {};
    expect(
      subsetMismatches(
        fx.response.body,
        body,
        '$',
        new Set(fx.match?.ignore ?? []),
        fx.match?.messagePattern,
      ),
    ).toEqual([]);
  });
});
