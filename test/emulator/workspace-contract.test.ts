import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from '../../src/util/json.js';
import { get } from './helpers.js';

/**
 * Replays the recorded Workspace API answers of test/fixtures/contract/workspace/ (format in the
 * contract fixtures' brief). Their `preset` puts in place what no API request can create: an object over
 * the 10 MB limit (import refuses those); `match.absent` names fields the answer must not have.
 */
const DIR = path.resolve('test/fixtures/contract/workspace');

interface Preset {
  object_type: 'FILE' | 'NOTEBOOK';
  path: string;
  bytes: number;
  language?: 'PYTHON' | 'SQL' | 'SCALA' | 'R';
}

async function fixtures(): Promise<Array<[string, JsonObject]>> {
  const names = (await fs.readdir(DIR)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (n): Promise<[string, JsonObject]> => {
      await fs.access(path.join(DIR, n.replace(/\.json$/, '.source.txt')));
      return [n, parseJson(await fs.readFile(path.join(DIR, n), 'utf8')) as JsonObject];
    }),
  );
}

describe('contract: Workspace API answers recorded from the real service', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({ seed: 7 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test('every workspace fixture replays with its recorded status, error code, message and shape', async () => {
    const all = await fixtures();
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const [name, fixture] of all) {
      for (const p of (fixture.preset ?? []) as unknown as Preset[]) {
        const content = Buffer.alloc(p.bytes, 'x');
        if (p.object_type === 'FILE') emulator.state.workspace.putFile(p.path, content);
        else emulator.state.workspace.putNotebook(p.path, p.language ?? 'PYTHON', content);
      }
      const request = fixture.request as JsonObject;
      expect(request.method).toBe('GET');
      const res = await get(emulator, String(request.path), request.query as Record<string, string>);
      const response = fixture.response as JsonObject;
      const match = (fixture.match ?? {}) as {
        ignore?: string[];
        messagePattern?: string;
        absent?: string[];
      };
      expect([name, res.status]).toEqual([name, response.status]);
      const body = res.json() as JsonObject;
      for (const [key, want] of Object.entries(response.body as JsonObject)) {
        if (match.ignore?.includes(`$.${key}`))
          expect([name, key, body[key]]).not.toEqual([name, key, undefined]);
        else if (key === 'message' && match.messagePattern)
          expect([name, body.message]).toEqual([
            name,
            expect.stringMatching(new RegExp(match.messagePattern)),
          ]);
        else expect([name, key, body[key]]).toEqual([name, key, plain(want)]);
      }
      for (const absent of match.absent ?? [])
        expect([name, body]).not.toHaveProperty(`1.${absent.slice(2)}`);
    }
  });
});

function plain(v: JsonValue): JsonValue {
  return isJsonObject(v) || Array.isArray(v) ? v : typeof v === 'bigint' ? Number(v) : v;
}
