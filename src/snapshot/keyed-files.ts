/**
 * The one reader of a kind's folder of keyed files (`jobs/<key>.json`, `jobs/<key>.schedule.json`,
 * `global-init-scripts/<key>.sh`, issue 19 item 5): which names belong there and what a key may be. Pure.
 */
import { SnapshotError, type SnapshotSource } from './source.js';

/** What a key may be (every key keyFromName or a key tag gives is one): it names a file, so no dot, no `/`. */
const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** Whether `key` is a valid key. */
export function isKey(key: string): boolean {
  return KEY.test(key);
}

/** One file of a kind's folder. */
export interface KeyedFile {
  /** The path in the snapshot, for messages: `jobs/etl.schedule.json`. */
  source: string;
  key: string;
  /** Which of the suffixes asked for its name ends with (the longest that fits). */
  suffix: string;
}

/**
 * The files directly in `folder`, each named `<key><suffix>` for one of `suffixes`, in the snapshot's
 * order. Any other file there (another name, one in a subfolder, a key that is not valid) is refused with
 * a SnapshotError naming it, so that no file of the folder is silently left out of a restore; `lenient`
 * skips such files instead, for a reader that only looks something up before the kind's own read refuses
 * them.
 */
export function keyedFiles(
  snapshot: Pick<SnapshotSource, 'filesUnder'>,
  folder: string,
  suffixes: readonly string[] = ['.json'],
  lenient = false,
): KeyedFile[] {
  const longestFirst = [...suffixes].sort((a, b) => b.length - a.length);
  const out: KeyedFile[] = [];
  for (const rel of snapshot.filesUnder(folder)) {
    const source = `${folder}/${rel}`;
    const suffix = rel.includes('/') ? undefined : longestFirst.find((s) => rel.endsWith(s));
    const key = suffix === undefined ? undefined : rel.slice(0, -suffix.length);
    if (suffix !== undefined && key !== undefined && isKey(key)) {
      out.push({ source, key, suffix });
      continue;
    }
    if (lenient) continue;
    if (suffix === undefined)
      throw new SnapshotError(
        source,
        `only ${suffixes.map((s) => `<key>${s}`).join(' and ')} files belong in ${folder}/`,
      );
    throw new SnapshotError(source, `'${key}' is not a valid key (letters, digits, _ and -)`);
  }
  return out;
}
