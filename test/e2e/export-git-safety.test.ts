import { spawn } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { cloneAs } from '../helpers/cli.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** What a killed, failed or racing export may leave in a repository with a bare remote: nothing. */

const TOKEN_IN_NOTEBOOK = 'dapi0123456789abcdef0123456789abcdef';

/**
 * Files under `dir` (the git directory too) whose content holds `needle`, relative to `dir`. Synchronous:
 * it runs while the export (a child process) writes there.
 */
function filesHolding(dir: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        try {
          if (readFileSync(full).includes(needle)) out.push(path.relative(dir, full));
        } catch {
          // removed meanwhile
        }
      }
    }
  };
  walk(dir);
  return out;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('an export killed mid-run', () => {
  test('leaves nothing git could stage, and the next export removes what it left', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/leaky', 'PYTHON', `token = "${TOKEN_IN_NOTEBOOK}"`);
      ws.putNotebook('/Shared/slow', 'PYTHON', 'print("slow")');
      const { repo } = await makeRepoWithRemote(await tempDir());
      // The export of one notebook never answers: the CLI is killed while it waits for it.
      primary.faults.set({ hang: { match: '/Shared/slow', ms: 20_000, methods: ['GET'] } });
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve('src/cli.ts'), 'export', '--repo', repo, '--on-credentials', 'fail'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: repo,
            DATABRICKS_HOST: primary.url,
            DATABRICKS_TOKEN: primary.token,
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise((resolve) => child.on('close', resolve));
      try {
        // The notebook with the token is on disk, in clear, somewhere: the export is mid-run.
        const where = await until('the staged notebook', async () => {
          const found = filesHolding(repo, TOKEN_IN_NOTEBOOK);
          return found.length ? found : undefined;
        });
        expect(where.every((f) => f.startsWith(`.git${path.sep}`))).toBe(true);
      } finally {
        child.kill('SIGKILL');
        await exited;
        primary.faults.set({ hang: undefined });
      }
      const git = simpleGit(repo);
      expect((await git.raw(['status', '--porcelain', '--untracked-files=all', '--ignored'])).trim()).toBe(
        '',
      );
      await git.raw(['add', '-A']);
      expect((await git.raw(['diff', '--cached', '--name-only'])).trim()).toBe('');

      // Earlier versions staged beside the snapshot folder, in the working tree.
      const legacy = path.join(repo, `.databricks.staging-${child.pid}`);
      await fs.mkdir(path.join(legacy, 'workspace'), { recursive: true });
      await fs.writeFile(path.join(legacy, 'workspace/leaky.py'), `token = "${TOKEN_IN_NOTEBOOK}"\n`);

      ws.putNotebook('/Shared/leaky', 'PYTHON', 'token = dbutils.secrets.get("s", "k")');
      const result = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' });
      expect(result.pushed).toBe(true);
      expect(filesHolding(repo, TOKEN_IN_NOTEBOOK)).toEqual([]);
      expect(await fs.readdir(path.join(repo, '.git/databricks-dr-staging'))).toEqual([]);
      expect((await git.status()).isClean()).toBe(true);
    });
  }, 60_000);
});

/** Installs a pre-push hook in `repo` that runs `script` (sh) on its `n`-th push (1-based) only. */
async function onPush(repo: string, scripts: Record<number, string>): Promise<void> {
  const count = path.join(repo, '.git', 'pushes');
  const hook = [
    '#!/bin/sh',
    'unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE',
    `n=$(( $(cat '${count}' 2>/dev/null || echo 0) + 1 ))`,
    `echo $n > '${count}'`,
    ...Object.entries(scripts).map(([n, script]) => `if [ $n -eq ${n} ]; then ${script}; fi`),
    'exit 0',
    '',
  ].join('\n');
  await fs.writeFile(path.join(repo, '.git', 'hooks', 'pre-push'), hook, { mode: 0o755 });
}

const PUSHING = { commit: 'true', push: 'true' };

describe('a push that did not happen', () => {
  test('is made by the next export, even when it has nothing new to commit', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      const { repo, remote } = await makeRepoWithRemote(await tempDir());
      const hook = path.join(remote, 'hooks', 'pre-receive');
      await fs.writeFile(hook, '#!/bin/sh\necho "the remote is down" >&2\nexit 1\n', { mode: 0o755 });
      await expect(exportWorkspace(clientFor(primary), repo, PUSHING)).rejects.toThrow(/was refused/);
      const local = (await simpleGit(repo).revparse(['HEAD'])).trim();
      expect((await simpleGit(remote).revparse(['main'])).trim()).not.toBe(local);

      await fs.rm(hook);
      const again = await exportWorkspace(clientFor(primary), repo, PUSHING);
      expect(again.changed).toBe(false);
      expect(again.pushed).toBe(true);
      expect(again.commitSha).toBe(local);
      expect((await simpleGit(remote).revparse(['main'])).trim()).toBe(local);

      // In step with the remote: nothing to push, and no push is tried.
      await fs.writeFile(hook, '#!/bin/sh\necho "no push expected" >&2\nexit 1\n', { mode: 0o755 });
      expect((await exportWorkspace(clientFor(primary), repo, PUSHING)).pushed).toBe(false);
    });
  });

  test('because the remote ref was locked by a push at the same moment is tried again', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      const { repo, remote } = await makeRepoWithRemote(await tempDir());
      // Another push holds the remote's branch lock during the first push, and is done by the second.
      const lock = path.join(remote, 'refs', 'heads', 'main.lock');
      await onPush(repo, { 1: `touch '${lock}'`, 2: `rm -f '${lock}'` });
      const result = await exportWorkspace(clientFor(primary), repo, PUSHING);
      expect(result.pushed).toBe(true);
      expect((await simpleGit(remote).revparse(['main'])).trim()).toBe(result.commitSha);
      expect(await fs.readFile(path.join(repo, '.git', 'pushes'), 'utf8')).toBe('2\n');
    });
  });
});

describe('a push race with a local commit of its own', () => {
  test('never undoes what the remote changed outside the snapshot folder', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      await exportWorkspace(clientFor(primary), repo, PUSHING);
      const person = await cloneAs(remote, path.join(base, 'person'), 'person');
      // Local and remote both change the first line of README.md; the local one is not pushed yet.
      await fs.writeFile(path.join(repo, 'README.md'), '# DR record (local)\n');
      await simpleGit(repo).add('README.md');
      await simpleGit(repo).commit('local readme');
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(2)');
      await onPush(repo, {
        1: `cd '${person}' && printf '# DR record (remote)\\n' > README.md && git commit -qam remote && git push -q origin main`,
      });

      const error = await exportWorkspace(clientFor(primary), repo, PUSHING).catch((e: Error) => e);
      expect((error as Error).message).toBe(
        'cannot rebase the local commits onto origin/main (README.md changed on both sides, outside the snapshot folder): run git pull --rebase, resolve, and export again',
      );
      expect(await simpleGit(remote).show(['main:README.md'])).toBe('# DR record (remote)\n');
      // Nothing half done: no rebase in progress, the local commits as they were.
      const git = simpleGit(repo);
      expect((await git.status()).isClean()).toBe(true);
      expect((await git.raw(['log', '--format=%s', '-2'])).trim().split('\n')[1]).toBe('local readme');
      await expect(fs.stat(path.join(repo, '.git', 'rebase-merge'))).rejects.toThrow();
    });
  });
});

describe('an export that would remove most of a kind', () => {
  test('fails naming the kind and the counts and commits nothing, unless allowed once', async () => {
    await withEmulators(async (primary) => {
      const jobs = primary.state.jobs;
      const ids = Array.from({ length: 12 }, (_, i) =>
        jobs.create(
          { name: `job-${i}`, max_concurrent_runs: 1, tasks: [] },
          { singleTaskAllowed: false, creator: 'ana@contoso.com', createdTime: Date.UTC(2025, 0, 1) },
        ),
      ).map((j) => j.job_id);
      const { repo, remote } = await makeRepoWithRemote(await tempDir());
      // The first export removes nothing, whatever it finds.
      expect((await exportWorkspace(clientFor(primary), repo, PUSHING)).pushed).toBe(true);
      const git = simpleGit(repo);
      const head = (await git.revparse(['HEAD'])).trim();

      for (const id of ids.slice(0, 11)) jobs.delete(id);
      const error = await exportWorkspace(clientFor(primary), repo, PUSHING).catch((e: Error) => e);
      expect((error as Error).message).toBe(
        "export failed, the snapshot and git history are unchanged: jobs: the export would remove 11 of the 12 objects the snapshot has (91%, more than the 'max-removal' input allows: 50%); if the workspace really lost them, allow it once with input 'allow-mass-removal'",
      );
      expect((await git.revparse(['HEAD'])).trim()).toBe(head);
      expect((await simpleGit(remote).revparse(['main'])).trim()).toBe(head);
      expect((await git.status()).isClean()).toBe(true);
      expect(await fs.readdir(path.join(repo, 'databricks/jobs'))).toHaveLength(12);

      // A higher threshold, or the consent for this run, lets it through.
      await expect(
        exportWorkspace(clientFor(primary), repo, { ...PUSHING, 'max-removal': '95%', commit: 'false' }),
      ).resolves.toBeDefined();
      await git.raw(['checkout', '--', '.']);
      await git.raw(['clean', '-fdq']);
      const allowed = await exportWorkspace(clientFor(primary), repo, {
        ...PUSHING,
        'allow-mass-removal': 'true',
      });
      expect(allowed.changes.deleted).toBe(11);
      expect((await simpleGit(remote).revparse(['main'])).trim()).toBe(allowed.commitSha);
      expect(await fs.readdir(path.join(repo, 'databricks/jobs'))).toHaveLength(1);
    });
  });
});
