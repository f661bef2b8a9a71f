import { spawn } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
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
