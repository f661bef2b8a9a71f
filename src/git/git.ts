import type { Wording } from '../inputs.js';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { Log } from '../util/log.js';

export interface SnapshotChanges {
  added: number;
  modified: number;
  deleted: number;
  files: string[];
}

/** What push needs to make the snapshot commit again on top of a remote that moved on. */
export interface SnapshotCommit {
  /** The snapshot folder, relative to the repository folder given to GitRepo. */
  pathspec: string;
  /** Files that are bookkeeping, not content (they alone make no commit). */
  ignore: (file: string) => boolean;
  /** The commit message for these changes. */
  message: (changes: SnapshotChanges) => string;
}

/** A change the remote made in the snapshot folder while the export ran, which the pushed snapshot replaces. */
export interface Overridden {
  /** Path relative to the repository folder given to GitRepo. */
  file: string;
  /** What the remote had done to it. */
  change: 'added' | 'modified' | 'deleted';
}

export interface PushResult {
  overridden: Overridden[];
}

const GIT_CONFIG = ['core.quotepath=false', 'core.trustctime=false'];

const BOT_NAME = 'github-actions[bot]';
const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

/** The narrow slice of git that the product needs, over simple-git. */
export class GitRepo {
  private readonly git: SimpleGit;

  constructor(
    readonly dir: string,
    private readonly log: Log,
    /** Whose words a message uses (src/inputs.ts): the action's checkout step or the CLI's git command. */
    private readonly words: Wording = 'action',
  ) {
    // trustctime off: unchanged snapshot files are hard links to the previous ones, whose ctime the link
    // moved; size, mtime and inode still tell git they are unchanged, without hashing every file again.
    this.git = simpleGit({ baseDir: dir, config: GIT_CONFIG });
  }

  /**
   * Runs git directly, for the commands of every export that print nothing when nothing changed (add,
   * diff --cached, checkout --quiet): simple-git waits 50 ms more for a command without output (its
   * completion detection), which was 200 ms of a no-op export.
   */
  private quick(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        [...GIT_CONFIG.flatMap((c) => ['-c', c]), ...args],
        { cwd: this.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          // Named by its subcommand, past any `-c name=value`.
          const command = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c');
          if (error) reject(new Error(`git ${command} failed: ${(stderr || error.message).trim()}`));
          else resolve(stdout);
        },
      );
    });
  }

  static async open(dir: string, log: Log, words: Wording = 'action'): Promise<GitRepo> {
    const repo = new GitRepo(dir, log, words);
    if (!(await repo.git.checkIsRepo().catch(() => false)))
      throw new Error(
        `${dir} is not a git repository: ${words === 'action' ? 'run actions/checkout first' : 'give the folder of a git clone with --repo'}`,
      );
    return repo;
  }

  async topLevel(): Promise<string> {
    return (await this.git.revparse(['--show-toplevel'])).trim();
  }

  async head(): Promise<string | undefined> {
    try {
      return (await this.git.revparse(['HEAD'])).trim();
    } catch {
      return undefined;
    }
  }

  async branch(): Promise<string | undefined> {
    const name = (await this.git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
    return name || undefined;
  }

  /**
   * Stages everything under `pathspec` and counts what changed against HEAD, leaving out `ignore`d files.
   * `owned` paths (the snapshot's own files and folders) are staged with --force: no .gitignore of the
   * repository may drop a snapshot file. Other files there (a person's README) follow the ignore rules.
   */
  async stageAndDiff(
    pathspec: string,
    ignore: (file: string) => boolean,
    owned: string[] = [],
  ): Promise<SnapshotChanges> {
    // Fails only when the folder itself is ignored; the owned paths below are staged all the same.
    const folderIgnored = await this.quick(['add', '--all', '--', literal(pathspec)]).then(
      () => false,
      (error: Error) => {
        if (!/ignored by one of your .gitignore files/i.test(error.message)) throw error;
        return true;
      },
    );
    // The add above staged every deletion under the folder (ignore rules bind untracked files only), so
    // the forced add needs only the owned paths on disk, unless the folder itself is ignored.
    const forced = folderIgnored ? await this.presentOrTracked(owned) : await this.present(owned);
    if (forced.length) await this.quick(['add', '--all', '--force', '--', ...forced.map(literal)]);
    return this.stagedChanges(pathspec, ignore);
  }

  /**
   * The blob ids of the regular files under `pathspec` whose working copy is what the index holds, by path
   * relative to the repository folder given to GitRepo. `ls-files -m` checks each file's stat data against
   * the index (and its content where the stat data cannot decide), so a file edited since git last looked
   * is left out; so are conflicted entries, symlinks and submodules.
   */
  async cleanBlobs(pathspec: string): Promise<Map<string, string>> {
    const [staged, modified] = await Promise.all([
      this.git.raw(['ls-files', '--stage', '-z', '--', literal(pathspec)]),
      this.git.raw(['ls-files', '--modified', '-z', '--', literal(pathspec)]),
    ]);
    const dirty = new Set(modified.split('\0'));
    const out = new Map<string, string>();
    for (const line of staged.split('\0')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const [mode, blob, stage] = line.slice(0, tab).split(' ');
      const file = line.slice(tab + 1);
      if (stage === '0' && (mode === '100644' || mode === '100755') && !dirty.has(file)) out.set(file, blob);
    }
    return out;
  }

  /** What is staged under `pathspec` against HEAD, leaving out `ignore`d files. */
  private async stagedChanges(pathspec: string, ignore: (file: string) => boolean): Promise<SnapshotChanges> {
    const out = await this.quick([
      'diff',
      '--cached',
      '--name-status',
      '--no-renames',
      '-z',
      '--',
      literal(pathspec),
    ]);
    const parts = out.split('\0').filter((p) => p !== '');
    const changes: SnapshotChanges = { added: 0, modified: 0, deleted: 0, files: [] };
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const [status, file] = [parts[i], parts[i + 1]];
      if (ignore(file)) continue;
      changes.files.push(file);
      if (status.startsWith('A')) changes.added++;
      else if (status.startsWith('D')) changes.deleted++;
      else changes.modified++;
    }
    return changes;
  }

  /** The paths that exist in the working tree. */
  private async present(paths: string[]): Promise<string[]> {
    const found = await Promise.all(paths.map((p) => exists(path.join(this.dir, p))));
    return paths.filter((_, i) => found[i]);
  }

  /** The paths that exist in the working tree or in the index (`git add` refuses the others). */
  private async presentOrTracked(paths: string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const tracked = (await this.git.raw(['ls-files', '-z', '--', ...paths.map(literal)])).split('\0');
    const out: string[] = [];
    for (const p of paths) {
      const inIndex = tracked.some((t) => t === p || t.startsWith(`${p}/`));
      if (inIndex || (await exists(path.join(this.dir, p)))) out.push(p);
    }
    return out;
  }

  /**
   * Puts a file back as HEAD has it (index and working tree); unstages it if HEAD has none. For a file
   * only: `checkout HEAD -- <folder>` would leave files HEAD lacks staged.
   */
  async restore(pathspec: string): Promise<void> {
    // One command when HEAD has the path (index and working tree both from HEAD); else the slow way.
    if (
      await this.quick(['checkout', '--quiet', 'HEAD', '--', literal(pathspec)]).then(
        () => true,
        () => false,
      )
    )
      return;
    await this.git.raw(['reset', '--quiet', '--', literal(pathspec)]).catch(() => undefined);
    const tracked = (await this.git.raw(['ls-files', '--', literal(pathspec)])).trim();
    if (tracked) await this.git.raw(['checkout', '--', literal(pathspec)]);
  }

  /** Commits only what is staged under `pathspec`; other staged work of the user is left alone. */
  async commit(message: string, pathspec: string): Promise<string> {
    const identity = await this.identityArgs();
    await this.git.raw([
      ...identity,
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      message,
      '--',
      literal(pathspec),
    ]);
    return (await this.git.revparse(['HEAD'])).trim();
  }

  /**
   * How many commits of the current branch `remote` does not have yet (a push that failed or was killed
   * leaves them behind, and a later export with nothing new to commit must still push them). Undefined
   * when there is nothing to compare with: a detached HEAD, or no such remote.
   */
  async unpushed(remote = 'origin'): Promise<number | undefined> {
    const branch = await this.branch();
    if (!branch || !(await this.head())) return undefined;
    if (
      !(await this.git.raw(['remote', 'get-url', remote]).then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    try {
      await this.git.raw(['fetch', '--quiet', remote, `refs/heads/${branch}`]);
    } catch (error) {
      const text = String((error as Error).message);
      // The branch is not on the remote yet: every commit of it is to be pushed.
      if (/couldn't find remote ref/i.test(text))
        return Number((await this.git.raw(['rev-list', '--count', 'HEAD'])).trim());
      throw new Error(`git fetch from ${remote}/${branch} failed: ${gitReason(text)}`, { cause: error });
    }
    return Number((await this.git.raw(['rev-list', '--count', 'FETCH_HEAD..HEAD'])).trim());
  }

  /**
   * Pushes the current branch. When the remote moved on (another export, a person), the snapshot commit is
   * put on top of the remote branch and pushed again, so no commit is lost and history stays linear. The
   * snapshot wins in its own folder only: there the pushed tree has the snapshot as exported, and what the
   * remote had changed meanwhile that the snapshot replaces is returned; everything else is as the remote
   * has it, merged with the local commits (a conflict outside the folder fails the push, unresolved).
   * A push that loses a race on the remote's ref lock ("failed to update ref") is tried again.
   */
  async push(snapshot: SnapshotCommit, remote = 'origin', attempts = 5): Promise<PushResult> {
    const branch = await this.branch();
    if (!branch)
      throw new Error(
        `cannot push from a detached HEAD: check out a branch (${this.words === 'action' ? 'actions/checkout with ref: <branch>' : 'git switch <branch>'})`,
      );
    const overridden = new Map<string, Overridden>();
    const result = () => ({
      overridden: [...overridden.values()].sort((a, b) => (a.file < b.file ? -1 : 1)),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.git.raw(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
        return result();
      } catch (error) {
        const text = String((error as Error).message);
        const rejected =
          /rejected|non-fast-forward|fetch first|failed to push some refs|stale info|failed to update ref|cannot lock ref/i.test(
            text,
          );
        // Two pushes at the same moment: the remote's ref was locked by the other one.
        const lockRace = /failed to update ref|cannot lock ref|unable to create .*\.lock/i.test(text);
        if (!rejected)
          throw new Error(`git push to ${remote}/${branch} failed: ${gitReason(text)}`, { cause: error });
        if (attempt >= attempts)
          throw new Error(
            `git push to ${remote}/${branch} was rejected ${attempts} times (the branch keeps moving): ` +
              'export again later',
            { cause: error },
          );
        await this.git.raw(['fetch', '--quiet', remote, `refs/heads/${branch}`]);
        const upstream = (await this.git.revparse(['FETCH_HEAD'])).trim();
        const local = (await this.git.revparse(['HEAD'])).trim();
        if ((await this.git.raw(['rev-list', '--count', `${local}..${upstream}`])).trim() === '0') {
          // Not moved on: the remote refused for another reason (a protected branch, a hook), unless the
          // ref was only locked for a moment.
          if (!lockRace)
            throw new Error(`git push to ${remote}/${branch} was refused: ${gitReason(text)}`, {
              cause: error,
            });
          this.log.info(`push lost a race for ${remote}/${branch} (${gitReason(text)}): trying again`);
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
          continue;
        }
        this.log.info(
          `push rejected (the remote moved on): putting the snapshot on top of ${remote}/${branch}, attempt ${attempt + 1}`,
        );
        if (!(await this.remake(snapshot, local, upstream)))
          await this.rebase(snapshot, local, upstream, `${remote}/${branch}`);
        for (const o of await this.overriddenBy(snapshot, local, upstream)) overridden.set(o.file, o);
        if ((await this.git.revparse(['HEAD'])).trim() === upstream) {
          this.log.info(`${remote}/${branch} already has this snapshot: nothing to push`);
          return result();
        }
      }
    }
  }

  /**
   * What `upstream` changed in the snapshot folder since it parted from `local` that HEAD (the snapshot
   * put on top of it) does not keep: the changes the snapshot overrides.
   */
  private async overriddenBy(
    snapshot: SnapshotCommit,
    local: string,
    upstream: string,
  ): Promise<Overridden[]> {
    const base = (await this.git.raw(['merge-base', local, upstream]).catch(() => '')).trim();
    if (!base) return [];
    const spec = literal(snapshot.pathspec);
    const theirs = await this.git.raw([
      'diff',
      '--name-status',
      '--no-renames',
      '-z',
      base,
      upstream,
      '--',
      spec,
    ]);
    const differs = new Set(
      (await this.git.raw(['diff', '--name-only', '--no-renames', '-z', upstream, 'HEAD', '--', spec]))
        .split('\0')
        .filter(Boolean),
    );
    const parts = theirs.split('\0').filter(Boolean);
    const out: Overridden[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const [status, file] = [parts[i], parts[i + 1]];
      if (snapshot.ignore(file) || !differs.has(file)) continue;
      out.push({
        file,
        change: status.startsWith('A') ? 'added' : status.startsWith('D') ? 'deleted' : 'modified',
      });
    }
    return out;
  }

  /**
   * When the snapshot commit is the only local one: moves the branch to `upstream` and commits the snapshot
   * folder of `local` on top of it again. False when there are other local commits (or local changes in
   * the way), which a rebase has to carry.
   */
  private async remake(snapshot: SnapshotCommit, local: string, upstream: string): Promise<boolean> {
    const parent = (await this.git.revparse([`${local}^`]).catch(() => '')).trim();
    if (!parent) return false;
    // (merge-base --is-ancestor answers by exit code alone, which simple-git does not treat as an error.)
    const unpushed = (await this.git.raw(['rev-list', '--count', `${upstream}..${parent}`])).trim();
    if (unpushed !== '0') return false;
    try {
      await this.git.raw(['reset', '--quiet', '--keep', upstream]);
    } catch {
      return false;
    }
    await this.commitSnapshotOf(snapshot, local);
    return true;
  }

  /**
   * Rebases the local commits onto `upstream`, then makes sure the snapshot won in its folder. A conflict
   * inside the snapshot folder is settled for the local side (the snapshot is put back whole afterwards
   * anyway); one outside it stops the push with the files named: the snapshot may not decide a person's
   * files (no `-X theirs`, which silently undid the remote's side of every conflicting hunk).
   */
  private async rebase(
    snapshot: SnapshotCommit,
    local: string,
    upstream: string,
    name: string,
  ): Promise<void> {
    const identity = await this.identityArgs();
    const fail = async (why: string, cause?: unknown): Promise<never> => {
      await this.git.raw(['rebase', '--abort']).catch(() => undefined);
      throw new Error(
        `cannot rebase the local commits onto ${name} (${why}): run git pull --rebase, resolve, and export again`,
        { cause },
      );
    };
    let step: string[] = [...identity, 'rebase', '--quiet', upstream];
    for (let round = 0; ; round++) {
      try {
        // Not through simple-git, which refuses core.editor (set so that --continue asks no one).
        await this.quick(step);
        break;
      } catch (error) {
        const conflicted = (await this.git.raw(['diff', '--name-only', '--diff-filter=U', '-z']))
          .split('\0')
          .filter(Boolean);
        const inFolder = (f: string) => f === snapshot.pathspec || f.startsWith(`${snapshot.pathspec}/`);
        const outside = conflicted.filter((f) => !inFolder(f));
        if (outside.length)
          await fail(`${outside.join(', ')} changed on both sides, outside the snapshot folder`, error);
        if (!conflicted.length) {
          // A commit the resolution left empty: skip it; anything else is no conflict this can settle.
          const staged = await this.git.raw(['diff', '--cached', '--name-only']).catch(() => 'x');
          const rebasing = await this.git.raw(['rev-parse', '--verify', '--quiet', 'REBASE_HEAD']).then(
            (r) => r.trim() !== '',
            () => false,
          );
          if (!rebasing || staged.trim() !== '' || round > 1000)
            await fail(gitReason(String((error as Error).message)), error);
          step = [...identity, 'rebase', '--skip'];
          continue;
        }
        for (const file of conflicted) {
          const kept = await this.git.raw(['checkout', '--theirs', '--', literal(file)]).then(
            () => true,
            () => false,
          );
          if (kept) await this.git.raw(['add', '--', literal(file)]);
          else await this.git.raw(['rm', '-q', '-f', '--ignore-unmatch', '--', literal(file)]);
        }
        step = [...identity, '-c', 'core.editor=true', 'rebase', '--continue'];
      }
    }
    await this.commitSnapshotOf(snapshot, local);
  }

  /** Makes the snapshot folder exactly as `source` has it and commits that if it differs from HEAD. */
  private async commitSnapshotOf(snapshot: SnapshotCommit, source: string): Promise<void> {
    const spec = literal(snapshot.pathspec);
    const want = await this.git.revparse([`${source}:./${snapshot.pathspec}`]).catch(() => '');
    const have = await this.git.revparse([`HEAD:./${snapshot.pathspec}`]).catch(() => '');
    if (want.trim() === have.trim()) return;
    await this.git.raw(['rm', '-r', '-q', '--ignore-unmatch', '--', spec]);
    if (want.trim()) await this.git.raw(['checkout', source, '--', spec]);
    const changes = await this.stagedChanges(snapshot.pathspec, snapshot.ignore);
    if (changes.added + changes.modified + changes.deleted === 0) {
      // Only bookkeeping differs: the remote already has this content.
      await this.restore(snapshot.pathspec);
      return;
    }
    await this.commit(snapshot.message(changes), snapshot.pathspec);
  }

  /** Reads a file at a revision (for point-in-time restore); undefined if the revision has no such file. */
  async show(rev: string, file: string): Promise<Buffer | undefined> {
    try {
      return await this.git.binaryCatFile(['-p', `${rev}:${file}`]);
    } catch {
      return undefined;
    }
  }

  /**
   * The last `n` commits up to `rev` that changed `pathspec`, newest first, with their commit times (ISO
   * 8601): when a snapshot was taken, and when the one before it was.
   */
  async commitsTouching(rev: string, pathspec: string, n = 2): Promise<Array<{ sha: string; time: string }>> {
    const out = await this.git
      .raw(['log', `-${n}`, '--format=%H %cI', rev, '--', `:(literal)${pathspec}`])
      .catch(() => '');
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha, time] = line.split(' ');
        return { sha, time };
      });
  }

  async resolveRevision(rev: string): Promise<string> {
    const notACommit = () =>
      new Error(
        `'${rev}' is not a commit in ${this.dir}: give a branch, tag or commit sha (fetch-depth: 0 for old ones)`,
      );
    let sha: string;
    try {
      sha = (await this.git.revparse(['--verify', '--quiet', `${rev}^{commit}`])).trim();
    } catch {
      throw notACommit();
    }
    // --quiet answers an unknown name with nothing on stdout (and, through simple-git, no error).
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw notACommit();
    return sha;
  }

  private async identityArgs(): Promise<string[]> {
    const name = (await this.git.raw(['config', 'user.name']).catch(() => '')).trim();
    const email = (await this.git.raw(['config', 'user.email']).catch(() => '')).trim();
    const args: string[] = [];
    if (!name) args.push('-c', `user.name=${BOT_NAME}`);
    if (!email) args.push('-c', `user.email=${BOT_EMAIL}`);
    return args;
  }
}

/** A pathspec that means exactly this path: no glob, no magic, whatever characters the name holds. */
function literal(p: string): string {
  return `:(literal)${p}`;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The line of git's output that says why (`error:`, `fatal:`, `! [rejected]`), else its first line. */
function gitReason(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^hint:/i.test(l));
  const why = lines.find((l) => l.startsWith('!')) ?? lines.find((l) => /^(fatal|error):|^CONFLICT/i.test(l));
  return why ?? lines[0] ?? text;
}
