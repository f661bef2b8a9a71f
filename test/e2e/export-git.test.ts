import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { cloneAs } from '../helpers/cli.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';

/** Export into git with a bare remote: what git itself could do to the snapshot. */

async function cloneOf(remote: string): Promise<string> {
  const dir = path.join(await tempDir(), 'clone');
  await simpleGit().raw(['clone', '--quiet', remote, dir]);
  return dir;
}

describe('git rules never change a snapshot', () => {
  test('workspace .gitignore/.gitattributes/.gitmodules and the repository .gitignore drop or rewrite nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const ws = primary.state.workspace;
      ws.putFile('/Shared/gi/.gitignore', '*.csv\n*.txt\n');
      ws.putFile('/Shared/gi/data.csv', 'a,b\n1,2\n');
      ws.putFile('/Shared/gi/.gitattributes', '*.txt text\n*.csv filter=missing\n');
      ws.putFile('/Shared/gi/crlf.txt', Buffer.from('one\r\ntwo\r\n'));
      ws.putFile('/Shared/.gitmodules', '[submodule "x"]\n\tpath = x\n\turl = https://example.invalid/x\n');
      ws.putFile('/Shared/logs/run.log', 'started\n');

      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      const git = simpleGit(repo);
      // The repository's own rules ignore what the workspace holds.
      await fs.writeFile(path.join(repo, '.gitignore'), '*.log\n*.csv\n');
      await git.add('.gitignore');
      await git.commit('ignore logs');
      // A person's file in the snapshot folder still follows the repository's rules.
      await fs.mkdir(path.join(repo, 'databricks'), { recursive: true });
      await fs.writeFile(path.join(repo, 'databricks/local.log'), 'mine\n');

      const result = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' });
      expect(result.changed).toBe(true);

      const written = await readTree(path.join(repo, 'databricks/workspace'));
      const clone = await cloneOf(remote);
      const cloned = await readTree(path.join(clone, 'databricks/workspace'));
      expect([...cloned.keys()]).toEqual([...written.keys()]);
      for (const [file, bytes] of written) expect(cloned.get(file)?.equals(bytes)).toBe(true);
      expect(cloned.get('Shared/gi/crlf.txt')?.toString()).toBe('one\r\ntwo\r\n');
      expect(cloned.get('Shared/gi/data.csv')?.toString()).toBe('a,b\n1,2\n');
      expect(cloned.get('Shared/logs/run.log')?.toString()).toBe('started\n');
      expect(cloned.get('Shared/gi/%2Egitignore')?.toString()).toBe('*.csv\n*.txt\n');
      expect(cloned.has('Shared/%2Egitmodules')).toBe(true);
      expect((await git.raw(['ls-files', '--', 'databricks/local.log'])).trim()).toBe('');

      // A second export sees nothing to do, and the names read back as the workspace has them.
      expect(
        (await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' })).changed,
      ).toBe(false);
      const applied = await applySnapshot(clientFor(secondary), path.join(clone, 'databricks'));
      expect(applied.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/gi/.gitignore')?.content?.toString()).toBe(
        '*.csv\n*.txt\n',
      );
      expect(secondary.state.workspace.get('/Shared/gi/crlf.txt')?.content?.toString()).toBe(
        'one\r\ntwo\r\n',
      );
      expect(secondary.state.workspace.get('/Shared/.gitmodules')).toBeDefined();
    });
  });
});

describe("the repository's own git settings never change a snapshot", () => {
  test('.gitattributes with text=auto and a filter, core.autocrlf=true: blobs are the exported bytes', async () => {
    await withEmulators(async (primary, secondary) => {
      const ws = primary.state.workspace;
      ws.putFile('/Shared/crlf.txt', Buffer.from('one\r\ntwo\r\n'));
      ws.putFile('/Shared/lf.txt', 'one\ntwo\n');
      ws.putNotebook('/Shared/nb', 'PYTHON', 'print("lower case")');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const git = simpleGit(repo);
      await fs.writeFile(
        path.join(repo, '.gitattributes'),
        '* text=auto\n*.txt text eol=crlf\n*.py filter=upper\n',
      );
      await git.add('.gitattributes');
      await git.commit('attributes');
      await git.addConfig('core.autocrlf', 'true');
      // (written to the config file directly: simple-git refuses to set filters)
      await fs.appendFile(
        path.join(repo, '.git/config'),
        '[filter "upper"]\n\tclean = tr a-z A-Z\n\tsmudge = cat\n',
      );

      await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' });
      const blob = (file: string) => git.binaryCatFile(['blob', `HEAD:databricks/workspace/Shared/${file}`]);
      expect((await blob('crlf.txt')).toString()).toBe('one\r\ntwo\r\n');
      expect((await blob('lf.txt')).toString()).toBe('one\ntwo\n');
      expect((await blob('nb.py')).toString()).toContain('print("lower case")');
      expect((await git.status()).isClean()).toBe(true);
      // The snapshot, read from the commit, still plans and applies.
      const snapshot = path.join(await cloneOf(path.join(repo, '.git')), 'databricks');
      expect((await applySnapshot(clientFor(secondary), snapshot)).failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/crlf.txt')?.content?.toString()).toBe('one\r\ntwo\r\n');
    });
  });
});

describe('a snapshot path with glob characters', () => {
  test('means only itself: a folder the glob would match is left alone', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print("a")');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const git = simpleGit(repo);
      await fs.mkdir(path.join(repo, 'snap1'));
      await fs.writeFile(path.join(repo, 'snap1/notes.md'), 'v1\n');
      await git.add('snap1/notes.md');
      await git.commit('notes');
      await fs.writeFile(path.join(repo, 'snap1/notes.md'), 'v2, not for the snapshot commit\n');

      const result = await exportWorkspace(clientFor(primary), repo, {
        commit: 'true',
        push: 'true',
        path: 'snap*',
      });
      const committed = (await git.raw(['show', '--name-only', '--format=', 'HEAD'])).trim().split('\n');
      expect(committed).toContain('snap*/workspace/Shared/a.py');
      expect(committed.filter((f) => !f.startsWith('snap*/'))).toEqual([]);
      expect(result.changes.files.every((f) => f.startsWith('snap*/'))).toBe(true);
      expect(await fs.readFile(path.join(repo, 'snap1/notes.md'), 'utf8')).toBe(
        'v2, not for the snapshot commit\n',
      );
      expect((await git.status()).modified).toEqual(['snap1/notes.md']);
    });
  });
});

describe('a snapshot file edited by hand', () => {
  test('is exported again, committed or not; untouched files are still not downloaded', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print("daily")');
      ws.putNotebook('/Shared/etl/weekly', 'SQL', 'select 1');
      ws.putFile('/Shared/etl/conf.json', '{"a": 1}\n');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      await exportWorkspace(clientFor(primary), repo, inputs);
      const git = simpleGit(repo);
      const notebook = path.join(repo, 'databricks/workspace/Shared/etl/daily.py');
      const file = path.join(repo, 'databricks/workspace/Shared/etl/conf.json');
      const original = await fs.readFile(notebook, 'utf8');

      // Edited and committed by a person.
      await fs.writeFile(notebook, original + '\nprint("hand edit")\n');
      await git.add('.');
      await git.commit('hand edit');
      // Edited and left in the working tree.
      await fs.writeFile(file, '{"a": 2}\n');

      primary.clearRequests();
      const again = await exportWorkspace(clientFor(primary), repo, inputs);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(2);
      expect(again.changes).toMatchObject({ added: 0, modified: 1, deleted: 0 });
      expect(await fs.readFile(notebook, 'utf8')).toBe(original);
      expect(await fs.readFile(file, 'utf8')).toBe('{"a": 1}\n');
      expect((await git.status()).isClean()).toBe(true);

      // Repaired: the next export downloads nothing.
      primary.clearRequests();
      expect((await exportWorkspace(clientFor(primary), repo, inputs)).changed).toBe(false);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(0);
    });
  });
});

/** Installs a pre-push hook in `repo` that runs `script` (sh) before its first push sends anything. */
async function beforeFirstPush(repo: string, script: string): Promise<void> {
  const mark = path.join(repo, '.git', 'pre-push-ran');
  const hook = [
    '#!/bin/sh',
    'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE',
    `if [ ! -e '${mark}' ]; then`,
    `  touch '${mark}'`,
    `  ${script}`,
    'fi',
    'exit 0',
    '',
  ].join('\n');
  await fs.writeFile(path.join(repo, '.git', 'hooks', 'pre-push'), hook, { mode: 0o755 });
}

async function isLinear(remote: string): Promise<boolean> {
  return (await simpleGit(remote).raw(['rev-list', '--merges', 'main'])).trim() === '';
}

describe('push when the remote moved on', () => {
  test.each([
    ['the snapshot commit is the only local one', false],
    ['another local commit is rebased along', true],
  ])(
    'a person edited, removed and added snapshot files meanwhile: the snapshot wins, their other work stays (%s)',
    async (_, localCommit) => {
      await withEmulators(async (primary) => {
        const ws = primary.state.workspace;
        ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print("v1")');
        ws.putNotebook('/Shared/etl/weekly', 'SQL', 'select 1');
        const base = await tempDir();
        const { repo, remote } = await makeRepoWithRemote(base);
        const inputs = { commit: 'true', push: 'true' };
        await exportWorkspace(clientFor(primary), repo, inputs);
        const person = await cloneAs(remote, path.join(base, 'person'), 'person');
        if (localCommit) {
          await fs.writeFile(path.join(repo, 'notes.md'), 'local notes\n');
          await simpleGit(repo).add('notes.md');
          await simpleGit(repo).commit('local notes');
        }

        ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print("v2")');
        const snap = 'databricks/workspace/Shared';
        await beforeFirstPush(
          repo,
          [
            `cd '${person}'`,
            `printf 'print("by hand")\\n' > ${snap}/etl/daily.py`,
            `git rm -q ${snap}/etl/weekly.sql`,
            `printf 'x = 1\\n' > ${snap}/stray.py`,
            `printf '# Changed by a person\\n' > README.md`,
            `git add -A && git commit -q -m 'person edits' && git push -q origin main`,
          ].join(' && '),
        );
        const personHead = async () => (await simpleGit(person).revparse(['HEAD'])).trim();

        const result = await exportWorkspace(clientFor(primary), repo, inputs);
        expect(result.pushed).toBe(true);
        const remoteHead = (await simpleGit(remote).revparse(['main'])).trim();
        expect(result.commitSha).toBe(remoteHead);
        expect(await isLinear(remote)).toBe(true);
        const between = await simpleGit(remote).raw(['rev-list', `${await personHead()}..main`]);
        expect(between.trim().split('\n')).toHaveLength(localCommit ? 3 : 1);
        expect((await simpleGit(remote).raw(['rev-list', `main..${await personHead()}`])).trim()).toBe('');
        const show = (file: string) => simpleGit(remote).show([`main:${file}`]);
        expect(await show('README.md')).toBe('# Changed by a person\n');
        if (localCommit) expect(await show('notes.md')).toBe('local notes\n');
        expect(await show(`${snap}/etl/daily.py`)).toContain('print("v2")');
        expect(await show(`${snap}/etl/weekly.sql`)).toContain('select 1');
        await expect(show(`${snap}/stray.py`)).rejects.toThrow();
        // What the snapshot replaced of the person's work in its folder is said, file by file.
        const said = result.report.warnings
          .filter((w) => w.kind === 'git')
          .map((w) => [w.key, /^was (added|changed|deleted)/.exec(w.reason)?.[1]]);
        expect(said).toEqual([
          [`${snap}/etl/daily.py`, 'changed'],
          [`${snap}/etl/weekly.sql`, 'deleted'],
          [`${snap}/stray.py`, 'added'],
        ]);
        // The pushed snapshot folder is exactly the one on disk, and the working tree is clean.
        expect((await simpleGit(remote).revparse(['main:databricks'])).trim()).toBe(
          (await simpleGit(repo).revparse(['HEAD:databricks'])).trim(),
        );
        expect((await simpleGit(repo).status()).isClean()).toBe(true);
        expect(await fs.readFile(path.join(repo, `${snap}/etl/daily.py`), 'utf8')).toContain('v2');
      });
    },
  );

  test('two exports racing into one repository: both finish, no commit lost, history linear', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print("a")');
      secondary.state.workspace.putNotebook('/Shared/b', 'PYTHON', 'print("b")');
      const base = await tempDir();
      const { remote } = await makeRepoWithRemote(base);
      const one = await cloneAs(remote, path.join(base, 'one'), 'one');
      const two = await cloneAs(remote, path.join(base, 'two'), 'two');
      // Each first push waits, after git has read the remote's branch, until the other has read it too:
      // both push onto the same commit and one of them is rejected.
      const barrier = (me: string, other: string) =>
        `touch '${base}/${me}' && i=0 && while [ ! -e '${base}/${other}' ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done`;
      await beforeFirstPush(one, barrier('one-ready', 'two-ready'));
      await beforeFirstPush(two, barrier('two-ready', 'one-ready'));
      const inputs = (snapshotPath: string) => ({ commit: 'true', push: 'true', path: snapshotPath });
      const [r1, r2] = await Promise.all([
        exportWorkspace(clientFor(primary), one, inputs('prod')),
        exportWorkspace(clientFor(secondary), two, inputs('dr')),
      ]);
      expect(r1.pushed && r2.pushed).toBe(true);
      // One of them was rejected and made its commit again on top of the other's.
      const reflogs = await Promise.all([one, two].map((d) => simpleGit(d).raw(['reflog'])));
      expect(reflogs.filter((r) => /reset: moving to/.test(r))).toHaveLength(1);
      const subjects = (await simpleGit(remote).raw(['log', '--format=%s', 'main'])).trim().split('\n');
      expect(subjects).toHaveLength(3);
      expect(await isLinear(remote)).toBe(true);
      expect([r1.commitSha, r2.commitSha]).toContain((await simpleGit(remote).revparse(['main'])).trim());
      const show = (file: string) => simpleGit(remote).show([`main:${file}`]);
      expect(await show('prod/workspace/Shared/a.py')).toContain('print("a")');
      expect(await show('dr/workspace/Shared/b.py')).toContain('print("b")');
    });
  });
});

describe('a failed export says what, where and what to do, in one line', () => {
  test.each([
    [
      'a notebook that keeps failing',
      { match: '/Shared/broken', status: 500, methods: ['GET'] },
      /^export failed, the snapshot and git history are unchanged: workspace \/Shared\/broken: GET \/api\/2\.0\/workspace\/export on http:\/\/127\.0\.0\.1:\d+: HTTP 500 INTERNAL_ERROR: Internal Server Error \(gave up after \d+ attempts\)$/,
    ],
    [
      'a folder that may not be listed',
      { match: '/Shared/locked', status: 403, methods: ['GET'] },
      /^export failed, the snapshot and git history are unchanged: workspace \/Shared\/locked: GET \/api\/2\.0\/workspace\/list on http:\/\/127\.0\.0\.1:\d+: HTTP 403 PERMISSION_DENIED: .*: check the 'token' input \(or DATABRICKS_TOKEN\) for http:\/\/127\.0\.0\.1:\d+: its identity may not read this; grant it access, or exclude the path$/,
    ],
  ])('%s', async (_, fault, line) => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/broken', 'PYTHON', 'print(1)');
      primary.state.workspace.putNotebook('/Shared/locked/x', 'PYTHON', 'print(2)');
      primary.faults.set({ failPaths: [fault] });
      const error = await exportWorkspace(clientFor(primary), await tempDir()).catch((e: Error) => e);
      expect((error as Error).message).toMatch(line);
    });
  });

  test('a token the workspace refuses', async () => {
    await withEmulators(async (primary) => {
      const { DatabricksClient } = await import('../../src/databricks/client.js');
      const client = new DatabricksClient({
        host: primary.url,
        credentials: { headers: async () => ({ Authorization: 'Bearer dapi-wrong' }) },
        retry: { maxAttempts: 2, baseDelayMs: 1 },
      });
      const error = await exportWorkspace(client, await tempDir()).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /^export failed, the snapshot and git history are unchanged: users: GET \/api\/2\.0\/preview\/scim\/v2\/Users on http:\/\/127\.0\.0\.1:\d+: HTTP 403 INVALID_TOKEN: Invalid access token\.: check the 'token' input \(or DATABRICKS_TOKEN\) for http:\/\/127\.0\.0\.1:\d+: it is missing, expired or for another workspace$/,
      );
    });
  });
});

describe('a push the remote refuses for another reason', () => {
  test("fails at once with git's reason, not after rebasing five times", async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      const { repo, remote } = await makeRepoWithRemote(await tempDir());
      await fs.writeFile(
        path.join(remote, 'hooks', 'pre-receive'),
        '#!/bin/sh\necho "main is protected" >&2\nexit 1\n',
        { mode: 0o755 },
      );
      const error = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' }).catch(
        (e: Error) => e,
      );
      expect((error as Error).message).toBe(
        'git push to origin/main was refused: ! [remote rejected] HEAD -> main (pre-receive hook declined)',
      );
      expect((await simpleGit(repo).raw(['reflog'])).match(/rebase|reset: moving/g)).toBeNull();
    });
  });
});

describe('a snapshot folder that leads out of the repository', () => {
  test('is refused in one line before the workspace is read, and nothing is written outside', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("etl")');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const git = simpleGit(repo);
      const head = await git.revparse(['HEAD']);
      // Outside: an earlier snapshot beside a file of someone else's.
      const outside = await fs.realpath(await tempDir());
      await exportWorkspace(clientFor(primary), outside);
      await fs.writeFile(path.join(outside, 'databricks/private.txt'), 'not for the repository\n');
      const before = await readTree(outside);

      const refused = async (snapshotPath: string, message: RegExp) => {
        primary.clearRequests();
        const error = await exportWorkspace(clientFor(primary), repo, {
          path: snapshotPath,
          commit: 'true',
        }).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).not.toContain('\n');
        expect(primary.requests).toEqual([]);
        expect(await readTree(outside)).toEqual(before);
        expect(await fs.readdir(outside)).toEqual(['databricks']);
        expect(await git.revparse(['HEAD'])).toBe(head);
        expect((await git.status()).staged).toEqual([]);
      };

      // The folder itself, a folder above it (the snapshot not there yet), and a link to nowhere.
      await fs.symlink(path.join(outside, 'databricks'), path.join(repo, 'databricks'));
      await fs.symlink(outside, path.join(repo, 'dr'));
      await fs.symlink(path.join(outside, 'missing'), path.join(repo, 'gone'));
      const inside = `the snapshot must be inside ${await fs.realpath(repo)}$`;
      await refused(
        'databricks',
        new RegExp(
          `^databricks: leads out of the repository \\(to ${outside}/databricks\\) through a symbolic link; ${inside}`,
        ),
      );
      await refused(
        'dr/fresh',
        new RegExp(
          `^dr/fresh: leads out of the repository \\(to ${outside}\\) through a symbolic link; ${inside}`,
        ),
      );
      await refused(
        'gone/databricks',
        new RegExp(
          `^gone/databricks: gone is a symbolic link to ${outside}/missing, which does not exist; ${inside}`,
        ),
      );

      // A repository folder not there yet (an export without git creates it) is fine.
      const fresh = path.join(await tempDir(), 'new-repo');
      await exportWorkspace(clientFor(primary), fresh);
      expect(await fs.readFile(path.join(fresh, 'databricks/workspace/Shared/etl.py'), 'utf8')).toContain(
        'etl',
      );

      // A folder above that stays inside the repository is fine.
      await fs.mkdir(path.join(repo, 'real'));
      await fs.symlink('real', path.join(repo, 'alias'));
      await exportWorkspace(clientFor(primary), repo, { path: 'alias/databricks' });
      expect(await fs.readFile(path.join(repo, 'real/databricks/workspace/Shared/etl.py'), 'utf8')).toContain(
        'print("etl")',
      );
    });
  });
});
