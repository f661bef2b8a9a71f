import type { Emulator } from '../../src/emulator/index.js';

/**
 * A cluster `shared-etl` (key shared_etl) and a job `Nightly` (key nightly) that runs a notebook on it: the
 * job's file references the cluster, `${resources.clusters.shared_etl.id}`.
 */
export function seedClusterAndJob(emulator: Emulator, notebookPath: string): void {
  const cluster = emulator.state.compute.createCluster({
    cluster_name: 'shared-etl',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 1,
  });
  emulator.state.jobs.create(
    {
      name: 'Nightly',
      max_concurrent_runs: 1,
      tasks: [
        {
          task_key: 'run',
          existing_cluster_id: cluster.cluster_id,
          notebook_task: { notebook_path: notebookPath },
        },
      ],
    },
    { singleTaskAllowed: false, creator: 'ana@contoso.com', createdTime: Date.UTC(2025, 0, 1) },
  );
}
