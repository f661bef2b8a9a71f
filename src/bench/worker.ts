/**
 * One benchmark scenario (an export or an apply) run in its own process, so that its peak memory is the
 * tool's alone and not the emulators' (they hold the whole workspace in the parent).
 */
import { readFile } from 'node:fs/promises';
import { DatabricksClient, type ClientStats } from '../databricks/client.js';
import { runApply } from '../modes/apply.js';
import { runExport } from '../modes/export.js';
import { RunReport } from '../report/report.js';
import { parseSettings } from '../settings.js';
import { SnapshotSource } from '../snapshot/source.js';
import { silentLog } from '../util/log.js';

export interface BenchJob {
  op: 'export' | 'apply';
  host: string;
  token: string;
  concurrency: number;
  /** Client-side rate limit (requests per second); undefined = none. */
  rateLimit?: number;
  /**
   * Pace each per-endpoint budget of the workspace (DATABRICKS_ENDPOINT_LIMITS) client-side, `rateLimit`
   * standing for the default budget: a run told the workspace's limits.
   */
  paceEndpoints?: boolean;
  /** Requests the client lets through at once before pacing (the emulators' burst). */
  rateBurst?: number;
  repoDir: string;
  /** apply: the snapshot folder. */
  snapshotDir?: string;
  /** export: settings inputs (commit, push, path...). */
  inputs?: Record<string, string>;
}

export interface BenchJobResult {
  ok: boolean;
  error?: string;
  wallMs: number;
  stats: ClientStats;
  peakRssBytes: number;
  peakHeapBytes: number;
  /** export: objects written/unchanged; apply: created/updated/failed. */
  counts: Record<string, number>;
  planLine?: string;
}

/** VmHWM of /proc/self/status (Linux: the peak resident set of this process's memory), 0 elsewhere. */
async function kernelPeakRss(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs one job in this process, sampling memory every 20 ms. */
export async function runBenchJob(job: BenchJob): Promise<BenchJobResult> {
  const client = new DatabricksClient({
    host: job.host,
    credentials: { headers: async () => ({ Authorization: `Bearer ${job.token}` }) },
    concurrency: job.concurrency,
    rateLimit: job.rateLimit,
    paceEndpoints: job.paceEndpoints,
    rateBurst: job.rateBurst,
    log: silentLog,
  });
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const started = performance.now();
  const result: BenchJobResult = {
    ok: true,
    wallMs: 0,
    stats: client.stats,
    peakRssBytes: 0,
    peakHeapBytes: 0,
    counts: {},
  };
  try {
    if (job.op === 'export') {
      const settings = parseSettings(
        (name) => ({ mode: 'export', commit: 'true', push: 'false', ...job.inputs })[name],
        job.repoDir,
      );
      const exported = await runExport(settings, { client, log: silentLog });
      result.counts = {
        exported: exported.report.total('exported'),
        unchanged: exported.report.total('unchanged'),
        skipped: exported.report.total('skipped'),
        changedFiles: exported.changes.files.length,
      };
    } else {
      const snapshot = await SnapshotSource.fromDirectory(job.snapshotDir ?? '');
      const report = new RunReport();
      const applied = await runApply(
        snapshot,
        { client, log: silentLog, report },
        {
          prune: false,
          allowReplace: false,
          dryRun: false,
          startClusters: false,
          permissions: job.inputs?.permissions === 'none' ? 'none' : 'all',
        },
      );
      result.counts = {
        created: report.total('created'),
        updated: report.total('updated'),
        failed: applied.failed,
      };
      result.planLine = applied.plan.line;
    }
  } catch (error) {
    result.ok = false;
    result.error = (error as Error).message.split('\n')[0];
  } finally {
    clearInterval(sampler);
  }
  result.wallMs = performance.now() - started;
  // The kernel's own peak of this process (sampling can miss one). Not getrusage's maxRSS: Linux carries
  // it over from the parent through fork and exec, so it reports the bench process holding the emulators.
  result.peakRssBytes = Math.max(peakRss, await kernelPeakRss());
  result.peakHeapBytes = peakHeap;
  result.stats = { ...client.stats };
  return result;
}

/** The `bench-worker` command: reads one job from the parent over IPC, answers with the result. */
export function serveBenchWorker(): Promise<number> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve(2);
      return;
    }
    process.once('message', (message) => {
      void runBenchJob(message as BenchJob).then((result) => {
        process.send?.(result, () => resolve(result.ok ? 0 : 1));
      });
    });
  });
}
