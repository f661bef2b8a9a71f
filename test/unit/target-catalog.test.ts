import { describe, expect, it } from '@jest/globals';
import { clustersKind } from '../../src/resources/clusters.js';
import { instancePoolsKind } from '../../src/resources/instance-pools.js';
import { jobsKind } from '../../src/resources/jobs.js';
import { pipelinesKind } from '../../src/resources/pipelines.js';
import { catalogsNeeded, unavailable, type Catalogs } from '../../src/resources/target-catalog.js';
import type { CatalogValue } from '../../src/resources/kind.js';
import type { JsonValue } from '../../src/util/json.js';

const values = (kind: { catalogValues?: (spec: JsonValue) => CatalogValue[] }, spec: JsonValue) =>
  (kind.catalogValues?.(spec) ?? []).map((v) => `${v.catalog} ${v.path}=${v.value}`);

describe('the values each compute kind needs the target to offer', () => {
  it('clusters: runtime, worker and driver node types; none of its own on a pool; auto: aliases never', () => {
    expect(
      values(clustersKind, {
        cluster_name: 'gpu',
        spark_version: '15.4.x-gpu-ml-scala2.12',
        node_type_id: 'Standard_NC6s_v3',
        driver_node_type_id: 'Standard_DS3_v2',
      }),
    ).toEqual([
      'spark_versions spark_version=15.4.x-gpu-ml-scala2.12',
      'node_types node_type_id=Standard_NC6s_v3',
      'node_types driver_node_type_id=Standard_DS3_v2',
    ]);
    expect(
      values(clustersKind, {
        cluster_name: 'pooled',
        spark_version: 'auto:latest-lts',
        instance_pool_id: '${resources.instance_pools.p.id}',
      }),
    ).toEqual([]);
    // Custom images are not checked (nothing says spark-versions lists them); photon runtimes are keys.
    expect(values(clustersKind, { spark_version: 'custom:custom-image__13.x' })).toEqual([]);
    expect(values(clustersKind, { spark_version: '15.4.x-photon-scala2.12' })).toEqual([
      'spark_versions spark_version=15.4.x-photon-scala2.12',
    ]);
  });

  it('instance pools: the node type and each preloaded runtime', () => {
    expect(
      values(instancePoolsKind, {
        instance_pool_name: 'p',
        node_type_id: 'Standard_DS4_v2',
        preloaded_spark_versions: ['12.2.x-photon-scala2.12'],
      }),
    ).toEqual([
      'node_types node_type_id=Standard_DS4_v2',
      'spark_versions preloaded_spark_versions[0]=12.2.x-photon-scala2.12',
    ]);
  });

  it('jobs: job clusters, task and for_each task new_clusters by key, and a legacy single-task job', () => {
    const cluster = (node: string) => ({ spark_version: '15.4.x-scala2.12', node_type_id: node });
    expect(
      values(jobsKind, {
        name: 'j',
        job_clusters: [{ job_cluster_key: 'main', new_cluster: cluster('A') }],
        tasks: [
          { task_key: 'one', new_cluster: cluster('B'), notebook_task: { notebook_path: '/a' } },
          {
            task_key: 'loop',
            for_each_task: { inputs: '[1]', task: { task_key: 'in', new_cluster: cluster('C') } },
          },
          { task_key: 'shared', existing_cluster_id: '${resources.clusters.c.id}' },
        ],
      }),
    ).toEqual([
      'spark_versions job_clusters[main].new_cluster.spark_version=15.4.x-scala2.12',
      'node_types job_clusters[main].new_cluster.node_type_id=A',
      'spark_versions tasks[one].new_cluster.spark_version=15.4.x-scala2.12',
      'node_types tasks[one].new_cluster.node_type_id=B',
      'spark_versions tasks[loop].for_each_task.task.new_cluster.spark_version=15.4.x-scala2.12',
      'node_types tasks[loop].for_each_task.task.new_cluster.node_type_id=C',
    ]);
    expect(
      values(jobsKind, { name: 'legacy', new_cluster: cluster('D'), notebook_task: { notebook_path: '/a' } }),
    ).toEqual([
      'spark_versions new_cluster.spark_version=15.4.x-scala2.12',
      'node_types new_cluster.node_type_id=D',
    ]);
  });

  it('pipelines: the node types of each cluster, by label; no runtime of their own', () => {
    expect(
      values(pipelinesKind, {
        name: 'dlt',
        clusters: [
          { label: 'default', node_type_id: 'Standard_F4s', driver_node_type_id: 'Standard_DS3_v2' },
          { label: 'maintenance', num_workers: 1 },
        ],
      }),
    ).toEqual([
      'node_types clusters[default].node_type_id=Standard_F4s',
      'node_types clusters[default].driver_node_type_id=Standard_DS3_v2',
    ]);
  });
});

describe('unavailable', () => {
  const want: CatalogValue[] = [
    { catalog: 'spark_versions', path: 'spark_version', value: '15.4.x-photon-scala2.12' },
    { catalog: 'node_types', path: 'node_type_id', value: 'Standard_NC6' },
    { catalog: 'node_types', path: 'driver_node_type_id', value: 'Standard_NC6' },
  ];

  it('names every value the target lacks with its field and the list, and only those', () => {
    const catalogs: Catalogs = {
      spark_versions: new Set(['15.4.x-photon-scala2.12']),
      node_types: new Set(['Standard_DS3_v2']),
    };
    expect(unavailable(want, catalogs)).toBe(
      "node_type_id 'Standard_NC6' is not offered by the target workspace (list-node-types); driver_node_type_id 'Standard_NC6' is not offered by the target workspace (list-node-types)",
    );
    expect(unavailable(want.slice(0, 1), catalogs)).toBeUndefined();
  });

  it('leaves the values of a list that could not be read unchecked', () => {
    expect(unavailable(want, { spark_versions: new Set(['16.4.x-scala2.12']) })).toBe(
      "spark_version '15.4.x-photon-scala2.12' is not offered by the target workspace (spark-versions)",
    );
    expect(unavailable(want, {})).toBeUndefined();
  });

  it('reads only the lists some value needs', () => {
    expect(catalogsNeeded([[], want.slice(1)])).toEqual(['node_types']);
    expect(catalogsNeeded([[], []])).toEqual([]);
  });
});
