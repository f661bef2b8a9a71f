/**
 * `databricks-dr bench`: seeds emulated workspaces in this process (with per-request latency and a rate
 * limit), runs every scenario in a child process (its memory is the tool's alone) and measures wall time,
 * requests (the emulator's record and the client's stats), requests per object and peak memory. Prints a
 * table, writes JSON and checks the targets of issue 7.
 */
import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATABRICKS_ENDPOINT_LIMITS, type EndpointLimit } from '../databricks/rate-limits.js';
import { makeRepoWithRemote } from '../demo/demo.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { KINDS } from '../resources/registry.js';
import { stableJson } from '../util/json.js';
import { seedBenchWorkspace, touchNotebooks, type Seeded } from './seed.js';
import { runBenchJob, type BenchJob, type BenchJobResult } from './worker.js';

export interface BenchOptions {
  notebooks: number[];
  jobs: number;
  clusters: number;
  latencyMs: number;
  /**
   * The emulators' rate limit (requests per second) for the endpoints without a budget of their own; the
   * client is told the same limits.
   */
  rps: number;
  /**
   * Give the endpoints the reference names their own budgets (DATABRICKS_ENDPOINT_LIMITS: workspace
   * export 60/s, import 30/s, permissions 100/s, ...), as a workspace does. Default true; false puts every
   * request in one bucket of `rps`.
   */
  perEndpoint?: boolean;
  burst: number;
  concurrency: number;
  /** Also run the full export one request at a time (the older tools' way). */
  baseline: boolean;
  out: string;
  /** Run scenarios in this process (no child): memory figures then include the emulators. */
  inProcess?: boolean;
  print: (line: string) => void;
}

export interface ScenarioResult extends BenchJobResult {
  scenario: string;
  /** Requests the emulator recorded (429s and retries included). */
  emulatorRequests: number;
  throttled: number;
  requestsPerObject: number;
  /** Emulator requests by API path, the largest first. */
  byPath: Record<string, number>;
}

export interface SizeResult {
  notebooks: number;
  seeded: Omit<Seeded, 'notebooks' | 'files'> & { files: number };
  /**
   * The fastest a full export can be under the rate limits, in seconds: the busiest budget's minimum
   * requests (one per object it must serve) over its rate.
   */
  floorSeconds: number;
  /** That budget, e.g. 'workspace/export: 10006 requests at 60/s'. */
  floorBudget: string;
  /** Reading every exported object's permissions (one request each) under the Permissions API budget. */
  permissionsFloorSeconds?: number;
  scenarios: ScenarioResult[];
}

export interface TargetCheck {
  target: string;
  value: number;
  limit: number;
  pass: boolean;
}

export interface BenchReport {
  generatedAt: string;
  node: string;
  kinds: string[];
  options: Omit<BenchOptions, 'print' | 'out'>;
  sizes: SizeResult[];
  targets: TargetCheck[];
}

const MB = 1024 * 1024;

function runJob(job: BenchJob, inProcess: boolean): Promise<BenchJobResult> {
  if (inProcess) return runBenchJob(job);
  return new Promise((resolve, reject) => {
    const script = process.argv[1];
    const child = fork(script, ['bench-worker'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')),
    });
    let answered = false;
    child.once('message', (message) => {
      answered = true;
      resolve(message as BenchJobResult);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`the bench worker exited with ${code} without an answer`));
    });
    child.send(job);
  });
}

/** The emulator keeps every request body; import bodies of a full apply would take gigabytes. */
function dropBodies(emulators: Emulator[]): NodeJS.Timeout {
  return setInterval(() => {
    for (const e of emulators) for (const r of e.requests) if (r.body !== undefined) r.body = undefined;
  }, 200);
}

async function scenario(
  name: string,
  emulator: Emulator,
  job: BenchJob,
  objects: number,
  inProcess: boolean,
): Promise<ScenarioResult> {
  emulator.clearRequests();
  const result = await runJob(job, inProcess);
  const byPath: Record<string, number> = {};
  for (const r of emulator.requests) byPath[r.path] = (byPath[r.path] ?? 0) + 1;
  const sorted = Object.fromEntries(Object.entries(byPath).sort((a, b) => b[1] - a[1]));
  const emulatorRequests = emulator.requests.length;
  return {
    scenario: name,
    ...result,
    emulatorRequests,
    throttled: emulator.requests.filter((r) => r.status === 429).length,
    requestsPerObject: objects ? emulatorRequests / objects : 0,
    byPath: sorted,
  };
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { print } = options;
  const inProcess = options.inProcess ?? false;
  const sizes: SizeResult[] = [];
  const perEndpoint = options.perEndpoint ?? true;
  const endpoints = perEndpoint ? DATABRICKS_ENDPOINT_LIMITS : undefined;
  const faults = {
    latencyMs: options.latencyMs,
    rateLimit: { rps: options.rps, burst: options.burst, endpoints },
  };
  for (const n of options.notebooks) {
    print(`seeding ${n} notebooks, ${options.jobs} jobs, ${options.clusters} clusters...`);
    const primary = await startEmulator({ seed: 1, faults });
    const secondary = await startEmulator({ seed: 1001, faults });
    const dropper = dropBodies([primary, secondary]);
    const base = await fs.mkdtemp(path.join(os.tmpdir(), `databricks-dr-bench-${n}-`));
    try {
      const seeded = seedBenchWorkspace(primary, {
        notebooks: n,
        jobs: options.jobs,
        clusters: options.clusters,
      });
      const { repo } = await makeRepoWithRemote(path.join(base, 'a'));
      const common = {
        token: primary.token,
        concurrency: options.concurrency,
        rateLimit: options.rps,
        paceEndpoints: perEndpoint,
        rateBurst: options.burst,
        repoDir: repo,
      };
      const exportJob: BenchJob = { ...common, op: 'export', host: primary.url };
      const results: ScenarioResult[] = [];
      const run = async (name: string, target: Emulator, job: BenchJob) => {
        print(`  ${name}...`);
        const r = await scenario(name, target, job, seeded.objects, inProcess);
        if (!r.ok) print(`  ${name} FAILED: ${r.error}`);
        results.push(r);
      };
      await run('export: full', primary, exportJob);
      await run('export: nothing changed', primary, exportJob);
      // Permissions have no change signal: a run that records them reads every ACL. Measured apart.
      await run('export: nothing changed, permissions none', primary, {
        ...exportJob,
        inputs: { permissions: 'none' },
      });
      const touched = touchNotebooks(primary, seeded.notebooks, 0.01);
      await run(`export: 1% changed (${touched})`, primary, exportJob);
      const applyJob: BenchJob = {
        ...common,
        op: 'apply',
        host: secondary.url,
        token: secondary.token,
        snapshotDir: path.join(repo, 'databricks'),
      };
      await run('apply: full, empty target', secondary, applyJob);
      await run('apply: nothing changed', secondary, applyJob);
      await run('apply: nothing changed, permissions none', secondary, {
        ...applyJob,
        inputs: { permissions: 'none' },
      });
      if (options.baseline) {
        const { repo: repo1 } = await makeRepoWithRemote(path.join(base, 'b'));
        await run('export: full, concurrency 1', primary, {
          ...exportJob,
          concurrency: 1,
          rateLimit: undefined,
          paceEndpoints: false,
          repoDir: repo1,
        });
      }
      sizes.push({
        notebooks: n,
        seeded: {
          files: seeded.files.length,
          jobs: seeded.jobs,
          clusters: seeded.clusters,
          contentBytes: seeded.contentBytes,
          objects: seeded.objects,
        },
        ...exportFloor(seeded, options.rps, endpoints),
        scenarios: results,
      });
    } finally {
      clearInterval(dropper);
      await primary.stop();
      await secondary.stop();
      await fs.rm(base, { recursive: true, force: true });
    }
  }
  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    kinds: KINDS.map((k) => k.name),
    options: {
      notebooks: options.notebooks,
      jobs: options.jobs,
      clusters: options.clusters,
      latencyMs: options.latencyMs,
      rps: options.rps,
      burst: options.burst,
      perEndpoint,
      concurrency: options.concurrency,
      baseline: options.baseline,
      inProcess,
    },
    sizes,
    targets: checkTargets(sizes),
  };
  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, stableJson(report));
  for (const line of renderTable(report)) print(line);
  print(`written to ${options.out}`);
  return report;
}

/**
 * The floor of a full export: every budget must serve at least one request per object it covers
 * (contents through workspace export, every object's permissions, one read per job and cluster through the
 * default budget); the busiest one sets the pace. With one bucket for everything it is objects / rps.
 */
export function exportFloor(
  seeded: Pick<Seeded, 'objects' | 'jobs' | 'clusters'> & { notebooks: unknown[]; files: unknown[] },
  rps: number,
  endpoints: readonly EndpointLimit[] | undefined,
): { floorSeconds: number; floorBudget: string; permissionsFloorSeconds: number } {
  const contents = seeded.notebooks.length + seeded.files.length;
  const rate = (name: string) => endpoints?.find((e) => e.name === name)?.rps;
  const budgets: Array<[string, number, number]> = endpoints
    ? [
        ['workspace/export', contents, rate('workspace/export') ?? rps],
        ['permissions read', seeded.objects, rate('permissions read') ?? rps],
        ['default', seeded.jobs + seeded.clusters, rps],
      ]
    : [['one bucket', seeded.objects, rps]];
  const [name, requests, r] = budgets.reduce((a, b) => (b[1] / b[2] > a[1] / a[2] ? b : a));
  return {
    floorSeconds: requests / r,
    floorBudget: `${name}: ${requests} requests at ${Math.round(r * 10) / 10}/s`,
    permissionsFloorSeconds: seeded.objects / (rate('permissions read') ?? rps),
  };
}

function find(size: SizeResult, prefix: string): ScenarioResult | undefined {
  return size.scenarios.find((s) => s.scenario.startsWith(prefix));
}

/**
 * The targets of issue 7. Permissions have no change signal in the API (a grant changes no modification
 * time), so a run that records them reads every object's ACL: "nothing changed" runs are held to 5% of the
 * full run with `permissions: none` (no unchanged content or config is fetched), and with permissions read
 * to the floor of those reads under the Permissions API's own budget (apply reads the target's grants of
 * every object the snapshot covers, so that a grant revoked in the primary is revoked in the target too).
 */
export function checkTargets(sizes: SizeResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  for (const size of sizes) {
    const n = size.notebooks;
    const full = find(size, 'export: full');
    const applyFull = find(size, 'apply: full');
    const ok = (...s: Array<ScenarioResult | undefined>) => s.every((x) => x?.ok);
    const floorRatio = (label: string, run: ScenarioResult | undefined, floorSeconds: number | undefined) => {
      if (!run || !ok(run) || !floorSeconds) return;
      const ratio = run.wallMs / 1000 / floorSeconds;
      out.push({ target: `${n}: ${label}`, value: round(ratio), limit: 1.2, pass: ratio <= 1.2 });
    };
    const noopRatio = (label: string, fullRun?: ScenarioResult, noopRun?: ScenarioResult) => {
      if (!fullRun || !noopRun || !ok(fullRun, noopRun)) return;
      const ratio = noopRun.wallMs / fullRun.wallMs;
      out.push({ target: `${n}: ${label}`, value: round(ratio), limit: 0.05, pass: ratio <= 0.05 });
    };
    floorRatio('full export / rate-limit floor', full, size.floorSeconds);
    noopRatio(
      'no-op export (permissions none) / full export',
      full,
      find(size, 'export: nothing changed, permissions none'),
    );
    floorRatio(
      'no-op export (permissions read) / permission-read floor',
      find(size, 'export: nothing changed'),
      size.permissionsFloorSeconds,
    );
    noopRatio(
      'no-op apply (permissions none) / full apply',
      applyFull,
      find(size, 'apply: nothing changed, permissions none'),
    );
    floorRatio(
      'no-op apply (permissions read) / permission-read floor',
      find(size, 'apply: nothing changed'),
      size.permissionsFloorSeconds,
    );
    for (const s of size.scenarios.filter((x) => x.ok)) {
      const mb = s.peakRssBytes / MB;
      out.push({
        target: `${n}: peak RSS MB, ${s.scenario}`,
        value: Math.round(mb),
        limit: 300,
        pass: mb < 300,
      });
    }
    for (const s of size.scenarios.filter((x) => !x.ok))
      out.push({ target: `${n}: ${s.scenario} completes`, value: 0, limit: 1, pass: false });
  }
  return out;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function renderTable(report: BenchReport): string[] {
  const lines: string[] = [];
  const o = report.options;
  lines.push(
    '',
    `kinds: ${report.kinds.join(', ')}; latency ${o.latencyMs} ms, rate limit ${o.rps}/s (burst ${o.burst})` +
      `${o.perEndpoint === false ? '' : ' and per-endpoint budgets'}, concurrency ${o.concurrency}`,
  );
  const head = ['scenario', 'wall s', 'emu req', 'client', 'retries', '429s', 'req/obj', 'RSS MB', 'heap MB'];
  const widths = [40, 8, 8, 8, 8, 6, 8, 8, 8];
  for (const size of report.sizes) {
    const s = size.seeded;
    lines.push(
      '',
      `${size.notebooks} notebooks, ${s.files} files, ${s.jobs} jobs, ${s.clusters} clusters = ${s.objects} objects, ` +
        `${Math.round(s.contentBytes / MB)} MB of content; rate-limit floor ${size.floorSeconds.toFixed(1)} s ` +
        `(${size.floorBudget})`,
    );
    lines.push(head.map((h, i) => pad(h, widths[i], i > 0)).join(' '));
    for (const r of size.scenarios) {
      const cells = [
        r.ok ? r.scenario : `${r.scenario} (FAILED)`,
        (r.wallMs / 1000).toFixed(2),
        String(r.emulatorRequests),
        String(r.stats.requests),
        String(r.stats.retries),
        String(r.throttled),
        r.requestsPerObject.toFixed(3),
        (r.peakRssBytes / MB).toFixed(0),
        (r.peakHeapBytes / MB).toFixed(0),
      ];
      lines.push(cells.map((c, i) => pad(c, widths[i], i > 0)).join(' '));
    }
    const full = find(size, 'export: full,');
    const base = find(size, 'export: full');
    if (full && base && full !== base)
      lines.push(`concurrency 1 / concurrent full export: ${(full.wallMs / base.wallMs).toFixed(1)}x slower`);
  }
  lines.push('', 'targets:');
  for (const t of report.targets)
    lines.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value} (limit ${t.limit})`);
  return lines;
}

/** Parses the CLI flags of `bench`; returns the process exit code. */
export async function runBenchCli(
  flags: {
    notebooks?: string;
    out?: string;
    quick?: boolean;
    strict?: boolean;
    concurrency?: string;
    'no-baseline'?: boolean;
    'in-process'?: boolean;
    'one-bucket'?: boolean;
  },
  print: (line: string) => void,
): Promise<number> {
  const quick = Boolean(flags.quick);
  const list = (flags.notebooks ?? (quick ? '300' : '1000,10000'))
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
  if (list.length === 0) throw new Error(`--notebooks must be a list of counts, like 1000,10000`);
  const concurrency = flags.concurrency ? Number(flags.concurrency) : 8;
  const report = await runBench({
    notebooks: list,
    jobs: quick ? 50 : 500,
    clusters: quick ? 10 : 100,
    latencyMs: 30,
    rps: quick ? 60 : 100,
    burst: 20,
    concurrency,
    baseline: !flags['no-baseline'],
    out: flags.out ?? 'bench-results/bench.json',
    inProcess: flags['in-process'],
    perEndpoint: !flags['one-bucket'],
    print,
  });
  const failed = report.targets.filter((t) => !t.pass).length;
  print(failed ? `${failed} target(s) failed` : 'all targets met');
  return flags.strict && failed ? 1 : 0;
}
