import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from '../util/log.js';

/**
 * Where an export builds the next snapshot before it replaces the previous one. Never in the working tree:
 * a killed export leaves its staging folder behind, and that folder holds what the workspace held,
 * credentials included (they are refused only at the end), so `git add -A` must not be able to stage it.
 *
 * The folder must be on the file system of the snapshot: the finished staging folder is renamed into the
 * snapshot's place, and unchanged files are hard links to the previous snapshot's (store.ts, copyFrom).
 * So the first of these on that file system: the repository's git directory (`.git/databricks-dr-staging`,
 * never part of a commit), RUNNER_TEMP, the system's temporary folder. Only when none is (no repository,
 * and the snapshot on a file system of its own) does it fall back to a hidden folder beside the snapshot.
 */
export const STAGING_AREA = 'databricks-dr-staging';

export interface Staging {
  /** The folder the new snapshot is written into. */
  dir: string;
  /** Where the previous snapshot is moved while it is removed. */
  trash: string;
}

/**
 * Picks the staging folder of this process and removes what killed exports left (in every place this or
 * an earlier version put them): folders named after a process that no longer runs.
 */
export async function prepareStaging(repoDir: string, snapshotDir: string, log: Log): Promise<Staging> {
  const parent = path.dirname(snapshotDir);
  const legacy = `.${path.basename(snapshotDir)}.staging-`;
  // Earlier versions staged beside the snapshot folder, in the working tree.
  await removeLeftovers(
    parent,
    (name) => (name.startsWith(legacy) ? name.slice(legacy.length) : undefined),
    log,
  );
  const device = (await stat(await nearestExisting(parent)))?.dev;
  const gitDir = await absoluteGitDir(repoDir);
  const candidates = [gitDir, process.env.RUNNER_TEMP, os.tmpdir()].filter((d): d is string => Boolean(d));
  let area: string | undefined;
  for (const candidate of candidates) {
    const s = await stat(candidate);
    if (s?.isDirectory() && s.dev === device) {
      area = path.join(candidate, STAGING_AREA);
      break;
    }
  }
  if (area) {
    await removeLeftovers(area, (name) => name, log);
    await fs.mkdir(area, { recursive: true, mode: 0o700 });
    const dir = path.join(area, String(process.pid));
    await fs.rm(dir, { recursive: true, force: true });
    return { dir, trash: `${dir}.old` };
  }
  // Nothing else is on the snapshot's file system: beside it, as earlier versions did.
  const dir = path.join(parent, `${legacy}${process.pid}`);
  await fs.rm(dir, { recursive: true, force: true });
  return { dir, trash: `${dir}.old` };
}

/** Removes the entries of `folder` that `pidOf` names after a process that no longer runs (`<pid>`, `<pid>.old`). */
async function removeLeftovers(
  folder: string,
  pidOf: (name: string) => string | undefined,
  log: Log,
): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^(\d+)(\.old)?$/.exec(pidOf(name) ?? '');
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isRunning(pid)) continue;
    await fs.rm(path.join(folder, name), { recursive: true, force: true });
    log.info(`removed ${path.join(folder, name)}, left by an export that did not finish`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function stat(p: string) {
  return fs.stat(p).catch(() => undefined);
}

async function nearestExisting(dir: string): Promise<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    if ((await stat(at)) || path.dirname(at) === at) return at;
  }
}

/** The git directory of the repository `dir` is in (`.git`, or a worktree's own); undefined outside one. */
function absoluteGitDir(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--absolute-git-dir'], { cwd: dir, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}
