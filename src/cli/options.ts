import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULTS, INPUTS, flagOf, type Command, type InputRow } from '../inputs.js';
import { InputError } from '../settings.js';

/** What each command is for, and an example; the flags come from the table (src/inputs.ts). */
const COMMANDS: Record<Command, { summary: string; example: string; notes?: string; hidden?: boolean }> = {
  export: {
    summary: 'workspace -> files in the git repository, committed',
    example: 'databricks-dr export --profile prod --repo ./dr --push',
    notes: `Without --no-commit the snapshot is committed when something changed (pushed only with --push).
--no-commit writes the files and says how many were added, changed and removed, without committing.`,
  },
  plan: {
    summary: 'what apply would change on the target workspace; writes nothing',
    example: 'databricks-dr plan --profile dr --repo ./dr --plan-file plan.json',
  },
  apply: {
    summary: 'files at a git revision -> the target workspace (idempotent; deleting needs --prune)',
    example: `DATABRICKS_DR_SECRETS='{"etl/jdbc-password": "..."}' databricks-dr apply --profile dr --repo ./dr`,
    notes:
      'Secret values cannot be exported: give them in DATABRICKS_DR_SECRETS (JSON, "scope/key": "value").',
  },
  verify: {
    summary: 'restore the snapshot into an emulated workspace in this process and prove it restorable',
    example: 'databricks-dr verify --repo ./dr --ref HEAD',
    notes: `Contacts no workspace: plan, apply, a second apply and an export of the emulated workspace, from
the snapshot alone (secret values are placeholders). What the real service does differently is not proved.`,
  },
  demo: {
    summary: 'the full DR drill on two emulated workspaces',
    example: 'databricks-dr demo',
  },
  'live-drill': {
    summary: 'the DR drill on two real workspaces named by DATABRICKS_DR_LIVE_* variables',
    example: 'npm run test:live',
    notes: 'Without the DATABRICKS_DR_LIVE_* variables it says which to set and exits 0.',
  },
  emulator: {
    summary: 'an emulated workspace (REST API) on this machine, with optional faults',
    example: 'databricks-dr emulator --port 8080 --sample --rps 10',
  },
  bench: {
    summary: 'export/apply benchmark on emulators (speed and memory targets)',
    example: 'databricks-dr bench --quick',
  },
  'bench-worker': { summary: 'one process of the benchmark (internal)', example: '', hidden: true },
};

const CONNECTION = `Connection (as the Databricks CLI): --profile NAME (~/.databrickscfg), --host URL, or the environment
(DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CONFIG_PROFILE, DATABRICKS_CLIENT_ID/SECRET, ARM_*).
Tokens come from the environment or the profile, never from the command line. Behind a proxy:
HTTPS_PROXY=http://[user:password@]host:port and NO_PROXY, as the Databricks CLI.`;

export function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMANDS, name);
}

/** The rows a command takes on its command line. */
function flagRows(command: Command): InputRow[] {
  return INPUTS.filter((r) => flagOf(r) !== undefined && r.commands.includes(command));
}

function optionsOf(command: Command): ParseArgsConfig['options'] {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const row of flagRows(command))
    options[flagOf(row) as string] = {
      type: row.kind === 'switch' ? 'boolean' : 'string',
      ...(row.kind === 'list' ? { multiple: true } : {}),
      ...(row.short ? { short: row.short } : {}),
    };
  return options;
}

export interface ParsedCommand {
  command: Command;
  help: boolean;
  /** Flag values by flag name, as parseArgs gives them. */
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * `argv` after the program name -> the command and its flags. A flag of another command is refused in one
 * line that names the command taking it (`export --dry-run` would otherwise commit: issue 16).
 */
export function parseCommandLine(argv: string[]): ParsedCommand | { version: true } | { usage: boolean } {
  const first = argv.findIndex((a) => !a.startsWith('-'));
  const before = first < 0 ? argv : argv.slice(0, first);
  if (before.some((a) => a === '--version' || a === '-V')) return { version: true };
  if (first < 0) return { usage: before.some((a) => a === '--help' || a === '-h') };
  const name = argv[first];
  if (!isCommand(name)) throw new UsageError(`unknown command '${name}' (see databricks-dr --help)`);
  const command = name;
  const args = [...before, ...argv.slice(first + 1)];
  const options = optionsOf(command);
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens ?? []) {
    if (token.kind === 'positional')
      throw new UsageError(
        `${command} takes no argument '${token.value}' (see databricks-dr ${command} --help)`,
      );
    if (token.kind === 'option' && !Object.hasOwn(options ?? {}, token.name))
      throw new UsageError(foreignFlag(command, token.rawName, token.name));
  }
  try {
    const { values } = parseArgs({ args, options, allowPositionals: true, strict: true });
    const { help, ...rest } = values as ParsedCommand['values'];
    return { command, help: Boolean(help), values: rest };
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see databricks-dr ${command} --help)`);
  }
}

/** A mistake on the command line: exit code 2, as parseArgs' own errors. */
export class UsageError extends InputError {}

function foreignFlag(command: Command, raw: string, name: string): string {
  const shown = raw.startsWith('--') ? `--${name}` : raw;
  const takers = (Object.keys(COMMANDS) as Command[]).filter(
    (c) => !COMMANDS[c].hidden && flagRows(c).some((r) => flagOf(r) === name || r.short === name),
  );
  // A flag another command has, named after an input this command reads from the environment.
  const viaEnv = INPUTS.find((r) => r.input === name && r.env && r.commands.includes(command));
  const hint = INPUTS.find((r) => flagOf(r) === name)?.elsewhere?.[command];
  const env = viaEnv
    ? `: ${command} reads it from ${viaEnv.env} (or a profile), never from the command line`
    : hint
      ? `: ${hint}`
      : '';
  if (takers.length)
    return `${shown} is an option of ${takers.join(', ')}, not of ${command}${env} (see databricks-dr ${command} --help)`;
  return `unknown option '${shown}' for ${command} (see databricks-dr ${command} --help)`;
}

function defaultText(row: InputRow): string | undefined {
  const value = row.cliDefault ?? (row.input ? DEFAULTS[row.input] : undefined);
  if (row.kind === 'switch' || value === undefined) return undefined;
  return value;
}

/** `databricks-dr <command> --help`: usage, every flag with its default, the variables it reads, an example. */
export function commandHelp(command: Command): string {
  const meta = COMMANDS[command];
  const rows = flagRows(command);
  const left = (r: InputRow) =>
    `${r.short ? `-${r.short}, ` : '    '}--${flagOf(r)}${r.kind === 'switch' ? '' : ` ${r.value ?? 'VALUE'}`}`;
  const width = Math.max(...rows.map((r) => left(r).length), 10) + 2;
  const lines = [
    `databricks-dr ${command}: ${meta.summary}`,
    '',
    `Usage: databricks-dr ${command} [flags]`,
    '',
    'Flags:',
    ...rows.map((r) => {
      const def = defaultText(r);
      return `  ${left(r).padEnd(width)}${r.help}${def !== undefined ? ` (default ${def})` : ''}${r.kind === 'list' ? ' (repeatable)' : ''}`;
    }),
    `  ${'-h, --help'.padEnd(width)}this help`,
  ];
  const env = INPUTS.filter((r) => r.env && r.commands.includes(command));
  if (env.length) {
    lines.push('', 'Environment:');
    for (const r of env) lines.push(`  ${r.env!.padEnd(width)}${r.help}`);
  }
  if (meta.notes) lines.push('', meta.notes);
  if (rows.some((r) => r.input === 'host')) lines.push('', CONNECTION);
  if (meta.example) lines.push('', 'Example:', `  ${meta.example}`);
  return lines.join('\n');
}

/** `databricks-dr --help`: the commands. */
export function usage(): string {
  const shown = (Object.keys(COMMANDS) as Command[]).filter((c) => !COMMANDS[c].hidden);
  const width = Math.max(...shown.map((c) => c.length)) + 2;
  return [
    'databricks-dr: Databricks disaster recovery with git as the record',
    '',
    'Usage: databricks-dr <command> [flags]',
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.padEnd(width)}${COMMANDS[c].summary}`),
    '',
    'databricks-dr <command> --help shows the flags of one command, their defaults and an example.',
    'databricks-dr --version prints the version.',
    '',
    CONNECTION,
  ].join('\n');
}
