import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { MemoryLog } from '../../src/util/log.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** A valid snapshot of a small primary, copied fresh for each hostile edit. */
async function baseSnapshot(primary: Emulator): Promise<string> {
  primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("etl")');
  primary.state.workspace.putFile('/Shared/data.csv', 'a,b\n');
  const dir = await tempDir();
  await exportWorkspace(clientFor(primary), dir);
  return path.join(dir, 'databricks');
}

async function copyOf(snapshot: string): Promise<string> {
  const dir = path.join(await tempDir(), 'databricks');
  await fs.cp(snapshot, dir, { recursive: true });
  return dir;
}

const writes = (e: Emulator) => e.requests.filter((r) => r.method !== 'GET');

async function expectRefused(secondary: Emulator, snapshot: string, pattern: RegExp): Promise<void> {
  secondary.clearRequests();
  await expect(applySnapshot(clientFor(secondary), snapshot)).rejects.toThrow(pattern);
  expect(writes(secondary)).toEqual([]);
}

describe('hostile and broken snapshots on apply: a clear error, nothing written', () => {
  test('files and folders of the working tree', async () => {
    await withEmulators(async (primary, secondary) => {
      const good = await baseSnapshot(primary);

      const symlink = await copyOf(good);
      await fs.symlink('/etc/passwd', path.join(symlink, 'workspace/Shared/passwd.py'));
      await expectRefused(
        secondary,
        symlink,
        /workspace\/Shared\/passwd\.py: symbolic links are not allowed/,
      );

      const huge = await copyOf(good);
      await fs.writeFile(path.join(huge, 'workspace/Shared/huge.bin'), Buffer.alloc(11 * 1024 * 1024, 1));
      await expectRefused(secondary, huge, /workspace\/Shared\/huge\.bin: \d+ bytes: larger than the 10 MB/);

      const unknownFolder = await copyOf(good);
      await fs.mkdir(path.join(unknownFolder, 'notebooks'));
      await fs.writeFile(path.join(unknownFolder, 'notebooks/x.py'), 'print(1)');
      await expectRefused(secondary, unknownFolder, /notebooks\/x\.py: unknown kind 'notebooks'/);

      const badMeta = await copyOf(good);
      await fs.writeFile(
        path.join(badMeta, 'snapshot.json'),
        '{\n  "format": 1,\n  "workspace_paths": ["/"\n',
      );
      await expectRefused(secondary, badMeta, /snapshot\.json(:\d+)?: invalid JSON/);

      const wrongTypes = await copyOf(good);
      await fs.writeFile(
        path.join(wrongTypes, 'snapshot.json'),
        JSON.stringify({ format: 1, workspace_paths: '/', exclude: [] }),
      );
      await expectRefused(secondary, wrongTypes, /snapshot\.json: 'workspace_paths' must be a list/);

      const reserved = await copyOf(good);
      await fs.mkdir(path.join(reserved, 'workspace/Shared/.databricks-dr'), { recursive: true });
      await fs.writeFile(path.join(reserved, 'workspace/Shared/.databricks-dr/apply-state.json'), '{}');
      await expectRefused(secondary, reserved, /reserved for databricks-dr's apply state/);

      // The good snapshot still applies.
      expect((await applySnapshot(clientFor(secondary), good)).failed).toBe(0);
    });
  });

  test('a notebook with a wrong header is a file, never a notebook; a path with .. never leaves the snapshot', async () => {
    await withEmulators(async (primary, secondary) => {
      const good = await baseSnapshot(primary);
      const wrongHeader = await copyOf(good);
      // A .py whose first line is the SQL header: not a Python notebook, so restored as the file it is.
      await fs.writeFile(
        path.join(wrongHeader, 'workspace/Shared/etl.py'),
        '-- Databricks notebook source\nselect 1',
      );
      const applied = await applySnapshot(clientFor(secondary), wrongHeader);
      expect(applied.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/etl.py')?.object_type).toBe('FILE');
      expect(secondary.state.workspace.get('/Shared/etl')).toBeUndefined();

      const source = await SnapshotSource.fromDirectory(good);
      await expect(source.read('../../etc/passwd')).rejects.toThrow(/path leaves the snapshot/);
      await expect(source.read('workspace/../../x')).rejects.toThrow(/path leaves the snapshot/);
    });
  });

  test('a crafted git tree: .. in a path, a symlink, invalid JSON and an unknown reference in a job', async () => {
    await withEmulators(async (primary, secondary) => {
      const good = await baseSnapshot(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      await fs.cp(good, path.join(repo, 'databricks'), { recursive: true });
      const git = simpleGit(repo);
      await git.add('databricks');
      await git.commit('snapshot');

      /** Commits a tree with one more entry (mode, name under databricks/, content) built with git plumbing. */
      const craft = async (mode: string, name: string, content: string): Promise<string> => {
        const file = path.join(await tempDir(), 'content');
        await fs.writeFile(file, content);
        const env = {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          GIT_INDEX_FILE: path.join(await tempDir(), 'index'),
        };
        const run = (args: string[]) =>
          execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
        const sha = run(['hash-object', '-w', file]);
        run(['read-tree', 'HEAD']);
        run(['update-index', '--add', '--cacheinfo', `${mode},${sha},databricks/${name}`]);
        const tree = run(['write-tree']);
        return run([
          '-c',
          'user.name=t',
          '-c',
          'user.email=t@example.invalid',
          'commit-tree',
          tree,
          '-p',
          'HEAD',
          '-m',
          'crafted',
        ]);
      };
      const refused = async (rev: string, pattern: RegExp) => {
        secondary.clearRequests();
        const error = await (async () => {
          const snap = await SnapshotSource.fromRevision(repo, rev, 'databricks');
          try {
            await runApply(
              snap,
              { client: clientFor(secondary), log: new MemoryLog(), report: new RunReport() },
              { prune: false, allowReplace: false, dryRun: false, startClusters: false },
            );
          } finally {
            await snap.close();
          }
        })().catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(pattern);
        expect(writes(secondary)).toEqual([]);
      };

      await refused(
        await craft('120000', 'workspace/Shared/link.py', '/etc/passwd'),
        /symbolic links are not allowed/,
      );
      // git refuses '..' as a path component in its index; a name that decodes to one is refused by the layout.
      await refused(
        await craft('100644', 'workspace/Shared/%2E%2E/escape.py', '# Databricks notebook source\nprint(1)'),
        /workspace path with '\.\.'/,
      );
      await refused(
        await craft('100644', 'jobs/broken.json', '{\n  "name": "x",\n  "tasks": [\n}'),
        /jobs\/broken\.json(:\d+)?: .*(invalid JSON|JSON)/,
      );
      await refused(
        await craft(
          '100644',
          'jobs/ghost.json',
          JSON.stringify({
            name: 'ghost',
            tasks: [
              {
                task_key: 't',
                existing_cluster_id: '${resources.clusters.no-such-cluster.id}',
                notebook_task: { notebook_path: '/Shared/etl' },
              },
            ],
          }),
        ),
        /unresolved reference|no-such-cluster|not in the snapshot/,
      );
      await refused(
        await craft('100644', 'jobs/wrong-types.json', JSON.stringify({ name: 42, tasks: 'none' })),
        /jobs\/wrong-types\.json/,
      );
    });
  });
});
