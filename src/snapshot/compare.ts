/** Comparing two snapshots file by file: the parity check of the demo, the live drill and verify. */
import { EXPORT_STATE_FILE } from './store.js';
import { SnapshotSource } from './source.js';

/** Every file of a snapshot folder, for the parity check; the export bookkeeping is not content. */
export async function snapshotFiles(dir: string): Promise<Map<string, Buffer>> {
  return filesOf(await SnapshotSource.fromDirectory(dir));
}

/** Every file of an open snapshot but the export bookkeeping. */
export async function filesOf(source: SnapshotSource): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const file of source.files) if (file !== EXPORT_STATE_FILE) out.set(file, await source.read(file));
  return out;
}

/** What differs from `a` (the snapshot) in `b` (the copy's export), `other` naming where `b` came from. */
export function differences(
  a: Map<string, Buffer>,
  b: Map<string, Buffer>,
  ignore: Set<string>,
  other = 'the secondary',
): string[] {
  const out: string[] = [];
  for (const [file, bytes] of a) {
    if (ignore.has(file)) continue;
    const copy = b.get(file);
    if (!copy) out.push(`missing in ${other}: ${file}`);
    else if (!copy.equals(bytes)) out.push(`differs: ${file}`);
  }
  for (const file of b.keys()) if (!a.has(file) && !ignore.has(file)) out.push(`only in ${other}: ${file}`);
  return out;
}
