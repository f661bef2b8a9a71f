/**
 * What an emulated workspace offers to run compute on (reference §4; databricks-sdk-go
 * service/compute/model.go): the node types of clusters/list-node-types and the runtime versions of
 * clusters/spark-versions. Cluster, pool and job writes refuse any other value, as the service does, so a
 * test can emulate a DR region that lacks a VM size by removing it from one emulator's
 * ComputeStore.nodeTypes.
 *
 * The lists are those of a current Azure workspace, so that real cluster specs can be seeded (issue 12
 * item 9). No recorded list-node-types or spark-versions answer of an Azure workspace was found in the
 * Databricks SDKs', CLI's or Terraform provider's tests, so they are assembled from Databricks-authored
 * sources: the node type ids are every Azure size of terraform-provider-databricks
 * exporter/node_type_mapping.json (@684f4424, the sizes Databricks maps between clouds) plus the NC GPU
 * series; cores and memory follow Azure's published size tables (learn.microsoft.com "Sizes for virtual
 * machines in Azure"), by series where the series is uniform. Runtimes are the LTS lines 10.4 to 17.3 in
 * their standard, Photon, ML and GPU ML variants, with the names spark-versions gives them (format as in
 * databricks-sdk-go service/compute ext_spark_version_test.go and terraform-provider-databricks
 * clusters/clusters_api_test.go). The AWS sizes and old runtimes that the shared API fixtures name are
 * kept, so that those round-trip between two emulators.
 */
import type { JsonObject } from '../../util/json.js';

/** Azure node type ids Databricks maps (terraform-provider-databricks exporter/node_type_mapping.json). */
const MAPPED_AZURE_SIZES = [
  'Standard_D128ds_v6',
  'Standard_D12_v2',
  'Standard_D13_v2',
  'Standard_D14_v2',
  'Standard_D16_v3',
  'Standard_D16a_v4',
  'Standard_D16ads_v5',
  'Standard_D16ads_v6',
  'Standard_D16as_v4',
  'Standard_D16as_v5',
  'Standard_D16d_v4',
  'Standard_D16ds_v4',
  'Standard_D16ds_v5',
  'Standard_D16ds_v6',
  'Standard_D16pds_v6',
  'Standard_D16plds_v6',
  'Standard_D16pls_v6',
  'Standard_D16ps_v6',
  'Standard_D16s_v3',
  'Standard_D16s_v4',
  'Standard_D16s_v5',
  'Standard_D2ads_v6',
  'Standard_D2ds_v6',
  'Standard_D32_v3',
  'Standard_D32a_v4',
  'Standard_D32ads_v5',
  'Standard_D32ads_v6',
  'Standard_D32as_v4',
  'Standard_D32as_v5',
  'Standard_D32d_v4',
  'Standard_D32ds_v4',
  'Standard_D32ds_v5',
  'Standard_D32ds_v6',
  'Standard_D32pds_v6',
  'Standard_D32plds_v6',
  'Standard_D32pls_v6',
  'Standard_D32ps_v6',
  'Standard_D32s_v3',
  'Standard_D32s_v4',
  'Standard_D32s_v5',
  'Standard_D3_v2',
  'Standard_D48a_v4',
  'Standard_D48ads_v5',
  'Standard_D48ads_v6',
  'Standard_D48as_v4',
  'Standard_D48as_v5',
  'Standard_D48d_v4',
  'Standard_D48ds_v4',
  'Standard_D48ds_v5',
  'Standard_D48ds_v6',
  'Standard_D48pds_v6',
  'Standard_D48plds_v6',
  'Standard_D48pls_v6',
  'Standard_D48ps_v6',
  'Standard_D48s_v4',
  'Standard_D48s_v5',
  'Standard_D4_v2',
  'Standard_D4a_v4',
  'Standard_D4ads_v5',
  'Standard_D4ads_v6',
  'Standard_D4as_v5',
  'Standard_D4d_v4',
  'Standard_D4ds_v4',
  'Standard_D4ds_v5',
  'Standard_D4ds_v6',
  'Standard_D4pds_v6',
  'Standard_D4plds_v6',
  'Standard_D4pls_v6',
  'Standard_D4ps_v6',
  'Standard_D4s_v3',
  'Standard_D4s_v4',
  'Standard_D4s_v5',
  'Standard_D5_v2',
  'Standard_D64_v3',
  'Standard_D64a_v4',
  'Standard_D64ads_v5',
  'Standard_D64ads_v6',
  'Standard_D64as_v4',
  'Standard_D64as_v5',
  'Standard_D64d_v4',
  'Standard_D64ds_v4',
  'Standard_D64ds_v5',
  'Standard_D64ds_v6',
  'Standard_D64pds_v6',
  'Standard_D64plds_v6',
  'Standard_D64pls_v6',
  'Standard_D64ps_v6',
  'Standard_D64s_v3',
  'Standard_D64s_v4',
  'Standard_D64s_v5',
  'Standard_D8_v3',
  'Standard_D8a_v4',
  'Standard_D8ads_v5',
  'Standard_D8ads_v6',
  'Standard_D8as_v4',
  'Standard_D8as_v5',
  'Standard_D8d_v4',
  'Standard_D8ds_v4',
  'Standard_D8ds_v5',
  'Standard_D8ds_v6',
  'Standard_D8pds_v6',
  'Standard_D8plds_v6',
  'Standard_D8pls_v6',
  'Standard_D8ps_v6',
  'Standard_D8s_v3',
  'Standard_D8s_v4',
  'Standard_D8s_v5',
  'Standard_D96a_v4',
  'Standard_D96ads_v5',
  'Standard_D96ads_v6',
  'Standard_D96as_v4',
  'Standard_D96as_v5',
  'Standard_D96ds_v5',
  'Standard_D96ds_v6',
  'Standard_D96pds_v6',
  'Standard_D96plds_v6',
  'Standard_D96pls_v6',
  'Standard_D96ps_v6',
  'Standard_D96s_v5',
  'Standard_DC16ads_v6',
  'Standard_DC16as_v5',
  'Standard_DC32ads_v6',
  'Standard_DC32as_v5',
  'Standard_DC48ads_v6',
  'Standard_DC4ads_v6',
  'Standard_DC4as_v5',
  'Standard_DC64ads_v6',
  'Standard_DC8ads_v6',
  'Standard_DC8as_v5',
  'Standard_DC96ads_v6',
  'Standard_DS12_v2',
  'Standard_DS13_v2',
  'Standard_DS14_v2',
  'Standard_DS3_v2',
  'Standard_DS4_v2',
  'Standard_DS5_v2',
  'Standard_E128ds_v6',
  'Standard_E16_v3',
  'Standard_E16a_v4',
  'Standard_E16ads_v5',
  'Standard_E16ads_v6',
  'Standard_E16as_v4',
  'Standard_E16as_v5',
  'Standard_E16d_v4',
  'Standard_E16ds_v4',
  'Standard_E16ds_v5',
  'Standard_E16ds_v6',
  'Standard_E16pds_v6',
  'Standard_E16ps_v6',
  'Standard_E16s_v3',
  'Standard_E16s_v4',
  'Standard_E16s_v5',
  'Standard_E2ads_v6',
  'Standard_E2ds_v6',
  'Standard_E2pds_v6',
  'Standard_E2ps_v6',
  'Standard_E32_v3',
  'Standard_E32a_v4',
  'Standard_E32ads_v5',
  'Standard_E32ads_v6',
  'Standard_E32as_v4',
  'Standard_E32as_v5',
  'Standard_E32d_v4',
  'Standard_E32ds_v4',
  'Standard_E32ds_v5',
  'Standard_E32ds_v6',
  'Standard_E32pds_v6',
  'Standard_E32ps_v6',
  'Standard_E32s_v3',
  'Standard_E32s_v4',
  'Standard_E32s_v5',
  'Standard_E48a_v4',
  'Standard_E48ads_v5',
  'Standard_E48ads_v6',
  'Standard_E48as_v4',
  'Standard_E48as_v5',
  'Standard_E48d_v4',
  'Standard_E48ds_v4',
  'Standard_E48ds_v5',
  'Standard_E48ds_v6',
  'Standard_E48pds_v6',
  'Standard_E48ps_v6',
  'Standard_E48s_v4',
  'Standard_E48s_v5',
  'Standard_E4a_v4',
  'Standard_E4ads_v5',
  'Standard_E4ads_v6',
  'Standard_E4as_v4',
  'Standard_E4as_v5',
  'Standard_E4d_v4',
  'Standard_E4ds_v4',
  'Standard_E4ds_v5',
  'Standard_E4ds_v6',
  'Standard_E4pds_v6',
  'Standard_E4ps_v6',
  'Standard_E4s_v4',
  'Standard_E4s_v5',
  'Standard_E64_v3',
  'Standard_E64a_v4',
  'Standard_E64ads_v5',
  'Standard_E64ads_v6',
  'Standard_E64as_v4',
  'Standard_E64as_v5',
  'Standard_E64d_v4',
  'Standard_E64ds_v4',
  'Standard_E64ds_v5',
  'Standard_E64ds_v6',
  'Standard_E64pds_v6',
  'Standard_E64ps_v6',
  'Standard_E64s_v3',
  'Standard_E64s_v4',
  'Standard_E64s_v5',
  'Standard_E8_v3',
  'Standard_E8a_v4',
  'Standard_E8ads_v5',
  'Standard_E8ads_v6',
  'Standard_E8as_v4',
  'Standard_E8as_v5',
  'Standard_E8d_v4',
  'Standard_E8ds_v4',
  'Standard_E8ds_v5',
  'Standard_E8ds_v6',
  'Standard_E8pds_v6',
  'Standard_E8ps_v6',
  'Standard_E8s_v3',
  'Standard_E8s_v4',
  'Standard_E8s_v5',
  'Standard_E96a_v4',
  'Standard_E96ads_v5',
  'Standard_E96ads_v6',
  'Standard_E96as_v4',
  'Standard_E96as_v5',
  'Standard_E96ds_v5',
  'Standard_E96ds_v6',
  'Standard_E96pds_v6',
  'Standard_E96ps_v6',
  'Standard_E96s_v5',
  'Standard_EC16ads_v5',
  'Standard_EC16ads_v6',
  'Standard_EC16as_v5',
  'Standard_EC32ads_v5',
  'Standard_EC32ads_v6',
  'Standard_EC32as_v5',
  'Standard_EC48ads_v6',
  'Standard_EC4ads_v6',
  'Standard_EC64ads_v6',
  'Standard_EC8ads_v5',
  'Standard_EC8ads_v6',
  'Standard_EC8as_v5',
  'Standard_EC96ads_v6',
  'Standard_F16',
  'Standard_F16s',
  'Standard_F16s_v2',
  'Standard_F32s_v2',
  'Standard_F4',
  'Standard_F4s',
  'Standard_F4s_v2',
  'Standard_F64s_v2',
  'Standard_F72s_v2',
  'Standard_F8',
  'Standard_F8s',
  'Standard_F8s_v2',
  'Standard_H16',
  'Standard_H8',
  'Standard_L16as_v3',
  'Standard_L16s_v2',
  'Standard_L16s_v3',
  'Standard_L32as_v3',
  'Standard_L32s_v2',
  'Standard_L32s_v3',
  'Standard_L48as_v3',
  'Standard_L48s_v3',
  'Standard_L64as_v3',
  'Standard_L64s_v2',
  'Standard_L64s_v3',
  'Standard_L80as_v3',
  'Standard_L80s_v2',
  'Standard_L80s_v3',
  'Standard_L8as_v3',
  'Standard_L8s_v2',
  'Standard_L8s_v3',
];

interface NodeTypeRow {
  node_type_id: string;
  memory_mb: number;
  num_cores: number;
  category: string;
  num_gpus?: number;
}

const GIB = 1024;

/** Sizes whose memory is not their series' per-core rule (Azure size tables). */
const MEMORY_GIB: Record<string, number> = {
  Standard_E64_v3: 432,
  Standard_E64s_v3: 432,
  Standard_E64d_v4: 504,
  Standard_E64ds_v4: 504,
  Standard_E64s_v4: 504,
  Standard_E96as_v5: 672,
  Standard_E96ads_v5: 672,
  Standard_E96ds_v5: 672,
  Standard_E96s_v5: 672,
  Standard_E96a_v4: 672,
  Standard_E96as_v4: 672,
  Standard_F72s_v2: 144,
  Standard_EC96ads_v6: 672,
};

/** The GPU sizes Databricks offers on Azure (NC series): cores, memory in GiB, GPUs. */
const GPU_SIZES: Array<[string, number, number, number]> = [
  ['Standard_NC4as_T4_v3', 4, 28, 1],
  ['Standard_NC8as_T4_v3', 8, 56, 1],
  ['Standard_NC16as_T4_v3', 16, 110, 1],
  ['Standard_NC64as_T4_v3', 64, 440, 4],
  ['Standard_NC6s_v3', 6, 112, 1],
  ['Standard_NC12s_v3', 12, 224, 2],
  ['Standard_NC24s_v3', 24, 448, 4],
  ['Standard_NC24ads_A100_v4', 24, 220, 1],
  ['Standard_NC48ads_A100_v4', 48, 440, 2],
  ['Standard_NC96ads_A100_v4', 96, 880, 4],
];

/**
 * The Dv2/DSv2 sizes, whose digits are a size number, not their cores: cores, memory in GiB (3-5 general
 * purpose, 12-14 memory optimized).
 */
const V2_SIZES: Record<string, [number, number]> = {
  3: [4, 14],
  4: [8, 28],
  5: [16, 56],
  12: [4, 28],
  13: [8, 56],
  14: [16, 112],
};

/**
 * Cores, memory and category of an Azure size from its name (`Standard_<series><cores><features>_v<n>`):
 * D and DC 4 GiB a core (2 with the `l` feature), E and EC 8, F 2, L 8, H 7. Pure.
 */
function azureRow(id: string): NodeTypeRow {
  const m = /^Standard_([A-Z]+?)(\d+)([a-z]*)(?:_v(\d))?$/.exec(id);
  if (!m) throw new Error(`not an Azure size name: ${id}`);
  const [, series, digits, features, version] = m;
  const v2 = (series === 'D' || series === 'DS') && version === '2' ? V2_SIZES[digits] : undefined;
  if (v2)
    return {
      node_type_id: id,
      num_cores: v2[0],
      memory_mb: v2[1] * GIB,
      category: Number(digits) >= 12 ? 'Memory Optimized' : 'General Purpose',
    };
  const cores = Number(digits);
  const family = series.replace(/^([A-Z])C$/, '$1');
  const perCore =
    family === 'E' || family === 'L'
      ? 8
      : family === 'F'
        ? 2
        : family === 'H'
          ? 7
          : features.includes('l')
            ? 2
            : 4;
  const category =
    family === 'E'
      ? 'Memory Optimized'
      : family === 'F' || family === 'H'
        ? 'Compute Optimized'
        : family === 'L'
          ? 'Storage Optimized'
          : 'General Purpose';
  return {
    node_type_id: id,
    num_cores: cores,
    memory_mb: (MEMORY_GIB[id] ?? cores * perCore) * GIB,
    category,
  };
}

const NODE_TYPE_ROWS: NodeTypeRow[] = [
  ...MAPPED_AZURE_SIZES.map(azureRow),
  // Still offered, and named by the project's older samples and tests.
  ...['Standard_F4s', 'Standard_F8s', 'Standard_F16s']
    .filter((id) => !MAPPED_AZURE_SIZES.includes(id))
    .map(azureRow),
  ...GPU_SIZES.map(([node_type_id, num_cores, gib, num_gpus]) => ({
    node_type_id,
    num_cores,
    memory_mb: gib * GIB,
    category: 'GPU Accelerated',
    num_gpus,
  })),
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

/** LTS lines: version, Apache Spark version, Scala version. */
const LTS: Array<[string, string, string]> = [
  ['17.3', '4.0.0', '2.13'],
  ['16.4', '3.5.2', '2.12'],
  ['15.4', '3.5.0', '2.12'],
  ['14.3', '3.5.0', '2.12'],
  ['13.3', '3.4.1', '2.12'],
  ['12.2', '3.3.2', '2.12'],
  ['11.3', '3.3.0', '2.12'],
  ['10.4', '3.2.1', '2.12'],
];

/** `{key, name}` entries of spark-versions (§4): each LTS line in its four variants, and the old ones. */
export function defaultSparkVersions(): Array<{ key: string; name: string }> {
  const out: Array<{ key: string; name: string }> = [];
  for (const [v, spark, scala] of LTS) {
    const s = `scala${scala}`;
    const includes = (extra = '') => `(includes Apache Spark ${spark}${extra}, Scala ${scala})`;
    out.push(
      { key: `${v}.x-${s}`, name: `${v} LTS ${includes()}` },
      { key: `${v}.x-photon-${s}`, name: `${v} LTS Photon ${includes()}` },
      { key: `${v}.x-cpu-ml-${s}`, name: `${v} LTS ML ${includes()}` },
      { key: `${v}.x-gpu-ml-${s}`, name: `${v} LTS ML ${includes(', GPU')}` },
    );
  }
  // 16.4 is also built for Scala 2.13.
  out.push({ key: '16.4.x-scala2.13', name: '16.4 LTS (includes Apache Spark 3.5.2, Scala 2.13)' });
  out.push(
    // Old runtimes named by the fixtures.
    { key: '7.3.x-scala2.12', name: '7.3 LTS (includes Apache Spark 3.0.1, Scala 2.12)' },
    { key: '7.3.x-cpu-ml-scala2.12', name: '7.3 LTS ML (includes Apache Spark 3.0.1, Scala 2.12)' },
    { key: '6.4.x-scala2.11', name: '6.4 Extended Support (includes Apache Spark 2.4.5, Scala 2.11)' },
    { key: '5.5.x-scala2.11', name: '5.5 LTS (includes Apache Spark 2.4.3, Scala 2.11)' },
    { key: '5.4.x-scala2.11', name: '5.4 (includes Apache Spark 2.4.3, Scala 2.11)' },
  );
  return out;
}
