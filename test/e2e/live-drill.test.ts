import { runCli } from '../../src/cli/run.js';
import { DatabricksClient } from '../../src/databricks/client.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { runLiveDrill, type DrillWorkspace } from '../../src/live/drill.js';
import { isJsonObject, type JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

/** The live drill's code, run against emulators standing in for real workspaces. */

function workspaceOf(emulator: Emulator): DrillWorkspace {
  return {
    host: emulator.url,
    client: (observer) =>
      new DatabricksClient({
        host: emulator.url,
        credentials: { headers: async () => ({ Authorization: `Bearer ${emulator.token}` }) },
        observer,
      }),
  };
}

/** What a workspace holds, by name, for "nothing else was touched". */
async function inventory(emulator: Emulator): Promise<string[]> {
  const client = workspaceOf(emulator).client();
  const out: string[] = [];
  const walk = async (p: string) => {
    const page = await client.get('/api/2.0/workspace/list', { path: p });
    for (const o of (page.objects ?? []) as JsonObject[]) {
      out.push(`workspace ${String(o.path)} ${String(o.object_id)}`);
      if (o.object_type === 'DIRECTORY') await walk(String(o.path));
    }
  };
  await walk('/');
  for await (const j of client.paginate<JsonObject>('/api/2.2/jobs/list', 'jobs'))
    out.push(`job ${String(j.job_id)} ${isJsonObject(j.settings) ? String(j.settings.name) : ''}`);
  for (const s of ((await client.get('/api/2.0/secrets/scopes/list')).scopes ?? []) as JsonObject[])
    out.push(`scope ${String(s.name)}`);
  for (const g of ((await client.get('/api/2.0/preview/scim/v2/Groups')).Resources ?? []) as JsonObject[])
    out.push(`group ${String(g.id)} ${String(g.displayName)}`);
  for (const p of ((await client.get('/api/2.0/policies/clusters/list')).policies ?? []) as JsonObject[])
    out.push(`policy ${String(p.policy_id)} ${String(p.name)}`);
  return out.sort();
}

async function drill(primary: Emulator, secondary: Emulator | undefined, runId: string) {
  const lines: string[] = [];
  const code = await runLiveDrill({
    primary: workspaceOf(primary),
    secondary: workspaceOf(secondary ?? primary),
    sameWorkspace: !secondary,
    runId,
    dir: await tempDir(),
    print: (l) => lines.push(l),
    log: new MemoryLog(),
  });
  return { code, text: lines.join('\n') };
}

function expectPassed(text: string) {
  expect(text).toMatch(
    /1\. Seed the primary\n.*folder \/Shared\/databricks-dr-live-\w+-p with a notebook and a file/,
  );
  expect(text).toMatch(/group databricks-dr-live-\w+-p-group, READ on the scope/);
  expect(text).toMatch(/cluster policy databricks-dr-live-\w+-p-policy/);
  expect(text).toMatch(/4\. Plan for the secondary: Plan: [1-9]\d* to create, 0 to update, 0 to delete/);
  expect(text).toMatch(/5\. Apply: .*; 0 failed/);
  expect(text).toMatch(
    /6\. Apply again \(idempotence\): Plan: 0 to create, 0 to update, 0 to delete.*; 0 write request\(s\), [1-9]\d* read\(s\)/,
  );
  expect(text).toMatch(/7\. Parity: .*: identical/);
  expect(text).not.toMatch(/NOT deleted|FAILED|stopped/);
  expect(text).toContain('Live DR drill passed');
}

test('two workspaces: the drill exports only its own objects, applies, is idempotent, has parity, and leaves both workspaces as they were', async () => {
  const primary = await startEmulator();
  const secondary = await startEmulator({ seed: 2 });
  try {
    // A workspace people use: the drill must neither copy nor touch any of it.
    seedSample(primary);
    const before = [await inventory(primary), await inventory(secondary)];
    const { code, text } = await drill(primary, secondary, 'twows01');
    expectPassed(text);
    // The secondary got exactly the drill's objects (and apply's bookkeeping folder, which did not exist).
    expect(text).toMatch(/secondary job databricks-dr-live-twows01-p-job: deleted/);
    expect(text).toMatch(
      /secondary workspace \/Shared\/\.databricks-dr \(databricks-dr-live-twows01\): deleted/,
    );
    expect(text).toMatch(/primary workspace \/Shared\/databricks-dr-live-twows01-p: deleted/);
    // Every write to the secondary names the drill's objects or apply's folder, or deletes by id what the
    // drill made (the cleanup); nothing else in the secondary is written to.
    const unexplained = secondary.requests
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? '')}`)
      .filter((t) => !t.includes('databricks-dr-live-twows01') && !t.includes('/Shared/.databricks-dr'));
    expect(unexplained.map((t) => t.replace(/\b[0-9A-F]{16}\b|\b\d{10,}\b/g, '<id>')).sort()).toEqual([
      'DELETE /api/2.0/preview/scim/v2/Groups/<id> ""',
      'POST /api/2.0/policies/clusters/delete {"policy_id":"<id>"}',
      'POST /api/2.2/jobs/delete {"job_id":<id>}',
    ]);
    expect([await inventory(primary), await inventory(secondary)]).toEqual(before);
    expect(code).toBe(0);
  } finally {
    await primary.stop();
    await secondary.stop();
  }
});

test('one workspace: the secondary is a second folder and name prefix in it; everything the drill made is deleted, nothing else', async () => {
  const primary = await startEmulator();
  try {
    seedSample(primary);
    const before = await inventory(primary);
    const { code, text } = await drill(primary, undefined, 'onews01');
    expectPassed(text);
    expect(text).toContain(
      'secondary: the SAME workspace, standing in as a secondary (folder /Shared/databricks-dr-live-onews01-s',
    );
    expect(text).toContain(
      '3. Rewrite the snapshot for the stand-in secondary: databricks-dr-live-onews01-p -> databricks-dr-live-onews01-s',
    );
    expect(text).toMatch(/secondary job databricks-dr-live-onews01-s-job: deleted/);
    expect(await inventory(primary)).toEqual(before);
    expect(code).toBe(0);
  } finally {
    await primary.stop();
  }
});

test('an object already named like the run stops the drill before it writes, and is not deleted', async () => {
  const primary = await startEmulator();
  try {
    const client = workspaceOf(primary).client();
    await client.post('/api/2.0/secrets/scopes/create', { scope: 'databricks-dr-live-taken01-s-scope' });
    const before = await inventory(primary);
    const { code, text } = await drill(primary, undefined, 'taken01');
    expect(text).toContain(
      "stopped: the secondary already has a secret_scope named 'databricks-dr-live-taken01-s-scope': choose another run id",
    );
    expect(text).toContain('8. Cleanup: 0 object(s) the drill created');
    expect(primary.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual([
      '/api/2.0/secrets/scopes/create',
    ]);
    expect(await inventory(primary)).toEqual(before);
    expect(code).toBe(1);
  } finally {
    await primary.stop();
  }
});

describe('npm run test:live (databricks-dr live-drill)', () => {
  const cli = async (env: Record<string, string>) => {
    const out: string[] = [];
    const code = await runCli(['live-drill'], {
      env,
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      isTTY: false,
      homeDir: await tempDir('dr-home-'),
    });
    return { code, text: out.join('\n') };
  };

  test('without a live workspace it says how to configure one and exits 0 without running', async () => {
    // A developer's own workspace variables are not an opt-in to writes.
    const { code, text } = await cli({
      DATABRICKS_HOST: 'https://example.invalid',
      DATABRICKS_TOKEN: 'dapi-x',
    });
    expect(text.split('\n')[0]).toBe('skipped: no live workspace configured');
    expect(text).toContain('DATABRICKS_DR_LIVE_PRIMARY_PROFILE');
    expect(text).not.toMatch(/passed|Seed/);
    expect(code).toBe(0);
  });

  test('DATABRICKS_DR_LIVE_CLEANUP deletes what an interrupted drill recorded, and refuses a ledger naming anything else', async () => {
    const primary = await startEmulator();
    try {
      seedSample(primary);
      const client = workspaceOf(primary).client();
      const before = await inventory(primary);
      await client.post('/api/2.0/workspace/mkdirs', { path: '/Shared/databricks-dr-live-kill01-p' });
      const group = await client.post('/api/2.0/preview/scim/v2/Groups', {
        displayName: 'databricks-dr-live-kill01-p-group',
      });
      const dir = await tempDir();
      const file = `${dir}/created.json`;
      const entries = [
        {
          side: 'primary',
          kind: 'workspace',
          id: '/Shared/databricks-dr-live-kill01-p',
          name: '/Shared/databricks-dr-live-kill01-p',
        },
        { side: 'primary', kind: 'group', id: String(group.id), name: 'databricks-dr-live-kill01-p-group' },
      ];
      const env = {
        DATABRICKS_DR_LIVE_PRIMARY_HOST: primary.url,
        DATABRICKS_DR_LIVE_PRIMARY_TOKEN: primary.token,
        DATABRICKS_DR_LIVE_CLEANUP: file,
      };
      // A ledger that names an object the drill cannot have made: refused whole, nothing deleted.
      const { promises: fs } = await import('node:fs');
      await fs.writeFile(
        file,
        JSON.stringify({
          prefix: 'databricks-dr-live-kill01',
          created: [...entries, { side: 'primary', kind: 'secret_scope', id: 'etl', name: 'etl' }],
        }),
      );
      primary.clearRequests();
      const refused = await cli(env);
      expect(refused.text).toContain(
        "refusing to record 'etl': not named with the drill's prefix databricks-dr-live-kill01",
      );
      expect(refused.code).toBe(1);
      expect(primary.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      // An entry whose id is now another object (a damaged ledger, an id reused): read first, left alone.
      const jobs = (await client.get('/api/2.2/jobs/list')).jobs as JsonObject[];
      const other = {
        side: 'primary',
        kind: 'job',
        id: String(jobs[0].job_id),
        name: 'databricks-dr-live-kill01-p-job',
      };
      await fs.writeFile(
        file,
        JSON.stringify({ prefix: 'databricks-dr-live-kill01', created: [other, ...entries] }),
      );
      const { code, text } = await cli(env);
      expect(text).toContain('primary group databricks-dr-live-kill01-p-group: deleted');
      expect(text).toContain('primary workspace /Shared/databricks-dr-live-kill01-p: deleted');
      expect(text).toMatch(
        /primary job databricks-dr-live-kill01-p-job \(\d+\): NOT deleted: its job \d+ is now '.+', not the drill's: left alone/,
      );
      expect(primary.requests.filter((r) => r.path === '/api/2.2/jobs/delete')).toEqual([]);
      expect(await inventory(primary)).toEqual(before);
      expect(code).toBe(1);
    } finally {
      await primary.stop();
    }
  });

  test('two profiles of ~/.databrickscfg: the drill runs across two workspaces', async () => {
    const primary = await startEmulator();
    const secondary = await startEmulator({ seed: 2 });
    try {
      const home = await tempDir('dr-home-');
      const { promises: fs } = await import('node:fs');
      const cfg = `${home}/drill.cfg`;
      await fs.writeFile(
        cfg,
        `[dr-a]\nhost = ${primary.url}\ntoken = ${primary.token}\n\n[dr-b]\nhost = ${secondary.url}\ntoken = ${secondary.token}\n`,
      );
      const { code, text } = await cli({
        DATABRICKS_DR_LIVE_PRIMARY_PROFILE: 'dr-a',
        DATABRICKS_DR_LIVE_SECONDARY_PROFILE: 'dr-b',
        DATABRICKS_CONFIG_FILE: cfg,
        DATABRICKS_DR_LIVE_DIR: await tempDir(),
      });
      expect(text).toContain(`secondary: ${secondary.url}  (the same folder and names)`);
      expectPassed(text);
      expect(secondary.requests.some((r) => r.path === '/api/2.2/jobs/create')).toBe(true);
      expect(code).toBe(0);
    } finally {
      await primary.stop();
      await secondary.stop();
    }
  });

  test('with DATABRICKS_DR_LIVE_PRIMARY_HOST/TOKEN only, it drills in that one workspace', async () => {
    const primary = await startEmulator();
    try {
      const { code, text } = await cli({
        DATABRICKS_DR_LIVE_PRIMARY_HOST: primary.url,
        DATABRICKS_DR_LIVE_PRIMARY_TOKEN: primary.token,
        DATABRICKS_DR_LIVE_DIR: await tempDir(),
        // Ignored: the drill connects with its own variables only.
        DATABRICKS_TOKEN: 'dapi-not-this-one',
      });
      expect(text).toContain(
        'No DATABRICKS_DR_LIVE_SECONDARY_*: the primary workspace stands in as its own secondary.',
      );
      expectPassed(text);
      expect(code).toBe(0);
    } finally {
      await primary.stop();
    }
  });
});

test('a name-filtered snapshot (only_names) is refused with prune: it is not the workspace', async () => {
  const { parseSettings } = await import('../../src/settings.js');
  const { runExport } = await import('../../src/modes/export.js');
  const { applySnapshot, clientFor } = await import('../helpers/harness.js');
  const primary = await startEmulator();
  try {
    seedSample(primary);
    const repo = await tempDir();
    const settings = {
      ...parseSettings((n) => ({ mode: 'export', commit: 'false', 'workspace-paths': '/Shared' })[n], repo),
      onlyNames: ['orders*'],
    };
    await runExport(settings, { client: clientFor(primary), log: new MemoryLog() });
    primary.clearRequests();
    await expect(applySnapshot(clientFor(primary), `${repo}/databricks`, { prune: true })).rejects.toThrow(
      /snapshot\.json: this snapshot holds only the objects named \["orders\*"\], not the workspace: prune would delete every other object of the target; apply it without prune/,
    );
    expect(primary.requests).toEqual([]);
  } finally {
    await primary.stop();
  }
});
