import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { fillSampleMapping } from '../../src/emulator/sample-uc.js';
import {
  MAPPING_FILE,
  SHARED,
  parseMapping,
  renderMapping,
  type RegionMapping,
} from '../../src/resources/unity-catalog-mapping.js';

/**
 * Fills in the Unity Catalog region mapping that an export of the sample workspace leaves empty, as an
 * operator does once before the first apply (docs/unity-catalog.md). `snapshotDir` is the snapshot folder.
 */
export async function mapSampleStorage(
  snapshotDir: string,
  fill: (mapping: RegionMapping) => void = fillSampleMapping,
): Promise<void> {
  const file = path.join(snapshotDir, MAPPING_FILE);
  const mapping = parseMapping(await fs.readFile(file, 'utf8'), MAPPING_FILE);
  fill(mapping);
  await fs.writeFile(file, renderMapping(mapping));
}

/**
 * The mapping of a restore that keeps every storage prefix and connector (`shared`): the restored
 * workspace then exports to the primary's files byte for byte (test/e2e/every-kind.test.ts).
 */
export function shareEverything(mapping: RegionMapping): void {
  for (const entries of [mapping.storage, mapping.accessConnectors])
    for (const key of entries.keys()) entries.set(key, SHARED);
}

/** The same in a git repository whose snapshot is at `databricks/`, committed (plan and apply read commits). */
export async function commitSampleMapping(
  repo: string,
  fill: (mapping: RegionMapping) => void = fillSampleMapping,
): Promise<string> {
  await mapSampleStorage(path.join(repo, 'databricks'), fill);
  const git = simpleGit(repo);
  await git.add('.').commit('map the sample region storage');
  return (await git.revparse(['HEAD'])).trim();
}
