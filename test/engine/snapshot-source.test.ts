import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { openSnapshot } from '../../src/modes/plan.js';
import { runApply } from '../../src/modes/apply.js';
import { dbfsFilesKind } from '../../src/resources/dbfs-files.js';
import { runPlanOrApply } from '../../src/modes/restore.js';
import { RunReport } from '../../src/report/report.js';
import { parseSettings } from '../../src/settings.js';
import {
  checkFileSize,
  MAX_DBFS_FILE_BYTES,
  MAX_SNAPSHOT_FILE_BYTES,
  SnapshotSource,
} from '../../src/snapshot/source.js';
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

describe('size limits: 10 MB for workspace objects, the dbfs-max-mb maximum for DBFS files', () => {
  /** 11 MB that never repeats (a fixed AES-CTR key stream), so a misplaced chunk shows. */
  function jarBytes(): Buffer {
    const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16));
    return cipher.update(Buffer.alloc(11 * 1024 * 1024));
  }

  // 11 MB goes through export (1 MB reads, the credential scan, a git commit), plan and apply (1 MB blocks),
  // which took over 60 s (Jest's default) on a loaded machine. The assertions are on bytes, not speed: the
  // time allowed is only a guard against a hang.
  test('an 11 MB DBFS jar is planned and applied from its revision (ref), byte for byte', async () => {
    await withEmulators(async (primary, secondary) => {
      const jar = jarBytes();
      primary.state.dbfs.write('/FileStore/jars/big.jar', jar);
      await clientFor(primary).post('/api/2.1/jobs/create', {
        name: 'Nightly',
        tasks: [
          {
            task_key: 'main',
            spark_jar_task: { main_class_name: 'com.example.Main' },
            libraries: [{ jar: 'dbfs:/FileStore/jars/big.jar' }],
            new_cluster: {
              spark_version: '15.4.x-scala2.12',
              node_type_id: 'Standard_DS3_v2',
              num_workers: 1,
            },
          },
        ],
      });
      const { repo } = await makeRepoWithRemote(await tempDir());
      const exported = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
      const ref = exported.commitSha ?? '';
      const inTree = path.join(repo, 'databricks/dbfs/FileStore/jars/big.jar');
      expect((await fs.readFile(inTree)).equals(jar)).toBe(true);

      // Both sources list it and read the same bytes.
      const fromRevision = await SnapshotSource.fromRevision(repo, ref, 'databricks');
      const fromTree = await SnapshotSource.fromWorkingTree(repo, 'databricks');
      try {
        expect(fromRevision.files).toEqual(fromTree.files);
        expect(fromRevision.files).toContain('dbfs/FileStore/jars/big.jar');
        const held = await fs.readFile(path.join(fromRevision.root, 'dbfs/FileStore/jars/big.jar'));
        expect(held.equals(jar)).toBe(true);
      } finally {
        await fromRevision.close();
        await fromTree.close();
      }

      // The working tree no longer has it: the revision is what is read.
      await fs.rm(inTree);
      const restore = (mode: string) =>
        runPlanOrApply(
          parseSettings((n) => ({ mode, ref })[n], repo),
          { client: clientFor(secondary), log: new MemoryLog() },
        );
      const planned = await restore('plan');
      expect(planned.plan.changes).toContainEqual(
        expect.objectContaining({ kind: 'dbfs_files', key: '/FileStore/jars/big.jar', action: 'create' }),
      );
      expect(secondary.state.dbfs.get('/FileStore/jars/big.jar')).toBeUndefined();
      const applied = await restore('apply');
      expect(applied.failed).toBe(0);
      expect(secondary.state.dbfs.get('/FileStore/jars/big.jar')?.data.equals(jar)).toBe(true);
    });
  }, 300_000);

  test.each<[string, number, RegExp | undefined]>([
    ['workspace/Shared/a.bin', MAX_SNAPSHOT_FILE_BYTES, undefined],
    [
      'workspace/Shared/a.bin',
      MAX_SNAPSHOT_FILE_BYTES + 1,
      /larger than the 10 MB the Workspace API accepts/,
    ],
    ['dbfs/FileStore/jars/a.jar', 11 * 1024 * 1024, undefined],
    ['dbfs/FileStore/jars/a.jar', MAX_DBFS_FILE_BYTES, undefined],
    ['dbfs/FileStore/jars/a.jar', MAX_DBFS_FILE_BYTES + 1, /larger than the 10000 MB a DBFS file may be/],
    ['jobs/a.json', 11 * 1024 * 1024, undefined],
  ])('%s of %d bytes', (rel, size, refused) => {
    if (refused) expect(() => checkFileSize(rel, size)).toThrow(refused);
    else expect(() => checkFileSize(rel, size)).not.toThrow();
  });

  test('a DBFS file in the working tree is held to the same limit as in a revision', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'dbfs/FileStore'), { recursive: true });
    // Sparse: takes no room on disk.
    await fs.writeFile(path.join(dir, 'dbfs/FileStore/ok.jar'), 'jar');
    await fs.truncate(path.join(dir, 'dbfs/FileStore/ok.jar'), 11 * 1024 * 1024);
    const snapshot = await SnapshotSource.fromDirectory(dir);
    expect((await dbfsFilesKind.readDesired(snapshot, {}, [])).map((d) => d.spec)).toEqual([
      expect.objectContaining({ size: 11 * 1024 * 1024 }),
    ]);
    await fs.writeFile(path.join(dir, 'dbfs/FileStore/huge.jar'), '');
    await fs.truncate(path.join(dir, 'dbfs/FileStore/huge.jar'), MAX_DBFS_FILE_BYTES + 1);
    await expect(dbfsFilesKind.readDesired(await SnapshotSource.fromDirectory(dir), {}, [])).rejects.toThrow(
      /dbfs\/FileStore\/huge\.jar: 10485760001 bytes: larger than the 10000 MB a DBFS file may be/,
    );
  });

  test('a file read whole (a configuration) is held to 10 MB by either source', async () => {
    const { repo } = await makeRepoWithRemote(await tempDir());
    await fs.mkdir(path.join(repo, 'databricks/jobs'), { recursive: true });
    await fs.writeFile(
      path.join(repo, 'databricks/jobs/huge.json'),
      Buffer.alloc(MAX_SNAPSHOT_FILE_BYTES + 1, 32),
    );
    const git = simpleGit(repo);
    await git.add('.');
    await git.commit('huge');
    const fromRevision = await SnapshotSource.fromRevision(repo, 'HEAD', 'databricks');
    const fromTree = await SnapshotSource.fromWorkingTree(repo, 'databricks');
    try {
      for (const source of [fromRevision, fromTree])
        await expect(source.readJson('jobs/huge.json')).rejects.toThrow(
          /jobs\/huge\.json: 10485761 bytes: larger than the 10 MB a file read whole from a snapshot may be/,
        );
    } finally {
      await fromRevision.close();
      await fromTree.close();
    }
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

describe('names in a crafted git tree', () => {
  /** A commit whose snapshot holds one file, `databricks/workspace/<name>`, however git is made to take it. */
  function commitWithName(repo: string, name: string): string {
    const git = (args: string[], input?: string) =>
      execFileSync('git', args, { cwd: repo, input, encoding: 'utf8' }).trim();
    const blob = git(['hash-object', '-w', '--stdin'], 'print(1)\n');
    const inner = git(['mktree', '-z'], `100644 blob ${blob}\t${name}\0`);
    const workspace = git(['mktree', '-z'], `040000 tree ${inner}\tworkspace\0`);
    const top = git(['mktree', '-z'], `040000 tree ${workspace}\tdatabricks\0`);
    return git(['commit-tree', top, '-m', 'crafted']);
  }

  test.each([
    ['a\\..\\..\\..\\evil.py', 'a backslash in a name'],
    ['C:evil.py', 'a drive letter'],
    ['.GIT', "a name '.GIT'"],
    ['.git. ', "a name '.git. '"],
    ['...', "a name '...'"],
    ['x\ty.py', 'a control character in a name'],
  ])('%j is refused on every platform, before anything is written', async (name, why) => {
    const { repo } = await makeRepoWithRemote(await tempDir());
    const commit = commitWithName(repo, name);
    await expect(SnapshotSource.fromRevision(repo, commit, 'databricks')).rejects.toThrow(
      `databricks/workspace/${name}: path leaves the snapshot (${why})`,
    );
  });

  test('the names an export writes for such workspace names pass', async () => {
    await withEmulators(async (primary) => {
      for (const name of ['a\\b', 'C:x', '...', '.git.'])
        primary.state.workspace.putFile(`/Shared/${name}`, name);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const result = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
      const source = await SnapshotSource.fromRevision(repo, result.commitSha ?? 'HEAD', 'databricks');
      try {
        expect(source.filesUnder('workspace/Shared').sort()).toEqual(['%2E..', '%2Egit.', 'C%3Ax', 'a%5Cb']);
      } finally {
        await source.close();
      }
    });
  });
});
