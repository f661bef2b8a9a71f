import { parseArgs } from 'node:util';
import * as os from 'node:os';
import { MultiBar } from 'cli-progress';
import { connect } from '../databricks/connect.js';
import { runExport } from '../modes/export.js';
import { applySummaryText, exportSummaryText } from '../report/render.js';
import { planJson, planText } from '../report/plan-render.js';
import { runPlanOrApply } from '../modes/restore.js';
import type { DatabricksClient } from '../databricks/client.js';
import { stableJson } from '../util/json.js';
import { redactCredentials } from '../security/credentials.js';
import * as path from 'node:path';
import { InputError, parseSettings, type Settings } from '../settings.js';
import { MaskingLog, type Log } from '../util/log.js';
import { runDemo } from '../demo/demo.js';
import { checkRepositoryFile, writeRepositoryFile } from '../snapshot/repo-file.js';
import { emulatorOptionsFromFlags, serveEmulator } from '../emulator/serve.js';
import { runBenchCli } from '../bench/bench.js';
import { serveBenchWorker } from '../bench/worker.js';
import { ApiRecorder, recordingDir } from '../record/api-recorder.js';
import { runLiveDrillCli } from '../live/cli.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  isTTY: boolean;
  homeDir?: string;
  /** Where the progress bar is drawn on a terminal; process.stderr unless a test gives another. */
  progressStream?: NodeJS.WritableStream;
  /** Ends a command that runs until stopped (the emulator); SIGINT or SIGTERM unless a test gives another. */
  stopped?: Promise<void>;
}

const USAGE = `databricks-dr: Databricks disaster recovery with git as the record

Usage:
  databricks-dr export   [connection] [--repo DIR] [--path databricks] [--workspace-paths /,...]
                         [--uc-catalogs sales,...]
                         [--exclude GLOB]... [--no-commit] [--push] [--message TEXT] [--concurrency 8]
                         [--record-api DIR]
                         [--max-removal 50%] [--allow-mass-removal]
  databricks-dr plan     [connection] [--repo DIR] [--path databricks] [--ref REV] [--prune]
                         [--allow-replace] [--skip-unrestorable] [--plan-file FILE] [--record-api DIR]
  databricks-dr apply    (the plan options) [--dry-run] [--start-clusters]
                         [--activate-schedules | --pause-schedules]
  databricks-dr demo     [--dir DIR] [-v]     full DR drill on the emulator
  databricks-dr live-drill [-v]               the DR drill on real workspaces (npm run test:live; the
                         DATABRICKS_DR_LIVE_* variables name them; without, it says how and exits 0)
  databricks-dr emulator [--port 8080] [--seed DIR] [--sample] [--token TOKEN]
                         [--latency-ms MS] [--rps N] [--per-endpoint] [--error-rate SHARE]
                         an emulated workspace; faults: latency, a requests/s budget (429 beyond it),
                         the per-endpoint budgets of a workspace, a share of 500/503 answers
  databricks-dr bench    [--notebooks 1000,10000] [--out bench-results/bench.json] [--quick]
                         [--strict] [--no-baseline] [--one-bucket]   export/apply benchmark on emulators

Connection (as the Databricks CLI): --profile NAME (~/.databrickscfg), --host URL, or the environment
(DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CONFIG_PROFILE, DATABRICKS_CLIENT_ID/SECRET, ARM_*).
Tokens are read from the environment or the profile, never from the command line; so are secret values
for apply: DATABRICKS_DR_SECRETS='{"scope/key": "value"}'. (The emulator's --token is the test token it
accepts.) Behind a proxy: HTTPS_PROXY=http://[user:password@]host:port, NO_PROXY, as the Databricks CLI.
A plain http:// host other than loopback is refused (the token would travel in clear text) unless
--allow-insecure-http is given.
--record-api DIR writes every API request and answer, one JSON file each (contract fixture format), with
tokens, secret values and credentials redacted: a recording of a real run that can be shared.`;

const OPTIONS = {
  host: { type: 'string' },
  profile: { type: 'string' },
  'auth-type': { type: 'string' },
  repo: { type: 'string' },
  path: { type: 'string' },
  'workspace-paths': { type: 'string' },
  'uc-catalogs': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'no-commit': { type: 'boolean' },
  push: { type: 'boolean' },
  message: { type: 'string' },
  concurrency: { type: 'string' },
  'timeout-seconds': { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  ref: { type: 'string' },
  prune: { type: 'boolean' },
  'allow-replace': { type: 'boolean' },
  'skip-unrestorable': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'start-clusters': { type: 'boolean' },
  'activate-schedules': { type: 'boolean' },
  'pause-schedules': { type: 'boolean' },
  'plan-file': { type: 'string' },
  'force-secret-values': { type: 'boolean' },
  'dbfs-max-mb': { type: 'string' },
  'on-credentials': { type: 'string' },
  permissions: { type: 'string' },
  'record-api': { type: 'string' },
  'max-removal': { type: 'string' },
  'allow-mass-removal': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  // demo / emulator
  dir: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  sample: { type: 'boolean' },
  token: { type: 'string' },
  'latency-ms': { type: 'string' },
  rps: { type: 'string' },
  'per-endpoint': { type: 'boolean' },
  'error-rate': { type: 'string' },
  // bench
  notebooks: { type: 'string' },
  out: { type: 'string' },
  quick: { type: 'boolean' },
  strict: { type: 'boolean' },
  'no-baseline': { type: 'boolean' },
  'in-process': { type: 'boolean' },
  'one-bucket': { type: 'boolean' },
} as const;

/** Action inputs that the CLI spells differently (the others are `--<input>`). */
const CLI_NAMES: Record<string, string> = {
  mode: 'the command (export, plan or apply)',
  commit: '--no-commit',
  'commit-message': '--message',
  token: 'DATABRICKS_TOKEN',
  secrets: 'DATABRICKS_DR_SECRETS',
  'client-id': 'DATABRICKS_CLIENT_ID',
  'client-secret': 'DATABRICKS_CLIENT_SECRET',
  'azure-client-id': 'ARM_CLIENT_ID',
  'azure-client-secret': 'ARM_CLIENT_SECRET',
  'azure-tenant-id': 'ARM_TENANT_ID',
};

function cliName(input: string): string {
  return CLI_NAMES[input] ?? `--${input}`;
}

/**
 * The core speaks of action inputs (`Input 'concurrency' must be…`, `set the 'host' input`); on a terminal
 * the same message names the flag or environment variable a person can actually set.
 */
export function inCliWords(message: string): string {
  return message
    .replace(/the 'token' input \(or DATABRICKS_TOKEN\)/g, "DATABRICKS_TOKEN (or the profile's token)")
    .replace(
      /\b[Ii]nputs '([a-z-]+)' and '([a-z-]+)'/g,
      (_, a: string, b: string) => `${cliName(a)} and ${cliName(b)}`,
    )
    .replace(/\b[Ii]nput '([a-z-]+)'/g, (_, a: string) => cliName(a))
    .replace(/\bthe '([a-z-]+)' input\b/g, (_, a: string) => cliName(a))
    .replace(/\bthe path input\b/g, '--path');
}

/** Where log lines go: stderr, or above the progress bar while one is drawn (never across it). */
interface LineSink {
  write: (line: string) => void;
}

function terminalLog(sink: LineSink, verbose: boolean): Log {
  return {
    debug: (m) => verbose && sink.write(`  ${inCliWords(m)}`),
    info: (m) => sink.write(inCliWords(m)),
    warning: (m) => sink.write(`warning: ${inCliWords(m)}`),
    error: (m) => sink.write(`error: ${inCliWords(m)}`),
  };
}

/**
 * Runs `fn` with a progress bar on a terminal. Meanwhile log lines are handed to the bar, which prints
 * them above itself when it redraws; a line written straight to the terminal would land in the middle
 * of the bar's line.
 */
async function withProgressBar<T>(
  io: CliIo,
  sink: LineSink,
  fn: (tick: ((kind: string) => void) | undefined) => Promise<T>,
): Promise<T> {
  if (!io.isTTY) return fn(undefined);
  const bars = new MultiBar({
    format: 'exporting {kind}: {value} objects, {duration}s',
    clearOnComplete: true,
    stream: io.progressStream ?? process.stderr,
  });
  const bar = bars.create(0, 0, { kind: '' });
  const direct = sink.write;
  sink.write = (line) => bars.log(`${line}\n`);
  let n = 0;
  try {
    return await fn((kind) => bar.update(++n, { kind }));
  } finally {
    bars.update(); // prints the lines logged since the last redraw
    bars.stop();
    sink.write = direct;
  }
}

export async function runCli(argv: string[], cliIo: CliIo): Promise<number> {
  // Every line to stderr (errors and the log) has token-format credentials redacted: an error line may
  // echo a value given to the wrong flag (a token pasted as --host), an object name or an API message.
  // stdout is redacted where it carries run results; `emulator` prints its own test token there on purpose.
  const io: CliIo = { ...cliIo, stderr: (line) => cliIo.stderr(redactCredentials(line)) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`databricks-dr: ${(error as Error).message} (see databricks-dr --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    io.stdout(USAGE);
    return command || values.help ? 0 : 2;
  }
  const sink: LineSink = { write: (line) => io.stderr(line) };
  const log = new MaskingLog(terminalLog(sink, Boolean(values.verbose)));
  try {
    switch (command) {
      case 'export':
      case 'plan':
      case 'apply': {
        if (values.token !== undefined)
          throw new InputError(
            '--token is for the emulator: a workspace token comes from DATABRICKS_TOKEN or a profile, never from the command line',
          );
        const flag = (b: boolean | undefined) => (b ? 'true' : 'false');
        const inputs: Record<string, string | undefined> = {
          mode: command,
          host: values.host,
          profile: values.profile,
          'auth-type': values['auth-type'],
          path: values.path,
          'workspace-paths': values['workspace-paths'],
          'uc-catalogs': values['uc-catalogs'],
          exclude: values.exclude?.join('\n'),
          commit: flag(!values['no-commit']),
          push: flag(values.push),
          'commit-message': values.message,
          concurrency: values.concurrency,
          'timeout-seconds': values['timeout-seconds'],
          'allow-insecure-http': flag(values['allow-insecure-http']),
          ref: values.ref,
          prune: flag(values.prune),
          'allow-replace': flag(values['allow-replace']),
          'skip-unrestorable': flag(values['skip-unrestorable']),
          'dry-run': flag(values['dry-run']),
          'start-clusters': flag(values['start-clusters']),
          'activate-schedules': flag(values['activate-schedules']),
          'pause-schedules': flag(values['pause-schedules']),
          'plan-file': values['plan-file'],
          // Secret values come from the environment, never from the command line.
          secrets: io.env.DATABRICKS_DR_SECRETS,
          'force-secret-values': flag(values['force-secret-values']),
          'dbfs-max-mb': values['dbfs-max-mb'],
          'on-credentials': values['on-credentials'],
          permissions: values.permissions,
          'max-removal': values['max-removal'],
          'allow-mass-removal': flag(values['allow-mass-removal']),
        };
        const settings = parseSettings((name) => inputs[name], values.repo ?? process.cwd());
        for (const value of Object.values(settings.secretValues)) log.addSecret(value);
        const recorder = values['record-api']
          ? new ApiRecorder(
              recordingDir(
                values['record-api'],
                process.cwd(),
                path.resolve(settings.repoDir, settings.snapshotPath),
                '--record-api',
              ),
              { mask: (t) => log.mask(t) },
            )
          : undefined;
        const client = connect(settings, {
          env: io.env,
          homeDir: io.homeDir ?? os.homedir(),
          log,
          onSecret: (s) => log.addSecret(s),
          observer: recorder?.observer,
        });
        try {
          if (settings.mode !== 'export') return await planOrApply(settings, client, log, io);
          const result = await withProgressBar(io, sink, (progress) =>
            runExport(settings, { client, log, progress }),
          );
          io.stdout(redactCredentials(inCliWords(exportSummaryText(result))));
          return 0;
        } finally {
          if (recorder) {
            log.info(`recorded ${recorder.count} API exchange(s) in ${recorder.dir} (secrets redacted)`);
            recorder.close();
          }
        }
      }
      case 'bench':
        return await runBenchCli(values, io.stdout);
      case 'bench-worker':
        return await serveBenchWorker();
      case 'demo': {
        // The drill prints its own account of each step (skips and warnings included); the per-kind
        // progress lines of five exports and applies would bury it. --verbose shows them.
        return await runDemo({
          dir: values.dir,
          print: io.stdout,
          log: quietUnlessVerbose(log, values.verbose),
        });
      }
      case 'live-drill': {
        const quiet = quietUnlessVerbose(log, values.verbose);
        return await runLiveDrillCli({ env: io.env, print: io.stdout, log, quiet, homeDir: io.homeDir });
      }
      case 'emulator': {
        const port = values.port ? Number(values.port) : 8080;
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new InputError(`--port must be 0-65535, got '${values.port}'`);
        const flags = emulatorOptionsFromFlags({
          token: values.token,
          latencyMs: values['latency-ms'],
          rps: values.rps,
          perEndpoint: values['per-endpoint'],
          errorRate: values['error-rate'],
        });
        const emulator = await serveEmulator(
          { port, seedDir: values.seed, sample: values.sample, ...flags },
          io.stdout,
        );
        await (io.stopped ??
          new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          }));
        await emulator.stop();
        return 0;
      }
      default:
        io.stderr(`databricks-dr: unknown command '${command}' (see databricks-dr --help)`);
        return 2;
    }
  } catch (error) {
    io.stderr(`databricks-dr: ${inCliWords((error as Error).message.split('\n')[0])}`);
    return 1;
  }
}

async function planOrApply(
  settings: Settings,
  client: DatabricksClient,
  log: Log,
  io: CliIo,
): Promise<number> {
  if (settings.planFile)
    await checkRepositoryFile(settings.repoDir, settings.planFile, 'plan-file', settings.snapshotPath);
  const { plan, report, dryRun, failed } = await runPlanOrApply(settings, { client, log });
  io.stdout(redactCredentials(planText(plan)));
  if (settings.planFile)
    await writeRepositoryFile(
      settings.repoDir,
      settings.planFile,
      stableJson(planJson(plan)),
      'plan-file',
      settings.snapshotPath,
    );
  if (!dryRun) io.stdout(redactCredentials(inCliWords(applySummaryText(report))));
  return failed > 0 ? 1 : 0;
}

/** A drill prints its own account of each step; only errors of the log pass, unless --verbose. */
function quietUnlessVerbose(log: Log, verbose: boolean | undefined): Log {
  if (verbose) return log;
  return {
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    error: (m) => log.error(m),
  };
}
