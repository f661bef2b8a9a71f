import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { openSnapshot } from '../../src/modes/plan.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, readTree, tempDir, withEmulators } from '../helpers/harness.js';

const NOTEBOOK = '# Databricks notebook source\nprint("$Format:%H$")\n';

describe('a snapshot read from a git revision', () => {
  test('is the blobs byte for byte: .gitattributes (export-ignore, export-subst, eol) change nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/ignored', 'PYTHON', 'print("ignored")\n');
      primary.state.workspace.putNotebook('/Shared/subst', 'PYTHON', 'print("$Format:%H$")\n');
      primary.state.workspace.putFile('/Shared/data.csv', 'a,b\n1,2\n');
      const { repo } = await makeRepoWithRemote(await tempDir());
      await fs.writeFile(
        path.join(repo, '.gitattributes'),
        [
          'databricks/workspace/Shared/ignored.py export-ignore',
          'databricks/workspace/Shared/subst.py export-subst',
          '*.csv text eol=crlf',
          '',
        ].join('\n'),
      );
      await simpleGit(repo).add('.gitattributes').commit('attributes');
      const exported = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
      expect(exported.commitSha).toMatch(/^[0-9a-f]{40}$/);
      const committed = await readTree(path.join(repo, 'databricks'));
      expect(committed.get('workspace/Shared/subst.py')?.toString()).toBe(NOTEBOOK);

      const snapshot = await SnapshotSource.fromRevision(repo, exported.commitSha ?? '', 'databricks');
      try {
        expect(snapshot.files).toEqual([...committed.keys()]);
        for (const [file, bytes] of committed) expect((await snapshot.read(file)).equals(bytes)).toBe(true);

        // The ignored notebook is in the snapshot: prune must not delete it from the target.
        secondary.state.workspace.putNotebook('/Shared/ignored', 'PYTHON', 'print("ignored")\n');
        await runApply(
          snapshot,
          { client: clientFor(secondary), log: new MemoryLog(), report: new RunReport() },
          { prune: true, allowReplace: false, dryRun: false, startClusters: false },
        );
        expect(secondary.state.workspace.get('/Shared/ignored')?.object_type).toBe('NOTEBOOK');
        expect(secondary.state.workspace.get('/Shared/subst')?.content?.toString()).toBe(NOTEBOOK);
        expect(secondary.state.workspace.get('/Shared/data.csv')?.content?.toString()).toBe('a,b\n1,2\n');
        secondary.clearRequests();
        const again = await runApply(
          snapshot,
          { client: clientFor(secondary), log: new MemoryLog(), report: new RunReport() },
          { prune: true, allowReplace: false, dryRun: false, startClusters: false },
        );
        expect(again.plan.line).toBe('Plan: 0 to create, 0 to update, 0 to delete');
        expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      } finally {
        await snapshot.close();
      }
    });
  });

  test('many files stream through one git process; a missing path and an oversized blob are refused', async () => {
    const { repo } = await makeRepoWithRemote(await tempDir());
    const dir = path.join(repo, 'databricks/workspace/Shared/many');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(
      path.join(repo, 'databricks/snapshot.json'),
      JSON.stringify({ format: 1, workspace_paths: ['/'] }),
    );
    // Content with bytes a text filter would touch: CR LF, a lone CR, NUL and invalid UTF-8.
    const content = (i: number) => Buffer.concat([Buffer.from(`row ${i}\r\n\r`), Buffer.from([0, 0xff, 10])]);
    for (let i = 0; i < 300; i++) await fs.writeFile(path.join(dir, `f${i}.bin`), content(i));
    await fs.writeFile(path.join(dir, 'big.bin'), Buffer.alloc(200_000, 7));
    const git = simpleGit(repo);
    await git.add('.');
    await git.commit('many');
    const head = (await git.revparse(['HEAD'])).trim();
    const snapshot = await SnapshotSource.fromRevision(repo, head, 'databricks');
    try {
      expect(snapshot.files).toHaveLength(302);
      for (let i = 0; i < 300; i += 37)
        expect((await snapshot.read(`workspace/Shared/many/f${i}.bin`)).equals(content(i))).toBe(true);
      expect((await snapshot.read('workspace/Shared/many/big.bin')).equals(Buffer.alloc(200_000, 7))).toBe(
        true,
      );
    } finally {
      await snapshot.close();
    }
    await expect(SnapshotSource.fromRevision(repo, head, 'nothing-here')).rejects.toThrow(
      /the revision has no snapshot at this path/,
    );
    // An oversized file is refused from the tree listing, before anything is written.
    const big = path.join(await tempDir(), 'big');
    await fs.writeFile(big, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    const sha = execFileSync('git', ['hash-object', '-w', big], { cwd: repo, encoding: 'utf8' }).trim();
    await git.raw(['update-index', '--add', '--cacheinfo', `100644,${sha},databricks/workspace/huge.bin`]);
    await git.commit('huge');
    await expect(SnapshotSource.fromRevision(repo, 'HEAD', 'databricks')).rejects.toThrow(
      /workspace\/huge\.bin: 10485761 bytes: larger than the 10 MB/,
    );
  });
});

describe('a snapshot read from the working tree', () => {
  test('a symlinked snapshot folder or parent leading out of the repository is refused', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("etl")');
      const outside = await tempDir();
      await exportWorkspace(clientFor(primary), outside);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const log = new MemoryLog();
      const open = async (snapshotPath: string) =>
        (await openSnapshot({ repoDir: repo, snapshotPath }, log)).snapshot;

      await fs.symlink(path.join(outside, 'databricks'), path.join(repo, 'databricks'));
      await expect(open('databricks')).rejects.toThrow(
        /^databricks: leads out of the repository \(to .*\) through a symbolic link/,
      );
      await fs.symlink(outside, path.join(repo, 'dr'));
      await expect(open('dr/databricks')).rejects.toThrow(/^dr\/databricks: leads out of the repository/);

      // A link that stays inside the repository is fine.
      await fs.cp(path.join(outside, 'databricks'), path.join(repo, 'real'), { recursive: true });
      await fs.symlink('real', path.join(repo, 'alias'));
      const inside = await open('alias');
      expect(inside.files).toContain('workspace/Shared/etl.py');
      await expect(open('missing')).rejects.toThrow(/no snapshot here/);
    });
  });
});
