import { promises as fs } from 'node:fs';
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
import { inputsOfFlags } from '../inputs.js';
import { commandHelp, parseCommandLine, usage, UsageError } from './options.js';
import pkg from '../../package.json' with { type: 'json' };
import { runVerify, type VerifyResult } from '../modes/verify.js';
import { verifyText } from '../report/verify-render.js';
import { measuredLine } from '../report/restore-estimate.js';
import { readiness, readinessJson, readinessText } from '../report/readiness.js';

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

/** Where log lines go: stderr, or above the progress bar while one is drawn (never across it). */
interface LineSink {
  write: (line: string) => void;
}

function terminalLog(sink: LineSink, verbose: boolean): Log {
  return {
    debug: (m) => verbose && sink.write(`  ${m}`),
    info: (m) => sink.write(m),
    warning: (m) => sink.write(`warning: ${m}`),
    error: (m) => sink.write(`error: ${m}`),
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
    parsed = parseCommandLine(argv);
  } catch (error) {
    io.stderr(`databricks-dr: ${(error as Error).message}`);
    return 2;
  }
  if ('version' in parsed) {
    io.stdout(`databricks-dr ${pkg.version}`);
    return 0;
  }
  if ('usage' in parsed) {
    io.stdout(usage());
    return parsed.usage ? 0 : 2;
  }
  const { command } = parsed;
  if (parsed.help) {
    io.stdout(commandHelp(command));
    return 0;
  }
  const v = parsed.values;
  const str = (flag: string) => (typeof v[flag] === 'string' ? (v[flag] as string) : undefined);
  const on = (flag: string) => v[flag] === true;
  const sink: LineSink = { write: (line) => io.stderr(line) };
  const log = new MaskingLog(terminalLog(sink, on('verbose')));
  try {
    switch (command) {
      case 'export':
      case 'plan':
      case 'apply':
      case 'verify': {
        const inputs = inputsOfFlags(command, parsed.values, io.env);
        const repoDir = path.resolve(str('repo') ?? process.cwd());
        await checkRepoDir(repoDir);
        const settings = parseSettings((name) => inputs[name], repoDir, 'cli');
        for (const value of Object.values(settings.secretValues)) log.addSecret(value);
        // verify needs no workspace and contacts none: no connection is made at all.
        if (settings.mode === 'verify') return printVerify(await runVerify(settings, { log }), io);
        const recordApi = str('record-api');
        const recorder = recordApi
          ? new ApiRecorder(
              recordingDir(
                recordApi,
                process.cwd(),
                path.resolve(settings.repoDir, settings.snapshotPath),
                '--record-api',
              ),
              { mask: (t) => log.mask(t) },
            )
          : undefined;
        const sent: Array<{ method: string; path: string }> = [];
        const client = connect(settings, {
          env: io.env,
          homeDir: io.homeDir ?? os.homedir(),
          log,
          onSecret: (s) => log.addSecret(s),
          observer: (exchange) => {
            if (settings.mode !== 'export') sent.push({ method: exchange.method, path: exchange.path });
            recorder?.observer(exchange);
          },
        });
        try {
          if (settings.mode !== 'export') return await planOrApply(settings, client, log, io, sent);
          const result = await withProgressBar(io, sink, (progress) =>
            runExport(settings, { client, log, progress }),
          );
          io.stdout(redactCredentials(exportSummaryText(result)));
          if (!settings.verify) return 0;
          const ref = result.commitSha ?? (result.committing ? 'HEAD' : undefined);
          return printVerify(await runVerify({ ...settings, ref }, { log }), io);
        } finally {
          if (recorder) {
            log.info(`recorded ${recorder.count} API exchange(s) in ${recorder.dir} (secrets redacted)`);
            recorder.close();
          }
        }
      }
      case 'bench':
        return await runBenchCli(
          {
            notebooks: str('notebooks'),
            out: str('out'),
            quick: on('quick'),
            strict: on('strict'),
            concurrency: str('concurrency'),
            'no-baseline': on('no-baseline'),
            'in-process': on('in-process'),
            'one-bucket': on('one-bucket'),
          },
          io.stdout,
        );
      case 'demo': {
        // The drill prints its own account of each step (skips and warnings included); the per-kind
        // progress lines of five exports and applies would bury it. --verbose shows them.
        return await runDemo({
          dir: str('dir'),
          print: io.stdout,
          log: quietUnlessVerbose(log, on('verbose')),
        });
      }
      case 'live-drill': {
        const quiet = quietUnlessVerbose(log, on('verbose'));
        return await runLiveDrillCli({ env: io.env, print: io.stdout, log, quiet, homeDir: io.homeDir });
      }
      case 'emulator': {
        const port = str('port') ? Number(str('port')) : 8080;
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new InputError(`--port must be 0-65535, got '${str('port')}'`);
        const flags = emulatorOptionsFromFlags({
          token: str('token'),
          latencyMs: str('latency-ms'),
          rps: str('rps'),
          perEndpoint: on('per-endpoint'),
          errorRate: str('error-rate'),
        });
        const emulator = await serveEmulator(
          { port, seedDir: str('seed'), sample: on('sample'), ...flags },
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
      case 'bench-worker':
        return await serveBenchWorker();
    }
  } catch (error) {
    io.stderr(`databricks-dr: ${(error as Error).message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function planOrApply(
  settings: Settings,
  client: DatabricksClient,
  log: Log,
  io: CliIo,
  sent: ReadonlyArray<{ method: string; path: string }>,
): Promise<number> {
  const started = Date.now();
  if (settings.planFile)
    await checkRepositoryFile(
      settings.repoDir,
      settings.planFile,
      'plan-file',
      settings.snapshotPath,
      false,
      'cli',
    );
  const { plan, run, report, dryRun, failed } = await runPlanOrApply(settings, { client, log });
  io.stdout(redactCredentials(planText(plan)));
  const ready = readiness(plan, run.desired, report);
  io.stdout(redactCredentials(readinessText(ready)));
  if (settings.planFile)
    await writeRepositoryFile(
      settings.repoDir,
      settings.planFile,
      stableJson(planJson(plan, readinessJson(ready))),
      'plan-file',
      settings.snapshotPath,
      'cli',
    );
  if (!dryRun) io.stdout(redactCredentials(applySummaryText(report)));
  if (!dryRun) io.stdout(measuredLine(Date.now() - started, sent));
  return failed > 0 ? 1 : 0;
}

/** Prints a verify; exit code 1 when the snapshot is not restorable as is. */
function printVerify(result: VerifyResult, io: CliIo): number {
  io.stdout(redactCredentials(verifyText(result)));
  return result.restorable ? 0 : 1;
}

/** A drill prints its own account of each step; only errors of the log pass, unless --verbose. */
function quietUnlessVerbose(log: Log, verbose: boolean): Log {
  if (verbose) return log;
  return {
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    error: (m) => log.error(m),
  };
}

/** A --repo that is not there is said plainly, before a git or snapshot error could say it less so. */
async function checkRepoDir(dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat) throw new UsageError(`--repo ${dir} does not exist: give the folder of the git repository`);
  if (!stat.isDirectory()) throw new UsageError(`--repo ${dir} is a file, not a folder`);
}
