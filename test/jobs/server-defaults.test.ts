import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { stripRegionPinned } from '../../src/resources/compute-common.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, snapshotOf, writes } from './helpers.js';

/** Issue 12 item 3 (jobs): values the service fills in, region-bound ones above all. */
describe('server-filled job defaults', () => {
  it('leaves zones out of the snapshot, and plans no change for what the target fills in', async () => {
    await withEmulators(async (primary, secondary) => {
      const p = clientFor(primary);
      const awsCluster = {
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
        aws_attributes: { availability: 'SPOT_WITH_FALLBACK', zone_id: 'us-east-1c', first_on_demand: 1 },
      };
      await p.post('/api/2.2/jobs/create', {
        name: 'Zoned',
        job_clusters: [{ job_cluster_key: 'jc', new_cluster: awsCluster }],
        tasks: [
          { task_key: 'a', job_cluster_key: 'jc', notebook_task: { notebook_path: '/a' } },
          {
            task_key: 'b',
            new_cluster: { ...awsCluster, aws_attributes: { ...awsCluster.aws_attributes, zone_id: 'auto' } },
            notebook_task: { notebook_path: '/b' },
          },
        ],
      });
      // Made through 2.1: not queued, although 2.2 would queue it by default.
      await p.post('/api/2.1/jobs/create', {
        name: 'Plain',
        tasks: [
          {
            task_key: 'a',
            new_cluster: {
              spark_version: '15.4.x-scala2.12',
              node_type_id: 'Standard_DS3_v2',
              num_workers: 1,
            },
            notebook_task: { notebook_path: '/a' },
          },
        ],
      });
      const repo = await tempDir();
      const exported = await exportWorkspace(p, repo);
      const dir = path.join(snapshotOf(repo), 'jobs');
      const read = async (key: string) =>
        parseJson(await fs.readFile(path.join(dir, `${key}.json`), 'utf8')) as JsonObject;
      const zoned = await read('zoned');
      const jc = (zoned.job_clusters as JsonObject[])[0].new_cluster as JsonObject;
      expect(jc.aws_attributes).toEqual({ availability: 'SPOT_WITH_FALLBACK', first_on_demand: 1 });
      // `auto` is not a zone but "let Databricks choose", valid in every region: kept.
      expect(((zoned.tasks as JsonObject[])[1].new_cluster as JsonObject).aws_attributes).toMatchObject({
        zone_id: 'auto',
      });
      expect(exported.report.warnings.map((w) => w.reason)).toContainEqual(
        expect.stringMatching(
          /^job_clusters\[jc\]\.new_cluster: aws_attributes\.zone_id 'us-east-1c' left out/,
        ),
      );
      // What the service filled in is in the snapshot, as jobs/get answered it.
      const plain = await read('plain');
      expect((plain.tasks as JsonObject[])[0]).toMatchObject({
        run_if: 'ALL_SUCCESS',
        new_cluster: {
          data_security_mode: 'SINGLE_USER',
          azure_attributes: { availability: 'ON_DEMAND_AZURE' },
        },
      });
      expect(plain).not.toHaveProperty('queue');

      const s = clientFor(secondary);
      expect((await applyJobs(s, snapshotOf(repo))).failed).toBe(0);
      // Not queued in the target either, although it was created through 2.2.
      expect(jobsByName(secondary).get('Plain')?.settings.queue).toEqual({ enabled: false });

      // The target's workspace (an AWS one) fills in a zone of its own region: not a change.
      const stored = jobsByName(secondary).get('Zoned')?.settings as JsonObject;
      ((stored.job_clusters as JsonObject[])[0].new_cluster as JsonObject).aws_attributes = {
        availability: 'SPOT_WITH_FALLBACK',
        zone_id: 'us-west-2a',
        first_on_demand: 1,
      };
      // A snapshot written before the service's defaults were answered leaves them out: not a change either.
      const older = await read('plain');
      const task = (older.tasks as JsonObject[])[0];
      delete task.run_if;
      delete task.email_notifications;
      delete task.timeout_seconds;
      const cluster = task.new_cluster as JsonObject;
      delete cluster.azure_attributes;
      delete cluster.data_security_mode;
      delete cluster.enable_elastic_disk;
      delete older.webhook_notifications;
      delete older.timeout_seconds;
      await fs.writeFile(path.join(dir, 'plain.json'), JSON.stringify(older, null, 2) + '\n');

      secondary.clearRequests();
      const second = await applyJobs(s, snapshotOf(repo));
      expect(second.plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('strips zones only, keeping the choices valid in every region', () => {
    const spec = {
      aws_attributes: { zone_id: 'eu-west-1b', availability: 'SPOT' },
      gcp_attributes: { zone_id: 'HA' },
    };
    expect(stripRegionPinned(spec)).toEqual(['aws_attributes.zone_id']);
    expect(spec).toEqual({ aws_attributes: { availability: 'SPOT' }, gcp_attributes: { zone_id: 'HA' } });
    const gcp = { gcp_attributes: { zone_id: 'us-central1-a', availability: 'PREEMPTIBLE_GCP' } };
    expect(stripRegionPinned(gcp)).toEqual(['gcp_attributes.zone_id']);
    expect(gcp.gcp_attributes).toEqual({ availability: 'PREEMPTIBLE_GCP' });
  });
});
