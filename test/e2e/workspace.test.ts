import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = path.join(API_FIXTURES, 'notebooks');
const LANG: Record<string, 'PYTHON' | 'SQL' | 'SCALA' | 'R'> = {
  '.py': 'PYTHON',
  '.sql': 'SQL',
  '.scala': 'SCALA',
  '.r': 'R',
};

/** Loads every SOURCE fixture notebook into the emulated primary; returns workspace path -> fixture bytes. */
async function seedFixtures(emulator: Emulator): Promise<Map<string, Buffer>> {
  const expected = new Map<string, Buffer>();
  for (const name of (await fs.readdir(FIXTURES)).sort()) {
    const ext = path.extname(name);
    if (!LANG[ext]) continue;
    const bytes = await fs.readFile(path.join(FIXTURES, name));
    const wsPath = `/Users/ana@contoso.com/fixtures/${path.basename(name, ext)}`;
    emulator.state.workspace.putNotebook(wsPath, LANG[ext], bytes);
    expected.set(`databricks/workspace${wsPath}${ext}`, bytes);
  }
  emulator.state.workspace.putFile('/Shared/data/prices.csv', 'sku,price\nA-1,9.99\nB-2,€12\n');
  emulator.state.workspace.putFile('/Shared/lib/helpers.py', 'def double(x):\n    return 2 * x\n');
  emulator.state.workspace.putNotebook(
    '/Users/chloé@contoso.com/データ分析',
    'PYTHON',
    '# MAGIC %md\n# MAGIC ## Résumé 🚀\n\nprint("こんにちは")',
  );
  emulator.state.workspace.mkdirs('/Shared/empty/nested');
  emulator.state.workspace.putObject('/Shared/experiments/churn', 'MLFLOW_EXPERIMENT');
  return expected;
}

async function gitLog(repo: string): Promise<string[]> {
  return (await simpleGit(repo).raw(['log', '--format=%H %s'])).trim().split('\n');
}

describe('export into git against the emulator', () => {
  test('byte-identical, deterministic, no empty commits, deletions, and nothing committed on failure', async () => {
    await withEmulators(async (primary) => {
      const expected = await seedFixtures(primary);
      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      const client = clientFor(primary);
      const inputs = { commit: 'true', push: 'true' };

      const first = await exportWorkspace(client, repo, inputs);
      expect(first.changed).toBe(true);
      for (const [file, bytes] of expected)
        expect((await fs.readFile(path.join(repo, file))).equals(bytes)).toBe(true);
      expect(await fs.readFile(path.join(repo, 'databricks/workspace/Shared/data/prices.csv'), 'utf8')).toBe(
        'sku,price\nA-1,9.99\nB-2,€12\n',
      );
      expect(
        await fs.readFile(path.join(repo, 'databricks/workspace/Shared/lib/helpers.py'), 'utf8'),
      ).toContain('def double');
      expect(
        await fs.readFile(
          path.join(repo, 'databricks/workspace/Users/chloé@contoso.com/データ分析.py'),
          'utf8',
        ),
      ).toContain('こんにちは');
      await fs.access(path.join(repo, 'databricks/workspace/Shared/empty/nested/.databricks-dr-dir'));
      expect(first.report.skipped.map((s) => s.key)).toEqual(['/Shared/experiments/churn']);
      const remoteHead = (await simpleGit(remote).raw(['rev-parse', 'main'])).trim();
      expect(remoteHead).toBe(first.commitSha);
      const message = (await simpleGit(repo).raw(['log', '-1', '--format=%B'])).trim();
      expect(message).toMatch(
        /snapshot of 127\.0\.0\.1:\d+\n\n\d+ added, 0 changed, 0 removed under databricks\//,
      );

      // Unchanged workspace: no commit, and unchanged objects are not downloaded again.
      primary.clearRequests();
      const second = await exportWorkspace(client, repo, inputs);
      expect(second.changed).toBe(false);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(0);
      expect((await gitLog(repo)).length).toBe(2);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);

      // A file saved again without a change: read again, nothing committed, the bookkeeping put back.
      const stateFile = path.join(repo, 'databricks/.export-state.json');
      const state = await fs.readFile(stateFile, 'utf8');
      primary.state.workspace.putFile('/Shared/lib/helpers.py', 'def double(x):\n    return 2 * x\n', {
        modifiedAt: Date.now() + 60_000,
      });
      primary.clearRequests();
      const saved = await exportWorkspace(client, repo, inputs);
      expect(saved.changed).toBe(false);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(1);
      expect((await gitLog(repo)).length).toBe(2);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);
      expect(await fs.readFile(stateFile, 'utf8')).toBe(state);

      // A deleted notebook disappears in the next commit.
      primary.state.workspace.remove('/Users/ana@contoso.com/fixtures/cli_py_source');
      const third = await exportWorkspace(client, repo, inputs);
      expect(third.changes).toMatchObject({ added: 0, modified: 0, deleted: 1 });
      await expect(
        fs.access(path.join(repo, 'databricks/workspace/Users/ana@contoso.com/fixtures/cli_py_source.py')),
      ).rejects.toThrow();

      // A listing that keeps failing: the export fails, nothing is committed, the snapshot is untouched.
      primary.state.workspace.remove('/Shared/data/prices.csv');
      primary.faults.set({ failPaths: [{ match: '/Users*', status: 500, methods: ['GET'] }] });
      const before = await readTree(path.join(repo, 'databricks'));
      const head = await gitLog(repo);
      await expect(exportWorkspace(client, repo, inputs)).rejects.toThrow(
        /export failed, the snapshot and git history are unchanged/,
      );
      expect(await gitLog(repo)).toEqual(head);
      expect(await readTree(path.join(repo, 'databricks'))).toEqual(before);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);
      const leftovers = (await fs.readdir(repo)).filter((f) => f.includes('staging'));
      expect(leftovers).toEqual([]);
    });
  });

  test('a 429 storm still ends with a complete export', async () => {
    await withEmulators(async (primary) => {
      const expected = await seedFixtures(primary);
      primary.faults.set({ rateLimit: { rps: 40, burst: 5, retryAfterSeconds: 0 } });
      const dir = await tempDir();
      const result = await exportWorkspace(clientFor(primary, 16), dir);
      for (const [file, bytes] of expected)
        expect((await fs.readFile(path.join(dir, file))).equals(bytes)).toBe(true);
      expect(result.report.total('exported')).toBeGreaterThanOrEqual(expected.size);
      expect(primary.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    });
  });

  test('name collisions are reported, not overwritten', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/x', 'PYTHON', 'print("notebook")');
      primary.state.workspace.putFile('/Shared/x.py', 'print("file")\n');
      const dir = await tempDir();
      const result = await exportWorkspace(clientFor(primary), dir);
      expect(await fs.readFile(path.join(dir, 'databricks/workspace/Shared/x.py'), 'utf8')).toBe(
        '# Databricks notebook source\nprint("notebook")',
      );
      expect(result.report.skipped).toEqual([
        { kind: 'workspace', key: '/Shared/x.py', reason: expect.stringMatching(/name collision/) },
      ]);
    });
  });
  test('overlapping workspace-paths: each object once, no false name collision', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Users/a@b.com/etl/daily', 'PYTHON', 'print("daily")');
      primary.state.workspace.putNotebook('/Users/c@d.com/report', 'SQL', 'select 1');
      const dir = await tempDir();
      primary.clearRequests();
      const result = await exportWorkspace(clientFor(primary), dir, {
        'workspace-paths': '/Users/a@b.com/etl, /Users, /Workspace/Users/',
      });
      expect(result.report.skipped).toEqual([]);
      const tree = await readTree(path.join(dir, 'databricks/workspace'));
      expect([...tree.keys()]).toEqual(['Users/a@b.com/etl/daily.py', 'Users/c@d.com/report.sql']);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(2);
    });
  });

  test('a folder stored where a notebook is: the first in path order wins, the export goes on', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/coll/a', 'PYTHON', 'print("notebook a")');
      ws.putNotebook('/Shared/coll/a.py/inner', 'PYTHON', 'print("inner")');
      ws.putFile('/Shared/coll/a.py/data.csv', 'x\n');
      ws.putNotebook('/Shared/coll/b', 'SQL', 'select 1');
      ws.mkdirs('/Shared/coll/b.sql');
      ws.putFile('/Shared/other.txt', 'other\n');
      // Latency makes listings finish in any order: the outcome must not depend on it.
      for (const latencyMs of [0, 15]) {
        primary.faults.set({ latencyMs });
        const dir = await tempDir();
        const result = await exportWorkspace(clientFor(primary), dir);
        const tree = await readTree(path.join(dir, 'databricks/workspace'));
        expect(tree.get('Shared/coll/a.py')?.toString()).toContain('notebook a');
        expect(tree.get('Shared/coll/b.sql')?.toString()).toContain('select 1');
        expect(tree.get('Shared/other.txt')?.toString()).toBe('other\n');
        expect([...tree.keys()].filter((k) => k.startsWith('Shared/coll/'))).toEqual([
          'Shared/coll/a.py',
          'Shared/coll/b.sql',
        ]);
        expect(result.report.sorted(result.report.skipped)).toEqual([
          {
            kind: 'workspace',
            key: '/Shared/coll/a.py',
            reason:
              'name collision: it would be stored at workspace/Shared/coll/a.py, where the snapshot has the notebook /Shared/coll/a',
          },
          {
            kind: 'workspace',
            key: '/Shared/coll/b.sql',
            reason:
              'name collision: it would be stored at workspace/Shared/coll/b.sql, where the snapshot has the notebook /Shared/coll/b',
          },
        ]);
      }
    });
  });
});

describe('apply the workspace tree', () => {
  test('restore into an empty workspace, parity, and a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedFixtures(primary);
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      const snapshot = path.join(dir, 'databricks');

      const applied = await applySnapshot(clientFor(secondary), snapshot);
      expect(applied.failed).toBe(0);
      expect(applied.plan.counts.create).toBeGreaterThan(10);

      const copy = await tempDir();
      await exportWorkspace(clientFor(secondary), copy);
      const skipState = (rel: string) => rel === '.export-state.json' || rel === 'snapshot.json';
      expect(await readTree(path.join(copy, 'databricks'), skipState)).toEqual(
        await readTree(snapshot, skipState),
      );

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot);
      expect(again.plan.hasChanges).toBe(false);
      expect(again.plan.line).toBe('Plan: 0 to create, 0 to update, 0 to delete');
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  test('point in time: an older commit restores the older content; prune is opt-in', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("v1")');
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const v1 = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("v2")');
      primary.state.workspace.putNotebook('/Shared/new', 'SQL', 'select 2');
      await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });

      const { SnapshotSource } = await import('../../src/snapshot/source.js');
      const { runApply } = await import('../../src/modes/apply.js');
      const { RunReport } = await import('../../src/report/report.js');
      const { MemoryLog } = await import('../../src/util/log.js');
      const run = async (rev: string | undefined, prune: boolean) => {
        const snap = rev
          ? await SnapshotSource.fromRevision(repo, rev, 'databricks')
          : await SnapshotSource.fromDirectory(path.join(repo, 'databricks'));
        try {
          return await runApply(
            snap,
            { client: clientFor(secondary), log: new MemoryLog(), report: new RunReport() },
            {
              prune,
              allowReplace: false,
              dryRun: false,
              startClusters: false,
            },
          );
        } finally {
          await snap.close();
        }
      };
      await run(undefined, false);
      expect(secondary.state.workspace.get('/Shared/etl')?.content?.toString()).toContain('v2');
      const old = await run(v1.commitSha, false);
      expect(secondary.state.workspace.get('/Shared/etl')?.content?.toString()).toContain('v1');
      expect(secondary.state.workspace.get('/Shared/new')).toBeDefined();
      expect(old.plan.changes.find((c) => c.key === '/Shared/new')?.blocked).toMatch(/needs prune/);
      await run(v1.commitSha, true);
      expect(secondary.state.workspace.get('/Shared/new')).toBeUndefined();
      expect(secondary.state.workspace.get('/Shared')).toBeDefined();
    });
  });
});

describe('apply workspace files', () => {
  const importFormats = (e: Emulator) =>
    e.requests
      .filter((r) => r.path === '/api/2.0/workspace/import')
      .map((r) => {
        const body = r.body as { path: string; format: string };
        return `${body.path} ${body.format}`;
      });

  test('a changed file is updated in the target, and a file stays a file whatever its content', async () => {
    await withEmulators(async (primary, secondary) => {
      const header = '# Databricks notebook source\nprint("not a notebook here")\n';
      const ipynb = JSON.stringify({
        cells: [
          { cell_type: 'code', metadata: {}, source: ['print(1)'], outputs: [], execution_count: null },
        ],
        metadata: { language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      });
      const files: Record<string, string> = {
        '/Shared/files/config.txt': 'retries=1\n',
        '/Shared/files/header.txt': header,
        '/Shared/files/wrong-header.sql': header,
        '/Shared/files/analysis.ipynb': ipynb,
      };
      for (const [p, content] of Object.entries(files)) primary.state.workspace.putFile(p, content);
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      const snapshot = path.join(dir, 'databricks');
      const expectTarget = (want: Record<string, string>) => {
        for (const [p, content] of Object.entries(want)) {
          const o = secondary.state.workspace.get(p);
          expect([p, o?.object_type, o?.content?.toString()]).toEqual([p, 'FILE', content]);
        }
        expect(secondary.state.workspace.get('/Shared/files/analysis')).toBeUndefined();
      };

      secondary.clearRequests();
      const created = await applySnapshot(clientFor(secondary), snapshot);
      expect(created.failed).toBe(0);
      expectTarget(files);
      // Files go as RAW (Terraform's databricks_workspace_file does the same): AUTO makes notebooks of some.
      expect(importFormats(secondary).sort()).toEqual([
        '/Shared/.databricks-dr/apply-state.json RAW',
        '/Shared/files/analysis.ipynb RAW',
        '/Shared/files/config.txt RAW',
        '/Shared/files/header.txt RAW',
        '/Shared/files/wrong-header.sql RAW',
      ]);

      // Changed in the primary: updated in the target, in place.
      const ids = Object.keys(files).map((p) => secondary.state.workspace.get(p)?.object_id);
      const changed = {
        ...files,
        '/Shared/files/config.txt': 'retries=3\n',
        '/Shared/files/header.txt': `${header}# v2\n`,
        '/Shared/files/analysis.ipynb': ipynb.replace('print(1)', 'print(2)'),
      };
      for (const [p, content] of Object.entries(changed)) primary.state.workspace.putFile(p, content);
      await exportWorkspace(clientFor(primary), dir);
      secondary.clearRequests();
      const updated = await applySnapshot(clientFor(secondary), snapshot);
      expect(updated.failed).toBe(0);
      expect(updated.plan.line).toBe('Plan: 0 to create, 3 to update, 0 to delete');
      expectTarget(changed);
      expect(Object.keys(files).map((p) => secondary.state.workspace.get(p)?.object_id)).toEqual(ids);
      // Every write succeeded, the apply state's too.
      expect(secondary.requests.filter((r) => r.method !== 'GET' && r.status >= 400)).toEqual([]);

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      // The apply state vouches for every file: no content is downloaded.
      const exported = secondary.requests
        .filter((r) => r.path === '/api/2.0/workspace/export')
        .map((r) => String(r.query.path));
      expect(exported.filter((p) => !p.startsWith('/Shared/.databricks-dr/'))).toEqual([]);
    });
  });

  test('an object of the target over the 10 MB export limit is overwritten, not a failed plan', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putFile('/Shared/big/data.csv', 'a,b\n1,2\n');
      primary.state.workspace.putNotebook('/Shared/big/nb', 'PYTHON', 'print("small")');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      const snapshot = path.join(dir, 'databricks');
      const huge = Buffer.alloc(11 * 1024 * 1024, 'x');
      secondary.state.workspace.putFile('/Shared/big/data.csv', huge);
      secondary.state.workspace.putNotebook('/Shared/big/nb', 'PYTHON', huge);

      const applied = await applySnapshot(clientFor(secondary), snapshot);
      expect(applied.failed).toBe(0);
      expect(applied.plan.changes.filter((c) => c.action !== 'no-op').map((c) => [c.key, c.action])).toEqual([
        ['/Shared/big/data.csv', 'update'],
        ['/Shared/big/nb', 'update'],
      ]);
      expect(secondary.state.workspace.get('/Shared/big/data.csv')?.content?.toString()).toBe('a,b\n1,2\n');
      expect(secondary.state.workspace.get('/Shared/big/nb')?.content?.toString()).toBe(
        '# Databricks notebook source\nprint("small")',
      );

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
});
