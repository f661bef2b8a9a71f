import { statSync } from 'node:fs';
import { DATABRICKS_ENDPOINT_LIMITS } from '../databricks/rate-limits.js';
import type { FaultOptions } from './faults.js';
import { seedSample } from './sample-all.js';
import { startEmulator, type Emulator, type EmulatorOptions } from './server.js';

export interface ServeOptions extends EmulatorOptions {
  /** A local folder to copy into the workspace root (see WorkspaceStore.seedFromDir). */
  seedDir?: string;
  /** Also build the sample workspace (alice, bob, chloé, /Shared …). */
  sample?: boolean;
}

/**
 * Runs the emulator for a person rather than a test: seeds it, then prints where it listens and how to
 * point the real `databricks` CLI (or any SDK) at it. Stop it with `emulator.stop()` (the CLI wires Ctrl-C).
 */
export async function serveEmulator(options: ServeOptions, print: (line: string) => void): Promise<Emulator> {
  const { seedDir, sample, ...emulatorOptions } = options;
  if (seedDir !== undefined && !isDirectory(seedDir)) {
    throw new Error(
      `--seed ${seedDir}: not a folder. Give a local folder to copy into the emulated workspace.`,
    );
  }
  const emulator = await startEmulator(emulatorOptions);
  try {
    if (sample) seedSample(emulator);
    const seeded = seedDir === undefined ? 0 : emulator.state.workspace.seedFromDir(seedDir, '/');
    print(`Databricks emulator listening on ${emulator.url}`);
    print(`  token:     ${emulator.token}`);
    const faults = describeFaults(emulator.faults.options);
    print(`  faults:    ${faults[0] ?? 'none (--latency-ms, --rps, --per-endpoint, --error-rate add them)'}`);
    for (const line of faults.slice(1)) print(`             ${line}`);
    if (sample) print('  seeded:    the sample workspace (/Users/alice@contoso.com, /Shared, …)');
    if (seedDir !== undefined) print(`  seeded:    ${seeded} objects from ${seedDir}`);
    print(`  objects:   ${emulator.state.workspace.size} in the workspace`);
    print('');
    print('Point the Databricks CLI (or an SDK) at it:');
    print(`  DATABRICKS_HOST=${emulator.url} DATABRICKS_TOKEN=${emulator.token} databricks workspace list /`);
    print('');
    print('Press Ctrl-C to stop.');
    return emulator;
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The emulator's flags as the command line gives them (strings, before any check). */
export interface EmulatorFlags {
  token?: string;
  latencyMs?: string;
  rps?: string;
  perEndpoint?: boolean;
  errorRate?: string;
}

/**
 * The token and faults the flags ask for. A bad value throws one line that names the flag, says what it
 * takes and quotes what it got.
 */
export function emulatorOptionsFromFlags(flags: EmulatorFlags): Pick<EmulatorOptions, 'tokens' | 'faults'> {
  const out: Pick<EmulatorOptions, 'tokens' | 'faults'> = {};
  const refuse = (flag: string, expected: string, got: string) =>
    new Error(`--${flag} must be ${expected}, got '${got}'`);
  if (flags.token !== undefined) {
    // It goes in an Authorization header: visible ASCII, no spaces.
    if (!/^[\x21-\x7e]{4,}$/.test(flags.token))
      throw refuse('token', 'at least 4 visible characters without spaces, like dapi-test', flags.token);
    out.tokens = [flags.token];
  }
  const faults: FaultOptions = {};
  if (flags.latencyMs !== undefined) {
    const ms = /^\d{1,9}$/.test(flags.latencyMs) ? Number(flags.latencyMs) : NaN;
    if (Number.isNaN(ms))
      throw refuse('latency-ms', 'a whole number of milliseconds, like 200', flags.latencyMs);
    faults.latencyMs = ms;
  }
  if (flags.rps !== undefined) {
    const rps = /^\d+(\.\d+)?$/.test(flags.rps) ? Number(flags.rps) : NaN;
    if (!(rps > 0)) throw refuse('rps', 'a number of requests per second above 0, like 10 or 0.5', flags.rps);
    faults.rateLimit = { rps };
  }
  // The budgets of the endpoints the reference lists; the others keep --rps, or no limit without it.
  if (flags.perEndpoint)
    faults.rateLimit = { rps: faults.rateLimit?.rps ?? Infinity, endpoints: DATABRICKS_ENDPOINT_LIMITS };
  if (flags.errorRate !== undefined) {
    const rate = /^\d+(\.\d+)?$/.test(flags.errorRate) ? Number(flags.errorRate) : NaN;
    if (!(rate >= 0 && rate <= 1))
      throw refuse(
        'error-rate',
        'the share of requests answered 500 or 503, from 0 to 1, like 0.05',
        flags.errorRate,
      );
    faults.errorRate = { rate };
  }
  if (Object.keys(faults).length) out.faults = faults;
  return out;
}

/** The faults in force, a line each, for the start banner. */
export function describeFaults(faults: Readonly<FaultOptions>): string[] {
  const perSecond = (rps: number) => `${Number(rps.toFixed(2))}/s`;
  const lines: string[] = [];
  if (faults.latencyMs) lines.push(`${faults.latencyMs} ms added to every request`);
  const limit = faults.rateLimit;
  if (limit) {
    const others = limit.endpoints ? 'every other request' : 'every request';
    const rps = Number.isFinite(limit.rps)
      ? `${perSecond(limit.rps)} for ${others}`
      : `no limit for ${others}`;
    lines.push(`${rps}, then 429 with Retry-After`);
    if (limit.endpoints)
      lines.push(`per endpoint: ${limit.endpoints.map((e) => `${e.name} ${perSecond(e.rps)}`).join(', ')}`);
  }
  if (faults.errorRate) {
    const statuses = (faults.errorRate.statuses ?? [500, 503]).join(' or ');
    lines.push(`${Number((faults.errorRate.rate * 100).toFixed(2))}% of requests answered ${statuses}`);
  }
  if (faults.failPaths?.length) lines.push(`${faults.failPaths.length} failing path rule(s)`);
  return lines;
}
