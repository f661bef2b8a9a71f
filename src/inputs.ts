/**
 * Every input of the action and every flag of the CLI, one row each: the action's defaults
 * (`DEFAULTS`, checked against action.yml by test/unit/inputs-table.test.ts), each CLI command's options
 * and `--help`, and how a message names an input in each interface (`Wording`) come from this table.
 * Adding an input is one row here (and its entry in action.yml and in `parseSettings`).
 */

export type Mode = 'export' | 'plan' | 'apply' | 'verify';
export type Command = Mode | 'demo' | 'live-drill' | 'emulator' | 'bench' | 'bench-worker';

export interface InputRow {
  /** The action input; absent for a flag only the CLI has. */
  readonly input?: string;
  /** The CLI flag without `--`; `input` when absent; null: the CLI takes no flag for it (see `env`). */
  readonly flag?: string | null;
  readonly short?: string;
  /** switch: a flag without value (`--prune`); text: `--path DIR`; list: text, the flag repeatable. */
  readonly kind: 'switch' | 'text' | 'list';
  /** action.yml's `default`; absent when action.yml has none. */
  readonly default?: string;
  /** The CLI's default where it differs from the action's (the CLI pushes only when asked). */
  readonly cliDefault?: string;
  /** A switch that turns the input off (`--no-commit` sets `commit` to false). */
  readonly inverted?: boolean;
  /** The environment variable the CLI reads it from (never the command line: secrets). */
  readonly env?: string;
  /**
   * The CLI hands `env` to the core as the input; without, the variable is the Databricks unified auth's,
   * read by the connection resolver (src/databricks/config.ts).
   */
  readonly cliReadsEnv?: boolean;
  /** The modes (action) and commands (CLI) that take it. */
  readonly commands: readonly Command[];
  /** The value's placeholder in the usage (`DIR`). */
  readonly value?: string;
  /** One line of help; the README and action.yml hold the full description. */
  readonly help: string;
  /** What to say when a command that does not take the flag is given it, by command. */
  readonly elsewhere?: Partial<Record<Command, string>>;
  /** A credential: the action masks it in the log before anything runs. */
  readonly secret?: boolean;
  /** Only the action takes it (PR comments). */
  readonly actionOnly?: boolean;
}

const RESTORE: readonly Command[] = ['plan', 'apply'];
const CORE: readonly Command[] = ['export', 'plan', 'apply'];
/** verify reads only the repository: it restores into an emulated workspace and contacts none. */
const LOCAL: readonly Command[] = [...CORE, 'verify'];

export const INPUTS: readonly InputRow[] = [
  // The command line's `databricks-dr <command>` is the action's `mode`.
  { input: 'mode', flag: null, kind: 'text', commands: LOCAL, help: 'export, plan, apply or verify' },
  // Connection, as the Databricks CLI: flags, else the environment, else ~/.databrickscfg.
  { input: 'host', kind: 'text', commands: CORE, value: 'URL', help: 'workspace URL (else DATABRICKS_HOST)' },
  { input: 'profile', kind: 'text', commands: CORE, value: 'NAME', help: 'a profile of ~/.databrickscfg' },
  {
    input: 'auth-type',
    kind: 'text',
    commands: CORE,
    value: 'TYPE',
    help: 'force one auth method: pat, oauth-m2m, azure-client-secret, github-oidc, github-oidc-azure',
  },
  {
    input: 'token',
    flag: null,
    env: 'DATABRICKS_TOKEN',
    secret: true,
    kind: 'text',
    commands: CORE,
    help: 'bearer token',
  },
  {
    input: 'client-id',
    flag: null,
    env: 'DATABRICKS_CLIENT_ID',
    kind: 'text',
    commands: CORE,
    help: 'OAuth service principal id',
  },
  {
    input: 'client-secret',
    secret: true,
    flag: null,
    env: 'DATABRICKS_CLIENT_SECRET',
    kind: 'text',
    commands: CORE,
    help: 'OAuth secret',
  },
  {
    input: 'azure-client-id',
    flag: null,
    env: 'ARM_CLIENT_ID',
    kind: 'text',
    commands: CORE,
    help: 'Azure service principal id',
  },
  {
    input: 'azure-client-secret',
    secret: true,
    flag: null,
    env: 'ARM_CLIENT_SECRET',
    kind: 'text',
    commands: CORE,
    help: 'Azure client secret',
  },
  {
    input: 'azure-tenant-id',
    flag: null,
    env: 'ARM_TENANT_ID',
    kind: 'text',
    commands: CORE,
    help: 'Azure tenant',
  },
  {
    input: 'allow-insecure-http',
    kind: 'switch',
    default: 'false',
    commands: CORE,
    help: 'allow a plain http:// host other than loopback (the token travels in clear text)',
  },
  {
    input: 'timeout-seconds',
    kind: 'text',
    default: '',
    commands: CORE,
    value: 'N',
    help: "one request attempt's timeout (default: the profile's http_timeout_seconds, else 60)",
  },
  {
    input: 'concurrency',
    kind: 'text',
    default: '8',
    commands: CORE,
    value: 'N',
    help: 'API requests in flight at once, 1-64',
  },
  // Where the snapshot is.
  {
    flag: 'repo',
    kind: 'text',
    commands: LOCAL,
    value: 'DIR',
    help: 'the git working tree (default: the current folder)',
  },
  {
    input: 'path',
    kind: 'text',
    default: 'databricks',
    commands: LOCAL,
    value: 'DIR',
    help: 'the snapshot folder inside the repository',
  },
  {
    input: 'permissions',
    kind: 'text',
    default: 'all',
    commands: CORE,
    value: 'all|none',
    help: 'read and apply permissions (all), or leave them (none; export keeps the last recorded)',
  },
  {
    input: 'record-api',
    kind: 'text',
    default: '',
    commands: CORE,
    value: 'DIR',
    help: 'write every API request and answer there, secrets redacted (contract fixture format)',
  },
  // export
  {
    input: 'workspace-paths',
    kind: 'text',
    default: '/',
    commands: ['export'],
    value: '/A,/B',
    help: 'workspace roots to export, comma-separated',
  },
  {
    input: 'uc-catalogs',
    kind: 'text',
    default: '',
    commands: ['export'],
    value: 'sales,...',
    help: 'Unity Catalog catalogs to export, comma-separated (default: every one not system-owned)',
  },
  {
    input: 'exclude',
    kind: 'list',
    default: '',
    commands: ['export'],
    value: 'GLOB',
    help: 'workspace paths to leave out, like /Users/*/scratch/**',
  },
  {
    input: 'commit',
    flag: 'no-commit',
    inverted: true,
    kind: 'switch',
    default: 'true',
    commands: ['export'],
    help: 'write the snapshot, do not commit it',
  },
  {
    input: 'push',
    kind: 'switch',
    default: 'true',
    cliDefault: 'false',
    commands: ['export'],
    help: 'push the snapshot commit (the CLI pushes only when asked)',
  },
  {
    input: 'commit-message',
    flag: 'message',
    kind: 'text',
    default: 'databricks-dr: snapshot of {host}',
    commands: ['export'],
    value: 'TEXT',
    help: "the commit's first line; {host} is the workspace host",
  },
  {
    input: 'on-credentials',
    kind: 'text',
    default: 'fail',
    commands: ['export'],
    value: 'fail|redact',
    help: 'content holding a credential: fail (nothing committed) or redact it',
  },
  {
    input: 'dbfs-max-mb',
    kind: 'text',
    default: '100',
    commands: ['export'],
    value: 'MB',
    help: 'largest DBFS file (init script, library) copied into the snapshot',
  },
  {
    input: 'max-removal',
    kind: 'text',
    default: '50%',
    commands: ['export'],
    value: 'PERCENT',
    help: "largest share of one kind's objects an export may remove (10 objects at least)",
  },
  {
    input: 'allow-mass-removal',
    kind: 'switch',
    default: 'false',
    commands: ['export'],
    help: 'commit a removal beyond --max-removal this once',
  },
  {
    input: 'verify',
    kind: 'switch',
    default: 'false',
    commands: ['export'],
    help: 'after the commit, restore the snapshot into an emulated workspace and prove it restorable',
  },
  // plan and apply
  {
    input: 'ref',
    kind: 'text',
    default: '',
    commands: [...RESTORE, 'verify'],
    value: 'REV',
    help: 'the git revision to restore (default: the working tree)',
  },
  {
    input: 'prune',
    kind: 'switch',
    default: 'false',
    commands: RESTORE,
    help: 'delete what the target has and the snapshot does not',
  },
  {
    input: 'allow-replace',
    kind: 'switch',
    default: 'false',
    commands: RESTORE,
    help: 'allow deleting and re-creating objects whose fixed fields changed',
  },
  {
    input: 'skip-unrestorable',
    kind: 'switch',
    default: 'false',
    commands: RESTORE,
    help: 'restore everything else when a file names an object that was not exported',
  },
  {
    input: 'plan-file',
    kind: 'text',
    default: '',
    commands: RESTORE,
    value: 'FILE',
    help: 'write plan.json there, relative to the repository, outside the snapshot folder',
  },
  // apply
  {
    input: 'dry-run',
    kind: 'switch',
    default: 'false',
    commands: ['apply'],
    help: 'show the plan, write nothing',
    elsewhere: {
      export:
        'export --no-commit writes the snapshot and counts the added, changed and removed files without committing',
      plan: 'plan writes nothing to the workspace anyway',
    },
  },
  {
    input: 'start-clusters',
    kind: 'switch',
    default: 'false',
    commands: ['apply'],
    help: 'leave the clusters apply creates running',
  },
  {
    input: 'activate-schedules',
    kind: 'switch',
    default: 'false',
    commands: ['apply'],
    help: 'cutover: restore the recorded job schedules, unpaused',
  },
  {
    input: 'pause-schedules',
    kind: 'switch',
    default: 'false',
    commands: ['apply'],
    help: "fail back: pause the target's job schedules",
  },
  {
    input: 'secrets',
    flag: null,
    env: 'DATABRICKS_DR_SECRETS',
    cliReadsEnv: true,
    kind: 'text',
    default: '',
    commands: ['apply'],
    help: 'secret values, {"scope/key": "value"}',
  },
  {
    input: 'force-secret-values',
    kind: 'switch',
    default: 'false',
    commands: ['apply'],
    help: 'put every given secret value again, even where the target has the key (rotation)',
  },
  // The action only: the plan as a pull request comment.
  {
    input: 'github-token',
    secret: true,
    flag: null,
    kind: 'text',
    default: '${{ github.token }}',
    commands: ['plan'],
    actionOnly: true,
    help: 'token to comment on the pull request',
  },
  {
    input: 'comment',
    flag: null,
    kind: 'switch',
    default: 'true',
    commands: ['plan'],
    actionOnly: true,
    help: 'comment the plan on the pull request',
  },
  // The other commands of the CLI.
  {
    flag: 'dir',
    kind: 'text',
    commands: ['demo'],
    value: 'DIR',
    help: 'where the drill keeps its repositories (default: a temporary folder)',
  },
  {
    flag: 'port',
    kind: 'text',
    commands: ['emulator'],
    value: 'PORT',
    help: 'port to listen on (default 8080; 0: any free port)',
  },
  {
    flag: 'seed',
    kind: 'text',
    commands: ['emulator'],
    value: 'DIR',
    help: 'start with the snapshot in DIR',
  },
  { flag: 'sample', kind: 'switch', commands: ['emulator'], help: 'start with the sample workspace' },
  {
    flag: 'token',
    kind: 'text',
    commands: ['emulator'],
    value: 'TOKEN',
    help: 'the one token accepted (default dapi-emulator-token)',
  },
  { flag: 'latency-ms', kind: 'text', commands: ['emulator'], value: 'MS', help: 'added to every request' },
  { flag: 'rps', kind: 'text', commands: ['emulator'], value: 'N', help: 'requests per second; 429 beyond' },
  {
    flag: 'per-endpoint',
    kind: 'switch',
    commands: ['emulator'],
    help: "a workspace's per-endpoint budgets",
  },
  {
    flag: 'error-rate',
    kind: 'text',
    commands: ['emulator'],
    value: 'SHARE',
    help: 'share of requests answered 500 or 503, 0-1',
  },
  {
    flag: 'notebooks',
    kind: 'text',
    commands: ['bench'],
    value: 'N,N',
    help: 'notebook counts to run (default 1000,10000)',
  },
  {
    flag: 'out',
    kind: 'text',
    commands: ['bench'],
    value: 'FILE',
    help: 'result file (default bench-results/bench.json)',
  },
  { flag: 'quick', kind: 'switch', commands: ['bench'], help: 'a small run (300 notebooks)' },
  { flag: 'strict', kind: 'switch', commands: ['bench'], help: 'exit 1 when a target is missed' },
  { flag: 'no-baseline', kind: 'switch', commands: ['bench'], help: 'skip the unpaced baseline run' },
  { flag: 'one-bucket', kind: 'switch', commands: ['bench'], help: 'one rate budget for every endpoint' },
  { flag: 'in-process', kind: 'switch', commands: ['bench'], help: 'run the exports in this process' },
  {
    flag: 'concurrency',
    kind: 'text',
    commands: ['bench'],
    value: 'N',
    help: 'requests in flight (default 8)',
  },
  // Every command.
  {
    flag: 'verbose',
    short: 'v',
    kind: 'switch',
    commands: ['export', 'plan', 'apply', 'verify', 'demo', 'live-drill'],
    help: 'show debug lines',
  },
];

export type Wording = 'action' | 'cli';

/** The flag a row has on the command line, if any. */
export function flagOf(row: InputRow): string | undefined {
  if (row.actionOnly || row.flag === null) return undefined;
  return row.flag ?? row.input;
}

function rowOf(input: string): InputRow {
  const row = INPUTS.find((r) => r.input === input);
  if (!row) throw new Error(`no input '${input}' in src/inputs.ts`);
  return row;
}

/** What a person sets: `--path`, `DATABRICKS_TOKEN`, `the command`; in the action `input 'path'`. */
export function nameOf(input: string, words: Wording): string {
  const row = INPUTS.find((r) => r.input === input);
  if (words === 'action' || !row) return `input '${input}'`;
  const flag = flagOf(row);
  if (flag) return `--${flag}`;
  if (row.env) return row.env;
  if (input === 'mode') return 'the command (export, plan or apply)';
  return `input '${input}'`;
}

/** Inside a sentence: `the 'path' input` in the action, `--path` on a terminal. */
export function theOf(input: string, words: Wording): string {
  return words === 'action' ? `the '${input}' input` : nameOf(input, words);
}

/** Same, to start a sentence: `Input 'path'` / `--path`. */
export function NameOf(input: string, words: Wording): string {
  const name = nameOf(input, words);
  return name.replace(/^input/, 'Input');
}

/** The setting that does it: `on-credentials: redact` in a workflow, `--on-credentials redact` on a terminal. */
export function settingOf(input: string, value: string, words: Wording): string {
  if (words === 'action') return `${input}: ${value}`;
  const row = rowOf(input);
  const flag = flagOf(row);
  if (!flag) return row.env ? `${row.env}=${value}` : `${input}: ${value}`;
  if (row.kind === 'switch') return `--${flag}`;
  return `--${flag} ${value}`;
}

/** The action's defaults of the inputs that have one (action.yml agrees: test/unit/inputs-table.test.ts). */
export const DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  INPUTS.filter((r) => r.input !== undefined && r.default !== undefined && r.default !== '').map((r) => [
    r.input,
    r.default,
  ]),
);

/** A CLI command's flag values (by flag name, as parseArgs gives them) -> the inputs of that mode. */
export function inputsOfFlags(
  mode: Mode,
  values: Readonly<Record<string, string | boolean | string[] | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const inputs: Record<string, string | undefined> = { mode };
  for (const row of INPUTS) {
    if (!row.input || row.actionOnly || !row.commands.includes(mode)) continue;
    const flag = flagOf(row);
    if (!flag && !row.cliReadsEnv) continue; // the command itself, or read by the connection resolver
    const value = flag ? values[flag] : env[row.env ?? ''];
    if (row.kind === 'switch') inputs[row.input] = value ? String(!row.inverted) : row.cliDefault;
    else if (Array.isArray(value)) inputs[row.input] = value.join('\n');
    else inputs[row.input] = typeof value === 'string' ? value : row.cliDefault;
  }
  return inputs;
}

/** The inputs that hold a credential (masked by the action before it reads anything else). */
export const SECRET_INPUTS: readonly string[] = INPUTS.filter((r) => r.secret).map((r) => r.input as string);
