import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../settings.js';
import { NameOf, type Wording } from '../inputs.js';

/**
 * Writes a file the user named by a path inside the repository (input `plan-file`), refusing what would
 * write anywhere else: a symbolic link on the way (a committed one may lead out of the repository; every
 * folder is checked with lstat, and the file is opened with O_NOFOLLOW), and the snapshot folder (a plan
 * must never replace a snapshot file). Missing folders are made. Returns the absolute path written.
 */
export async function writeRepositoryFile(
  repoDir: string,
  rel: string,
  content: string,
  input: string,
  snapshotPath: string,
  words: Wording = 'action',
): Promise<string> {
  const at = await checkRepositoryFile(repoDir, rel, input, snapshotPath, true, words);
  // O_NOFOLLOW: a link put there since the check is not followed either (no such flag on Windows).
  const flags =
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | (fsConstants.O_NOFOLLOW ?? 0);
  const file = await fs.open(at, flags, 0o644);
  try {
    await file.writeFile(content);
  } finally {
    await file.close();
  }
  return at;
}

/**
 * Refuses, before anything is read or written, a path `writeRepositoryFile` would refuse; returns the
 * absolute path. With `create`, missing folders on the way are made.
 */
export async function checkRepositoryFile(
  repoDir: string,
  rel: string,
  input: string,
  snapshotPath: string,
  create = false,
  words: Wording = 'action',
): Promise<string> {
  const refuse = (why: string) =>
    new InputError(
      `${NameOf(input, words)} must be a file in the repository outside the snapshot folder (${why}), got '${rel}'`,
    );
  const parts = rel.split('/');
  let at = path.resolve(repoDir);
  let missing = false;
  for (let i = 0; i < parts.length; i++) {
    at = path.join(at, parts[i]);
    const last = i === parts.length - 1;
    let stat;
    if (!missing)
      try {
        stat = await fs.lstat(at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        missing = true;
      }
    const shown = parts.slice(0, i + 1).join('/');
    if (stat?.isSymbolicLink()) throw refuse(`${shown} is a symbolic link`);
    if (!last && stat && !stat.isDirectory()) throw refuse(`${shown} is not a folder`);
    if (last && stat && !stat.isFile()) throw refuse(`${shown} is not a regular file`);
    if (!last && !stat && create) {
      await fs.mkdir(at);
      missing = false;
    }
  }
  // The snapshot folder may be reached through a link of its own (`path: alias/databricks`).
  const snapshot = await fs.realpath(path.join(repoDir, snapshotPath)).catch(() => undefined);
  const folder = await nearestReal(path.dirname(at));
  if (snapshot && (folder === snapshot || folder.startsWith(snapshot + path.sep)))
    throw refuse(`it is inside the snapshot folder ${snapshotPath}`);
  return at;
}

/** The real path of a folder, or of the nearest folder above it that exists. */
async function nearestReal(dir: string): Promise<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return path.join(await fs.realpath(at), path.relative(at, dir));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) throw error;
    }
  }
}
