import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { fillSampleMapping } from '../../src/emulator/sample-uc.js';
import { MAPPING_FILE, parseMapping, renderMapping } from '../../src/resources/unity-catalog-mapping.js';

/**
 * Fills in the Unity Catalog region mapping that an export of the sample workspace leaves empty, as an
 * operator does once before the first apply (docs/unity-catalog.md). `snapshotDir` is the snapshot folder.
 */
export async function mapSampleStorage(snapshotDir: string): Promise<void> {
  const file = path.join(snapshotDir, MAPPING_FILE);
  const mapping = parseMapping(await fs.readFile(file, 'utf8'), MAPPING_FILE);
  fillSampleMapping(mapping);
  await fs.writeFile(file, renderMapping(mapping));
}

/** The same in a git repository whose snapshot is at `databricks/`, committed (plan and apply read commits). */
export async function commitSampleMapping(repo: string): Promise<void> {
  await mapSampleStorage(path.join(repo, 'databricks'));
  await simpleGit(repo).add('.').commit('map the sample region storage');
}
