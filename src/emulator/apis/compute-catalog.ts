/**
 * What an emulated workspace offers to run compute on (reference §4): the node types of
 * clusters/list-node-types and the runtime versions of clusters/spark-versions. Cluster, pool and job
 * writes refuse any other value, as the service does, so a test can emulate a DR region that lacks a VM
 * size by removing it from one emulator's ComputeStore.nodeTypes.
 *
 * The tables hold Azure sizes and current runtimes, plus the AWS sizes and old runtimes that the shared
 * API fixtures (real-shaped answers) name, so that those round-trip between two emulators.
 */
import type { JsonObject } from '../../util/json.js';

interface NodeTypeRow {
  node_type_id: string;
  memory_mb: number;
  num_cores: number;
  category: string;
  num_gpus?: number;
}

const NODE_TYPE_ROWS: NodeTypeRow[] = [
  { node_type_id: 'Standard_DS3_v2', memory_mb: 14336, num_cores: 4, category: 'General Purpose' },
  { node_type_id: 'Standard_DS4_v2', memory_mb: 28672, num_cores: 8, category: 'General Purpose' },
  { node_type_id: 'Standard_DS5_v2', memory_mb: 57344, num_cores: 16, category: 'General Purpose' },
  { node_type_id: 'Standard_F4s', memory_mb: 8192, num_cores: 4, category: 'Compute Optimized' },
  { node_type_id: 'Standard_E8ds_v4', memory_mb: 65536, num_cores: 8, category: 'Memory Optimized' },
  {
    node_type_id: 'Standard_NC6s_v3',
    memory_mb: 114688,
    num_cores: 6,
    category: 'GPU Accelerated',
    num_gpus: 1,
  },
  // AWS sizes named by the fixtures.
  { node_type_id: 'i3.xlarge', memory_mb: 31232, num_cores: 4, category: 'Storage Optimized' },
  { node_type_id: 'i3.2xlarge', memory_mb: 62464, num_cores: 8, category: 'Storage Optimized' },
  { node_type_id: 'i3.4xlarge', memory_mb: 124928, num_cores: 16, category: 'Storage Optimized' },
  { node_type_id: 'c4.2xlarge', memory_mb: 15360, num_cores: 8, category: 'Compute Optimized' },
];

/** NodeType entries (§4.2) as list-node-types answers them. */
export function defaultNodeTypes(): JsonObject[] {
  return NODE_TYPE_ROWS.map((n) => ({
    node_type_id: n.node_type_id,
    instance_type_id: n.node_type_id,
    memory_mb: n.memory_mb,
    num_cores: n.num_cores,
    num_gpus: n.num_gpus ?? 0,
    description: n.node_type_id,
    category: n.category,
    is_deprecated: false,
    is_hidden: false,
    photon_driver_capable: !n.num_gpus,
    photon_worker_capable: !n.num_gpus,
    support_cluster_tags: true,
    support_port_forwarding: true,
  }));
}

/** `{key, name}` entries of spark-versions (§4; keys as the Go SDK's tests and the fixtures give them). */
export function defaultSparkVersions(): Array<{ key: string; name: string }> {
  return [
    { key: '16.4.x-scala2.12', name: '16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)' },
    { key: '16.4.x-photon-scala2.12', name: '16.4 LTS Photon (includes Apache Spark 3.5.2, Scala 2.12)' },
    { key: '15.4.x-scala2.12', name: '15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)' },
    { key: '15.4.x-photon-scala2.12', name: '15.4 LTS Photon (includes Apache Spark 3.5.0, Scala 2.12)' },
    { key: '15.4.x-cpu-ml-scala2.12', name: '15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)' },
    { key: '15.4.x-gpu-ml-scala2.12', name: '15.4 LTS ML (includes Apache Spark 3.5.0, GPU, Scala 2.12)' },
    { key: '13.3.x-scala2.12', name: '13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)' },
    { key: '12.2.x-scala2.12', name: '12.2 LTS (includes Apache Spark 3.3.2, Scala 2.12)' },
    { key: '12.2.x-photon-scala2.12', name: '12.2 LTS Photon (includes Apache Spark 3.3.2, Scala 2.12)' },
    // Old runtimes named by the fixtures.
    { key: '7.3.x-scala2.12', name: '7.3 LTS (includes Apache Spark 3.0.1, Scala 2.12)' },
    { key: '7.3.x-cpu-ml-scala2.12', name: '7.3 LTS ML (includes Apache Spark 3.0.1, Scala 2.12)' },
    { key: '6.4.x-scala2.11', name: '6.4 Extended Support (includes Apache Spark 2.4.5, Scala 2.11)' },
    { key: '5.5.x-scala2.11', name: '5.5 LTS (includes Apache Spark 2.4.3, Scala 2.11)' },
    { key: '5.4.x-scala2.11', name: '5.4 (includes Apache Spark 2.4.3, Scala 2.11)' },
  ];
}
