/**
 * Seeds an emulated primary for the benchmark: notebooks of realistic sizes spread over many folders, a
 * few workspace files, jobs that run those notebooks and interactive clusters. Deterministic (seeded).
 */
import type { Emulator } from '../emulator/index.js';
import { Prng } from '../emulator/random.js';
import type { JsonObject } from '../util/json.js';

export interface SeedOptions {
  notebooks: number;
  jobs: number;
  clusters: number;
  /** Mean notebook size in bytes (default 50 KB). */
  meanBytes?: number;
  /** Notebooks per folder (default 40). */
  perFolder?: number;
  seed?: number;
}

export interface Seeded {
  notebooks: string[];
  files: string[];
  jobs: number;
  clusters: number;
  contentBytes: number;
  /** Objects that export writes one file for: notebooks, files, jobs, clusters. */
  objects: number;
}

const CELLS = [
  'df = spark.read.format("delta").load("/mnt/lake/{t}")\ndf = df.filter(df.amount > {n}).dropDuplicates(["id"])\n',
  'from pyspark.sql import functions as F\n\nagg = (df.groupBy("customer_id", "day")\n  .agg(F.sum("amount").alias("total"), F.count("*").alias("n")))\n',
  '# MAGIC %md\n# MAGIC ## Step {n}: {t}\n# MAGIC Cleans the landed records and writes the curated table.\n',
  'def normalize_{t}(row):\n    value = (row.get("value") or "").strip().lower()\n    return {{"id": row["id"], "value": value, "n": {n}}}\n',
  'spark.sql("""\n  MERGE INTO curated.{t} AS t USING staged AS s ON t.id = s.id\n  WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *\n""")\n',
  'display(spark.table("curated.{t}").where("day >= current_date() - {n}").limit(1000))\n',
  'for i in range({n}):\n    batch = source.read_batch(i)\n    writer.append(batch.transform(normalize))\n',
];
const TABLES = ['orders', 'customers', 'payments', 'events', 'sessions', 'inventory', 'shipments', 'returns'];

/** SOURCE text of about `bytes` bytes (before the header). */
function notebookSource(prng: Prng, bytes: number, id: number): string {
  const parts: string[] = [`# notebook ${id}\n`];
  let size = parts[0].length;
  while (size < bytes) {
    const cell = prng
      .pick(CELLS)
      .replace(/\{t\}/g, prng.pick(TABLES))
      .replace(/\{n\}/g, String(prng.int(1, 10_000)));
    const text = `${cell}\n# COMMAND ----------\n\n`;
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

/** Sizes: 95% between 0.4x and 1.4x the mean, 5% between 2x and 4x (the big ones): mean about `mean`. */
function sizeOf(prng: Prng, mean: number): number {
  return prng.next() < 0.95
    ? prng.int(Math.round(mean * 0.4), Math.round(mean * 1.4))
    : prng.int(mean * 2, mean * 4);
}

export function seedBenchWorkspace(emulator: Emulator, options: SeedOptions): Seeded {
  const prng = new Prng(options.seed ?? 7);
  const mean = options.meanBytes ?? 50 * 1024;
  const perFolder = options.perFolder ?? 40;
  const ws = emulator.state.workspace;
  const notebooks: string[] = [];
  const files: string[] = [];
  let contentBytes = 0;
  const users = Math.max(1, Math.ceil(options.notebooks / (perFolder * 5)));
  for (let i = 0; i < options.notebooks; i++) {
    const folder = Math.floor(i / perFolder);
    const user = folder % users;
    const base =
      folder % 7 === 0
        ? `/Shared/team-${folder % 13}/pipeline-${folder}`
        : `/Users/user${user}@corp.example/project-${folder % 5}/area-${folder}`;
    const path = `${base}/nb_${String(i).padStart(5, '0')}`;
    const source = notebookSource(prng, sizeOf(prng, mean), i);
    ws.putNotebook(path, 'PYTHON', source);
    contentBytes += source.length;
    notebooks.push(path);
    // One workspace file per 50 notebooks (helpers, small data).
    if (i % 50 === 49) {
      const file = `${base}/helpers_${i}.py`;
      const text = `def helper_${i}(x):\n    return x * ${i}\n`;
      ws.putFile(file, text);
      files.push(file);
      contentBytes += text.length;
    }
  }
  const state = emulator.state as unknown as Partial<{
    jobs: { create(settings: JsonObject, options: { singleTaskAllowed: boolean }): unknown };
    compute: { createCluster(body: JsonObject): unknown };
  }>;
  let jobs = 0;
  let clusters = 0;
  if (state.compute) {
    for (let i = 0; i < options.clusters; i++) {
      state.compute.createCluster({
        cluster_name: `bench-cluster-${String(i).padStart(3, '0')}`,
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1 + (i % 8),
        autotermination_minutes: 30 + (i % 4) * 15,
        spark_conf: { 'spark.sql.shuffle.partitions': String(8 * (1 + (i % 16))) },
        custom_tags: { team: `team-${i % 10}` },
      });
      clusters++;
    }
  }
  if (state.jobs && notebooks.length) {
    for (let i = 0; i < options.jobs; i++) {
      const nb = notebooks[(i * 7919) % notebooks.length];
      const second = notebooks[(i * 104_729 + 1) % notebooks.length];
      state.jobs.create(
        {
          name: `bench-job-${String(i).padStart(4, '0')}`,
          job_clusters: [
            {
              job_cluster_key: 'main',
              new_cluster: {
                spark_version: '15.4.x-scala2.12',
                node_type_id: 'Standard_DS3_v2',
                num_workers: 2,
              },
            },
          ],
          tasks: [
            { task_key: 'ingest', job_cluster_key: 'main', notebook_task: { notebook_path: nb } },
            {
              task_key: 'transform',
              depends_on: [{ task_key: 'ingest' }],
              job_cluster_key: 'main',
              notebook_task: { notebook_path: second, base_parameters: { run: String(i) } },
            },
          ],
          max_concurrent_runs: 1,
          tags: { bench: 'true' },
        },
        { singleTaskAllowed: false },
      );
      jobs++;
    }
  }
  return {
    notebooks,
    files,
    jobs,
    clusters,
    contentBytes,
    objects: notebooks.length + files.length + jobs + clusters,
  };
}

/** Changes `fraction` of the notebooks (a new cell appended): the "1% changed" scenario. */
export function touchNotebooks(emulator: Emulator, notebooks: string[], fraction: number, seed = 11): number {
  const prng = new Prng(seed);
  const n = Math.max(1, Math.round(notebooks.length * fraction));
  const step = Math.max(1, Math.floor(notebooks.length / n));
  let changed = 0;
  for (let i = 0; i < notebooks.length && changed < n; i += step) {
    const path = notebooks[i];
    const current = emulator.state.workspace.get(path);
    const body = current?.content ? current.content.toString('utf8') : '';
    emulator.state.workspace.putNotebook(
      path,
      'PYTHON',
      `${body}\n# COMMAND ----------\n\nprint(${prng.int(0, 1e9)})\n`,
    );
    changed++;
  }
  return changed;
}
