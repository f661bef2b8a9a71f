import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseJson, type JsonObject, type JsonValue } from '../../src/util/json.js';

/**
 * The jobs contract fixtures (test/fixtures/contract/jobs, format in the common brief) replayed against
 * the emulator: seeds first, then the request; the recorded status, and the recorded body as a subset of
 * the emulator's, except the ignored paths. Scoped to jobs until the shared replay suite covers every area.
 */
const DIR = path.join(process.cwd(), 'test/fixtures/contract/jobs');

async function send(
  emulator: Emulator,
  method: string,
  apiPath: string,
  query: JsonObject,
  body: JsonValue | undefined,
) {
  const url = new URL(apiPath, emulator.url);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${emulator.token}`, 'Content-Type': 'application/json' },
    body: body === undefined || body === null ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? parseJson(text) : {} };
}

/** `${seed[0].job_id}` -> that field of that seed's answer (a whole string becomes the value itself). */
function substitute(value: JsonValue, answers: JsonValue[]): JsonValue {
  if (typeof value === 'string') {
    const m = /^\$\{seed\[(\d+)\]\.(\w+)\}$/.exec(value);
    return m ? (answers[Number(m[1])] as JsonObject)[m[2]] : value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, answers));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, answers)]));
  return value;
}

function ignored(at: string, ignore: string[]): boolean {
  return ignore.some((p) =>
    new RegExp(`^${p.replace(/[.$]/g, '\\$&').replace(/\[\\\*\]|\[\*\]/g, '\\[\\d+\\]')}$`).test(at),
  );
}

/** Every difference of `recorded` (a subset) from `got`, as `path: recorded vs got`. */
function differences(
  recorded: JsonValue,
  got: JsonValue | undefined,
  at: string,
  match: JsonObject,
): string[] {
  const ignore = (match.ignore as string[] | undefined) ?? [];
  if (ignored(at, ignore)) return [];
  if (at === '$.message' && typeof match.messagePattern === 'string')
    return new RegExp(match.messagePattern).test(String(got)) ? [] : [`${at}: ${String(got)}`];
  if (Array.isArray(recorded)) {
    if (!Array.isArray(got) || got.length !== recorded.length) return [`${at}: length`];
    return recorded.flatMap((r, i) => differences(r, got[i], `${at}[${i}]`, match));
  }
  if (recorded !== null && typeof recorded === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return [`${at}: not an object`];
    return Object.entries(recorded).flatMap(([k, v]) =>
      differences(v, (got as JsonObject)[k], `${at}.${k}`, match),
    );
  }
  return String(recorded) === String(got)
    ? []
    : [`${at}: ${JSON.stringify(recorded)} vs ${JSON.stringify(got)}`];
}

describe('jobs contract fixtures', () => {
  it('the emulator answers every recorded request as recorded', async () => {
    const files = (await fs.readdir(DIR)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const emulator = await startEmulator();
      try {
        const fixture = parseJson(await fs.readFile(path.join(DIR, file), 'utf8')) as JsonObject;
        expect(await fs.readFile(path.join(DIR, file.replace(/\.json$/, '.source.txt')), 'utf8')).toMatch(
          /\S/,
        );
        const answers: JsonValue[] = [];
        for (const seed of (fixture.seed as JsonObject[] | undefined) ?? []) {
          const s = substitute(seed, answers) as JsonObject;
          const answer = await send(
            emulator,
            String(s.method),
            String(s.path),
            (s.query as JsonObject) ?? {},
            s.body,
          );
          expect(`${file} seed ${String(s.path)}: ${answer.status}`).toBe(
            `${file} seed ${String(s.path)}: 200`,
          );
          answers.push(answer.body);
        }
        const request = substitute(fixture.request, answers) as JsonObject;
        const got = await send(
          emulator,
          String(request.method),
          String(request.path),
          (request.query as JsonObject) ?? {},
          request.body,
        );
        const response = fixture.response as JsonObject;
        const match = (fixture.match as JsonObject | undefined) ?? {};
        expect(`${file}: ${got.status}`).toBe(`${file}: ${String(response.status)}`);
        expect([file, ...differences(response.body, got.body, '$', match)]).toEqual([file]);
      } finally {
        await emulator.stop();
      }
    }
  });
});
