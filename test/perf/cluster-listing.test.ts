/**
 * Requests, not timings: a workspace runs far more job clusters (one per job run, kept 30 days) than
 * all-purpose ones, and none of them is exported. The cluster listing asks for UI and API clusters only
 * (2.1 `filter_by.cluster_sources`, reference §4), so job, pipeline and SQL clusters are never downloaded.
 */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const USER_CLUSTERS = 120;
const FOREIGN = { JOB: 400, PIPELINE: 30, PIPELINE_MAINTENANCE: 5, SQL: 10, MODELS: 3 };

function seed(emulator: Emulator): void {
  const compute = emulator.state.compute;
  const spec = { spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 };
  for (const [source, n] of Object.entries(FOREIGN))
    for (let i = 0; i < n; i++)
      compute.seedCluster({
        cluster_name: `${source.toLowerCase()}-run-${i}`,
        cluster_source: source,
        ...spec,
      });
  // Half made in the UI, half through the API.
  for (let i = 0; i < USER_CLUSTERS; i++)
    compute.seedCluster({
      cluster_name: `user-${String(i).padStart(3, '0')}`,
      cluster_source: i % 2 ? 'UI' : 'API',
      state: 'TERMINATED',
      ...spec,
      spec: { cluster_name: `user-${String(i).padStart(3, '0')}`, ...spec },
    });
}

/** The cluster listing requests since the last clearRequests. */
function listings(emulator: Emulator) {
  return emulator.requests.filter((r) => r.path === '/api/2.1/clusters/list');
}

describe('cluster listing', () => {
  it('lists UI and API clusters only: pages of user clusters, never the job clusters', async () => {
    await withEmulators(async (primary) => {
      seed(primary);
      const client = clientFor(primary);
      const repo = await tempDir();
      primary.clearRequests();
      const exported = await exportWorkspace(client, repo);
      // 120 clusters in pages of 100; without the filter, 568 clusters would take 6 pages.
      const pages = listings(primary);
      expect(pages).toHaveLength(2);
      for (const page of pages) {
        expect(page.query['filter_by.cluster_sources']).toEqual(['UI', 'API']);
        expect(page.query.page_size).toBe('100');
      }
      // Nothing to skip, and no job cluster read one by one.
      expect(exported.report.skipped.filter((s) => s.kind === 'clusters')).toEqual([]);
      const got = primary.requests.filter((r) => /^\/api\/2\.[01]\/clusters\/get$/.test(r.path));
      expect(got).toHaveLength(USER_CLUSTERS);
      const files = await fs.readdir(path.join(repo, 'databricks', 'clusters'));
      expect(files).toHaveLength(USER_CLUSTERS);
      expect(files.every((f) => f.startsWith('user_'))).toBe(true);

      // A plan reads the target through the same listing.
      primary.clearRequests();
      await applySnapshot(client, path.join(repo, 'databricks'), { dryRun: true });
      expect(listings(primary).map((r) => r.query['filter_by.cluster_sources'])).toEqual([
        ['UI', 'API'],
        ['UI', 'API'],
      ]);
    });
  });
});
