import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { GitRepo } from '../../src/git/git.js';
import { fileHashes, SnapshotReader } from '../../src/snapshot/store.js';
import { silentLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.name', 't');
  await git.addConfig('user.email', 't@example.invalid');
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  await git.add('.');
  await git.commit('snapshot');
  return dir;
}

describe('unchanged snapshot files, vouched for by git', () => {
  test('fileHashes gives the blob id git gives the same bytes', async () => {
    const dir = await repoWith({ 'a.py': 'print(1)\n', 'empty.txt': '' });
    for (const [file, content] of [
      ['a.py', 'print(1)\n'],
      ['empty.txt', ''],
    ]) {
      const fromGit = (await simpleGit(dir).raw(['hash-object', file])).trim();
      expect(fileHashes(content).blob).toBe(fromGit);
      expect((await new SnapshotReader(dir).hashes(file))?.blob).toBe(fromGit);
    }
  });

  test('cleanBlobs names only tracked regular files whose working copy is what the index holds', async () => {
    const dir = await repoWith({
      'snap/w/same.py': 'same\n',
      'snap/w/edited.py': 'v1\n',
      'snap/w/removed.py': 'gone\n',
      'other/outside.py': 'outside\n',
    });
    await fs.writeFile(path.join(dir, 'snap/w/edited.py'), 'v2, by hand\n');
    await fs.rm(path.join(dir, 'snap/w/removed.py'));
    await fs.writeFile(path.join(dir, 'snap/w/untracked.py'), 'new\n');
    await fs.symlink('same.py', path.join(dir, 'snap/w/link.py'));
    await simpleGit(dir).add('snap/w/link.py');

    const blobs = await new GitRepo(dir, silentLog).cleanBlobs('snap');
    expect([...blobs.keys()]).toEqual(['snap/w/same.py']);
    expect(blobs.get('snap/w/same.py')).toBe(fileHashes('same\n').blob);
  });

  test('a file git vouches for is not read; one it does not is read and compared', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'a.py'), 'on disk\n');
    const recorded = fileHashes('as exported\n');

    // The index names the recorded blob: trusted without reading the file (whose bytes differ here only
    // to show that they are not read).
    const vouched = new SnapshotReader(dir);
    vouched.useGitIndex(Promise.resolve(new Map([['a.py', recorded.blob]])));
    expect(await vouched.unchanged('a.py', recorded)).toEqual(recorded);

    // The index names another blob (a person committed an edit), or nothing: the file is read.
    for (const index of [new Map([['a.py', fileHashes('other\n').blob]]), new Map<string, string>()]) {
      const reader = new SnapshotReader(dir);
      reader.useGitIndex(Promise.resolve(index));
      expect(await reader.unchanged('a.py', recorded)).toBeUndefined();
      expect(await reader.unchanged('a.py', fileHashes('on disk\n'))).toEqual(fileHashes('on disk\n'));
    }

    // No index (not a repository, or git failed): the file is read.
    const failed = new SnapshotReader(dir);
    failed.useGitIndex(Promise.reject(new Error('not a git repository')));
    expect(await failed.unchanged('a.py', recorded)).toBeUndefined();
    // A state from before blob ids were recorded: its sha256 decides, and the blob id is learned.
    expect(await failed.unchanged('a.py', { sha256: fileHashes('on disk\n').sha256 })).toEqual(
      fileHashes('on disk\n'),
    );
    expect(await failed.unchanged('missing.py', recorded)).toBeUndefined();
  });
});

describe('the environment git runs in', () => {
  test("a commit takes the runner's GIT_AUTHOR_NAME and GIT_CONFIG_* (simple-git 4 drops them unless allowed), without a warning", async () => {
    const dir = await repoWith({ 'a.py': 'print(1)\n' });
    await fs.writeFile(path.join(dir, 'a.py'), 'print(2)\n');
    await simpleGit(dir).add('a.py');
    const saved = { ...process.env };
    Object.assign(process.env, {
      GIT_AUTHOR_NAME: 'Ambient Author',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.email',
      GIT_CONFIG_VALUE_0: 'ambient@example.invalid',
    });
    const warnings: string[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: string | Error) => {
      warnings.push(String(warning));
    }) as typeof process.emitWarning;
    try {
      await new GitRepo(dir, silentLog).commit('snapshot 2', 'a.py');
    } finally {
      process.emitWarning = emitWarning;
      for (const k of ['GIT_AUTHOR_NAME', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
    const author = (await simpleGit(dir).raw(['log', '-1', '--format=%an <%ae>'])).trim();
    expect(author).toBe('Ambient Author <ambient@example.invalid>');
    // Nor does simple-git warn (on stderr, the action's log) about the settings GitRepo gives git.
    expect(warnings).toEqual([]);
  });
});
