import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { ApiRecorder, type Recording } from '../../src/record/api-recorder.js';
import { parseJson, type JsonValue } from '../../src/util/json.js';
import { tempDir } from '../helpers/harness.js';
import { mapSampleStorage } from '../helpers/uc.js';

/** Looks like a real personal access token, so that the credential scanner would know it too. */
const TOKEN = 'dapi0123456789abcdef0123456789abcdef';
const SECRET_VALUES = {
  'etl/storage-account-key': 'apply-value-one-4711',
  'etl/jdbc-password': 'apply-value-two-0815',
};
/** In a notebook of the primary: the recording must not carry it, plain or base64-encoded. */
const NOTEBOOK_KEY = 'AKIAABCDEFGHIJKLMNOP';

async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; err: string }> {
  const stderr: string[] = [];
  const code = await runCli(argv, {
    env,
    stdout: () => undefined,
    stderr: (l) => stderr.push(l),
    isTTY: false,
    homeDir: await tempDir('dr-home-'),
  });
  return { code, err: stderr.join('\n') };
}

async function recordings(dir: string): Promise<Array<{ file: string; text: string; json: Recording }>> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await fs.readFile(path.join(dir, file), 'utf8');
      return { file, text, json: JSON.parse(text) as Recording };
    }),
  );
}

/** Every string in a recording, and the text inside each base64 `content` / `data` field. */
function decodedContent(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => decodedContent(v, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'content' || k === 'data' || k === 'base64') && typeof v === 'string')
        out.push(Buffer.from(v, 'base64').toString('utf8'));
      decodedContent(v, out);
    }
  return out;
}

/** The contract fixture rule: every recorded field is in the answer with an equal value (arrays by element). */
function subset(recorded: JsonValue | undefined, actual: JsonValue | undefined, at = '$'): string[] {
  if (recorded === null || typeof recorded !== 'object')
    return String(recorded) === String(actual) ? [] : [`${at}: ${String(recorded)} != ${String(actual)}`];
  if (actual === null || typeof actual !== 'object') return [`${at}: missing`];
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual) || actual.length !== recorded.length) return [`${at}: array length`];
    return recorded.flatMap((r, i) => subset(r, actual[i], `${at}[${i}]`));
  }
  const a = actual as Record<string, JsonValue>;
  return Object.entries(recorded).flatMap(([k, v]) => subset(v, a[k], `${at}.${k}`));
}

async function seededPrimary(): Promise<Emulator> {
  const primary = await startEmulator({ tokens: [TOKEN] });
  seedSample(primary);
  primary.state.workspace.putNotebook('/Shared/keys/setup', 'PYTHON', `aws_key = "${NOTEBOOK_KEY}"\n`);
  return primary;
}

test('--record-api: an export and an apply are recorded exchange by exchange, with no token, secret value or credential in any file', async () => {
  const primary = await seededPrimary();
  const secondary = await startEmulator({ tokens: [TOKEN], seed: 7 });
  try {
    const repo = await tempDir();
    const exportDir = path.join(await tempDir(), 'export');
    const applyDir = path.join(await tempDir(), 'apply');
    primary.clearRequests();
    const exported = await cli(
      ['export', '--no-commit', '--repo', repo, '--on-credentials', 'redact', '--record-api', exportDir],
      { DATABRICKS_HOST: primary.url, DATABRICKS_TOKEN: TOKEN },
    );
    expect(exported.err).not.toMatch(/^error|databricks-dr:/m);
    expect(exported.code).toBe(0);
    await mapSampleStorage(path.join(repo, 'databricks'));
    const applied = await cli(['apply', '--repo', repo, '--record-api', applyDir], {
      DATABRICKS_HOST: secondary.url,
      DATABRICKS_TOKEN: TOKEN,
      DATABRICKS_DR_SECRETS: JSON.stringify(SECRET_VALUES),
    });
    expect(applied.code).toBe(0);

    // Every exchange the emulators served is in the recording, and nothing else.
    for (const [dir, emulator] of [
      [exportDir, primary],
      [applyDir, secondary],
    ] as const) {
      const recs = await recordings(dir);
      const served = emulator.requests.map((r) => `${r.method} ${r.path}`).sort();
      expect(recs.map((r) => `${r.json.request.method} ${r.json.request.path}`).sort()).toEqual(served);
      expect(recs.length).toBeGreaterThan(20);
    }
    expect(applied.err).toMatch(/recorded \d+ API exchange\(s\) in .*apply \(secrets redacted\)/);

    const all = [...(await recordings(exportDir)), ...(await recordings(applyDir))];
    const puts = all.filter((r) => r.json.request.path === '/api/2.0/secrets/put');
    expect(puts).toHaveLength(2);
    for (const put of puts)
      expect((put.json.request.body as Record<string, string>).string_value).toBe(
        '[REDACTED by databricks-dr]',
      );
    const notebook = all.find(
      (r) => r.json.request.path === '/api/2.0/workspace/export' && r.text.includes('setup'),
    );
    expect(notebook).toBeDefined();
    for (const { file, text, json } of all) {
      const everything = [text, ...decodedContent(json)].join('\n');
      for (const secret of [TOKEN, NOTEBOOK_KEY, ...Object.values(SECRET_VALUES)])
        expect({ file, leaked: everything.includes(secret) ? secret : undefined }).toEqual({
          file,
          leaked: undefined,
        });
      expect(text).not.toMatch(/Bearer|Authorization/i);
    }
  } finally {
    await primary.stop();
    await secondary.stop();
  }
});

test('a recorded exchange replays as a contract fixture against the emulator', async () => {
  const primary = await seededPrimary();
  const replay = await seededPrimary();
  try {
    const dir = await tempDir();
    const recorder = new ApiRecorder(dir, { mask: (t) => t });
    const { DatabricksClient } = await import('../../src/databricks/client.js');
    const client = new DatabricksClient({
      host: primary.url,
      credentials: { headers: async () => ({ Authorization: `Bearer ${TOKEN}` }) },
      observer: recorder.observer,
    });
    await client.get('/api/2.0/secrets/scopes/list');
    await client
      .get('/api/2.0/workspace/get-status', { path: '/Shared/nothing-here' })
      .catch(() => undefined);
    recorder.close();
    const recs = await recordings(dir);
    expect(recs.map((r) => r.file)).toEqual([
      '00001-GET-2.0-secrets-scopes-list.json',
      '00002-GET-2.0-workspace-get-status.json',
    ]);
    for (const { json } of recs) {
      // The fixture's request, sent as the contract suite does, to an emulator in the same state.
      const url = new URL(replay.url + json.request.path);
      for (const [k, v] of Object.entries(json.request.query ?? {})) url.searchParams.append(k, String(v));
      const answer = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(answer.status).toBe(json.response.status);
      expect(subset(json.response.body, parseJson(await answer.text()))).toEqual([]);
    }
    expect(recs[1].json.response).toMatchObject({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
    });
  } finally {
    await primary.stop();
    await replay.stop();
  }
});

test('a recording folder inside the snapshot folder is refused (export would commit it)', async () => {
  const repo = await tempDir();
  const result = await cli(
    ['export', '--no-commit', '--repo', repo, '--record-api', path.join(repo, 'databricks', 'rec')],
    {
      DATABRICKS_HOST: 'https://x.example',
      DATABRICKS_TOKEN: TOKEN,
    },
  );
  expect(result.code).toBe(1);
  expect(result.err).toMatch(/--record-api must be a folder outside the snapshot folder/);
});
