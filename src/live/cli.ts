/**
 * `npm run test:live` (`databricks-dr live-drill`): finds the workspaces to drill on in the environment,
 * or says how to name them and exits 0 without pretending it ran.
 *
 * Only variables of its own select a workspace: a developer's DEFAULT profile or DATABRICKS_HOST is never
 * written to because someone ran the test script.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import type { ApiObserver } from '../databricks/client.js';
import { connect } from '../databricks/connect.js';
import { ApiRecorder } from '../record/api-recorder.js';
import { parseSettings } from '../settings.js';
import type { Log, MaskingLog } from '../util/log.js';
import { cleanupFromLedger, runLiveDrill, type DrillWorkspace } from './drill.js';

const V = 'DATABRICKS_DR_LIVE_';

export const LIVE_HELP = `skipped: no live workspace configured

The live drill seeds a few objects named databricks-dr-live-<run>-* in a folder of its own, exports only
those, applies them, checks idempotence and parity, and deletes everything it created. To run it, name
the workspaces in the environment (tokens come from the environment or a profile, never the command line):

  ${V}PRIMARY_PROFILE=dr-primary  ${V}SECONDARY_PROFILE=dr-secondary   (~/.databrickscfg profiles)
  or ${V}PRIMARY_HOST / ${V}PRIMARY_TOKEN and ${V}SECONDARY_HOST / ${V}SECONDARY_TOKEN

With only a primary, the drill uses that one workspace for both sides: the "secondary" is a second folder
and name prefix (databricks-dr-live-<run>-s-*) in it. Optional: ${V}PARENT (folder for the drill's
folders, default /Shared), ${V}DIR (work folder), ${V}SPARK_VERSION and ${V}NODE_TYPE (the job
cluster's; default: picked from the workspace), ${V}RECORD_API (a folder: every API exchange, redacted),
${V}CLEANUP=<dir>/created.json (delete what an interrupted drill created, and nothing else).
The identity needs to create folders, secret scopes and jobs; groups and cluster policies need a
workspace admin (the drill goes on without them).`;

/** The connection of one side, from the drill's own variables; undefined when it names none. */
function sideConfig(env: Record<string, string | undefined>, side: 'PRIMARY' | 'SECONDARY') {
  const profile = env[`${V}${side}_PROFILE`]?.trim();
  const host = env[`${V}${side}_HOST`]?.trim();
  const token = env[`${V}${side}_TOKEN`]?.trim();
  if (!profile && !host) return undefined;
  return { profile: profile || undefined, host: host || undefined, token: token || undefined };
}

/** The environment a side connects with: proxies and the config file, none of the caller's own workspace. */
function connectionEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env))
    if (!/^(DATABRICKS_|ARM_)/.test(k) || k === 'DATABRICKS_CONFIG_FILE') out[k] = v;
  return out;
}

export interface LiveIo {
  env: Record<string, string | undefined>;
  print: (line: string) => void;
  log: MaskingLog;
  /** The drill's own progress (each step) and the core's log (quiet unless --verbose). */
  quiet: Log;
  homeDir?: string;
}

export async function runLiveDrillCli(io: LiveIo): Promise<number> {
  const { env, print, log } = io;
  const primaryConfig = sideConfig(env, 'PRIMARY');
  const secondaryConfig = sideConfig(env, 'SECONDARY');
  if (!primaryConfig) {
    if (secondaryConfig) print(`${V}SECONDARY_* is set but no ${V}PRIMARY_*: name the primary too`);
    for (const line of LIVE_HELP.split('\n')) print(line);
    return secondaryConfig ? 2 : 0;
  }
  const token = (side: 'PRIMARY' | 'SECONDARY') => env[`${V}${side}_TOKEN`];
  for (const t of [token('PRIMARY'), token('SECONDARY')]) log.addSecret(t);
  const dir = env[`${V}DIR`]?.trim() || (await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-live-')));
  const recordDir = env[`${V}RECORD_API`]?.trim();

  const workspace = (config: NonNullable<ReturnType<typeof sideConfig>>, name: string): DrillWorkspace => {
    const settings = parseSettings(
      (input) => ({ mode: 'export', host: config.host, token: config.token, profile: config.profile })[input],
      dir,
    );
    const recorder = recordDir
      ? new ApiRecorder(path.resolve(recordDir, name), { mask: (t) => log.mask(t) })
      : undefined;
    const make = (observer?: ApiObserver) =>
      connect(settings, {
        env: connectionEnv(env),
        homeDir: io.homeDir ?? os.homedir(),
        log: io.quiet,
        onSecret: (s) => log.addSecret(s),
        observer:
          observer || recorder
            ? (x) => {
                recorder?.observer(x);
                observer?.(x);
              }
            : undefined,
      });
    return { host: make().host, client: make };
  };
  const primary = workspace(primaryConfig, 'primary');
  const secondary = secondaryConfig ? workspace(secondaryConfig, 'secondary') : primary;
  const ledger = env[`${V}CLEANUP`]?.trim();
  if (ledger)
    return cleanupFromLedger(ledger, { primary: primary.client(), secondary: secondary.client() }, print);
  const sameWorkspace = secondary === primary || secondary.host === primary.host;
  if (secondaryConfig && sameWorkspace)
    print(
      `The primary and the secondary are the same workspace (${primary.host}): drilling in one workspace.`,
    );
  else if (!secondaryConfig)
    print(`No ${V}SECONDARY_*: the primary workspace stands in as its own secondary.`);
  return runLiveDrill({
    primary,
    secondary,
    sameWorkspace,
    parent: env[`${V}PARENT`]?.trim() || undefined,
    sparkVersion: env[`${V}SPARK_VERSION`]?.trim() || undefined,
    nodeTypeId: env[`${V}NODE_TYPE`]?.trim() || undefined,
    runId: env[`${V}RUN_ID`]?.trim() || undefined,
    dir,
    print,
    log: io.quiet,
  });
}
