/**
 * Inputs (action inputs or CLI flags, both as strings) -> one typed, validated Settings object. Pure: the
 * caller supplies the lookup. Every error names the input, quotes the bad value and says what is expected.
 */

import { maskUserInfo } from './databricks/config.js';
import { exportRoots, MAX_DBFS_FILE_MB } from './snapshot/layout.js';
import { DEFAULTS, NameOf, nameOf, type Mode, type Wording } from './inputs.js';

export type { Mode, Wording } from './inputs.js';
export { DEFAULTS } from './inputs.js';

/** export: what to do with credentials found in the exported content (input `on-credentials`). */
export type CredentialPolicy = 'fail' | 'redact';

export interface Settings {
  mode: Mode;
  /** Connection attributes given explicitly; environment variables and profiles fill the rest. */
  connection: {
    host?: string;
    token?: string;
    profile?: string;
    authType?: string;
    clientId?: string;
    clientSecret?: string;
    azureClientId?: string;
    azureClientSecret?: string;
    azureTenantId?: string;
  };
  /** The git working tree holding the snapshot. */
  repoDir: string;
  /** The snapshot folder, relative to repoDir. */
  snapshotPath: string;
  workspacePaths: string[];
  exclude: string[];
  /** export: the Unity Catalog catalogs to export (input `uc-catalogs`); undefined: every one not system-owned. */
  ucCatalogs?: string[];
  commit: boolean;
  push: boolean;
  commitMessage: string;
  concurrency: number;
  /**
   * Per request attempt (input `timeout-seconds`); undefined when not given: then `http_timeout_seconds`
   * of the profile, else 60 s (the Go SDK's default).
   */
  timeoutSeconds?: number;
  /**
   * Send credentials over plain `http://` to a host that is not loopback (input `allow-insecure-http`).
   * Off: the bearer token would travel in clear text (issue 13 #8).
   */
  allowInsecureHttp: boolean;
  /** plan/apply: the git revision of the snapshot to restore; undefined = the working tree as checked out. */
  ref?: string;
  /**
   * plan/apply: delete target objects, group members and entitlements that the snapshot does not have
   * (workspace objects only under the exported roots; other kinds workspace-wide; never the caller).
   */
  prune: boolean;
  /** plan/apply: allow deleting and re-creating objects whose fixed fields changed. */
  allowReplace: boolean;
  /** plan/apply: skip objects that name an unexported object (manual steps) instead of refusing the snapshot. */
  skipUnrestorable: boolean;
  /** apply: plan only, write nothing. */
  dryRun: boolean;
  /** export: verify the snapshot after it is committed (issue 18); the run fails when it is not restorable. */
  verify: boolean;
  /** apply: leave clusters that apply created running. */
  startClusters: boolean;
  /** apply: restore the recorded job schedules, triggers and continuous runs, unpaused (cutover). */
  activateSchedules: boolean;
  /** apply: pause the schedules of the target's jobs (fail back). */
  pauseSchedules: boolean;
  /** plan/apply: where to write plan.json (relative to repoDir); undefined = not written. */
  planFile?: string;
  /** export: fail (nothing committed) or redact when the content holds credentials. */
  credentials: CredentialPolicy;
  /** apply: secret values by `scope/key` (input `secrets`); they cannot be exported. */
  secretValues: Record<string, string>;
  /** apply: put every supplied secret value again, even where the target has the key (rotation). */
  forceSecretValues: boolean;
  /** export: largest DBFS file (init script, library) copied into the snapshot, in bytes. */
  dbfsMaxBytes: number;
  /**
   * export: the largest share (percent) of one kind's objects in the previous snapshot that an export may
   * remove; more, when it is at least MASS_REMOVAL_MIN_OBJECTS objects, fails the export (input
   * `max-removal`). 100 switches the guard off.
   */
  maxRemovalPercent: number;
  /** export: commit a removal beyond `max-removal` this once (input `allow-mass-removal`). */
  allowMassRemoval: boolean;
  /** all: read and apply permissions; none: leave them (export keeps the last recorded ones). */
  permissions: 'all' | 'none';
  /**
   * export: only objects whose name matches one of these globs (every kind but the workspace tree, which
   * `workspacePaths` restricts). Not an input: set by the live drill (src/live/drill.ts). Recorded in
   * snapshot.json as `only_names`; plan refuses prune for such a snapshot.
   */
  onlyNames?: string[];
  /** Whose words a message uses to name an input: the action's (`input 'path'`) or the CLI's (`--path`). */
  words: Wording;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export type InputLookup = (name: string) => string | undefined;

/** Fewer removed objects of a kind than this never trip the `max-removal` guard (a small workspace tidied up). */
export const MASS_REMOVAL_MIN_OBJECTS = 10;

function text(lookup: InputLookup, name: string): string | undefined {
  const value = lookup(name);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function withDefault(lookup: InputLookup, name: string): string {
  const fallback = DEFAULTS[name];
  if (fallback === undefined) throw new Error(`input '${name}' has no default in src/inputs.ts`);
  return text(lookup, name) ?? fallback;
}

export function parseBoolean(name: string, value: string, words: Wording = 'action'): boolean {
  if (/^(true|yes|1|on)$/i.test(value)) return true;
  if (/^(false|no|0|off)$/i.test(value)) return false;
  throw new InputError(`${NameOf(name, words)} must be true or false, got '${value}'`);
}

export function parseInteger(
  name: string,
  value: string,
  min: number,
  max: number,
  words: Wording = 'action',
): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new InputError(
      `${NameOf(name, words)} must be a whole number from ${min} to ${max}, got '${value}'`,
    );
  return Number(value);
}

function optionalInteger(
  lookup: InputLookup,
  name: string,
  min: number,
  max: number,
  words: Wording,
): number | undefined {
  const value = text(lookup, name);
  return value === undefined ? undefined : parseInteger(name, value, min, max, words);
}

/** A list input: one item per line or comma-separated; blank items and `#` comments dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function parseMode(value: string | undefined, words: Wording): Mode {
  if (value === undefined)
    throw new InputError(`${NameOf('mode', words)} is required: export, plan, apply or verify`);
  const mode = value.toLowerCase();
  if (mode === 'export' || mode === 'plan' || mode === 'apply' || mode === 'verify') return mode;
  throw new InputError(`${NameOf('mode', words)} must be export, plan, apply or verify, got '${value}'`);
}

/**
 * A folder (or file) inside the repository, relative to it: not absolute, not the repository itself, no
 * `.` or `..` (the snapshot would be the whole repository, or outside it), nothing inside `.git`. Other
 * characters are fine: git is given the path as a literal pathspec, so `*` or `[` match only themselves.
 */
function parseRepoPath(value: string, input: string, example: string, words: Wording): string {
  const refuse = (why: string) =>
    new InputError(
      `${NameOf(input, words)} must be a path inside the repository like '${example}' (${why}), got '${value}'`,
    );
  const slashed = value.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) throw refuse('not an absolute path');
  const p = slashed
    .replace(/\/{2,}/g, '/')
    .replace(/\/+$/, '')
    .replace(/^(\.\/)+/, '');
  const segments = p.split('/');
  if (p === '' || p === '.') throw refuse('not the repository itself');
  if (segments.some((s) => s === '.' || s === '..')) throw refuse("no '.' or '..'");
  if (segments.some(isDotGit)) throw refuse("not inside '.git'");
  return p;
}

/**
 * A name some file system reads as `.git`: Windows drops trailing dots and spaces (`.git.`), takes
 * `name:stream` as the file `name` (`.git::$INDEX_ALLOCATION`) and has the 8.3 name `GIT~1`; HFS+ ignores
 * some invisible code points (`.g\u200cit`). The same names git itself refuses in a tree
 * (git/git path.c `is_ntfs_dotgit`, utf8.c `is_hfs_dotgit`; CVE-2014-9390).
 */
function isDotGit(segment: string): boolean {
  const name = segment
    .replace(/[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g, '')
    .split(':')[0]
    .replace(/[. ]+$/, '')
    .toLowerCase();
  return name === '.git' || name === 'git~1';
}

function parseWorkspacePaths(value: string, words: Wording): string[] {
  const paths = parseList(value);
  if (paths.length === 0)
    throw new InputError(`${NameOf('workspace-paths', words)} needs at least one workspace path, like '/'`);
  for (const p of paths)
    if (!p.startsWith('/') || p.split('/').includes('..'))
      throw new InputError(
        `${NameOf('workspace-paths', words)} must hold absolute workspace paths like '/Users', got '${p}'`,
      );
  // A root under another root is walked as part of it (two walks would report every object twice).
  return exportRoots(paths);
}

/** Catalog names (UC keeps them in lower case); none given: every catalog the workspace can see. */
function parseCatalogNames(value: string | undefined, words: Wording): string[] | undefined {
  const names = parseList(value ?? '').map((n) => n.toLowerCase());
  if (!names.length) return undefined;
  for (const n of names)
    if (!/^[a-z0-9_-]+$/.test(n))
      throw new InputError(
        `${NameOf('uc-catalogs', words)} must hold catalog names like 'sales', got '${n}'`,
      );
  return [...new Set(names)].sort();
}

/** The message of a bad host quotes it without the user and password a URL may carry (issue 13 #13). */
function parseHost(value: string | undefined, words: Wording): string | undefined {
  if (value === undefined) return undefined;
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InputError(
      `${NameOf('host', words)} must be a workspace URL like https://adb-123.4.azuredatabricks.net, got '${maskUserInfo(value)}'`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(
      `${NameOf('host', words)} must be an https:// workspace URL, got '${maskUserInfo(value)}'`,
    );
  return `${url.protocol}//${url.host}`;
}

export function parseSettings(lookup: InputLookup, repoDir: string, words: Wording = 'action'): Settings {
  const mode = parseMode(text(lookup, 'mode'), words);
  const settings: Settings = {
    mode,
    connection: {
      host: parseHost(text(lookup, 'host'), words),
      token: text(lookup, 'token'),
      profile: text(lookup, 'profile'),
      authType: text(lookup, 'auth-type'),
      clientId: text(lookup, 'client-id'),
      clientSecret: text(lookup, 'client-secret'),
      azureClientId: text(lookup, 'azure-client-id'),
      azureClientSecret: text(lookup, 'azure-client-secret'),
      azureTenantId: text(lookup, 'azure-tenant-id'),
    },
    repoDir,
    snapshotPath: parseRepoPath(withDefault(lookup, 'path'), 'path', 'databricks', words),
    workspacePaths: parseWorkspacePaths(withDefault(lookup, 'workspace-paths'), words),
    exclude: parseList(text(lookup, 'exclude') ?? ''),
    ucCatalogs: parseCatalogNames(text(lookup, 'uc-catalogs'), words),
    commit: parseBoolean('commit', withDefault(lookup, 'commit'), words),
    push: parseBoolean('push', withDefault(lookup, 'push'), words),
    commitMessage: withDefault(lookup, 'commit-message'),
    concurrency: parseInteger('concurrency', withDefault(lookup, 'concurrency'), 1, 64, words),
    timeoutSeconds: optionalInteger(lookup, 'timeout-seconds', 1, 3600, words),
    allowInsecureHttp: parseBoolean('allow-insecure-http', withDefault(lookup, 'allow-insecure-http'), words),
    ref: parseRef(text(lookup, 'ref'), words),
    prune: parseBoolean('prune', withDefault(lookup, 'prune'), words),
    allowReplace: parseBoolean('allow-replace', withDefault(lookup, 'allow-replace'), words),
    skipUnrestorable: parseBoolean('skip-unrestorable', withDefault(lookup, 'skip-unrestorable'), words),
    dryRun: parseBoolean('dry-run', withDefault(lookup, 'dry-run'), words),
    verify: parseBoolean('verify', withDefault(lookup, 'verify'), words),
    startClusters: parseBoolean('start-clusters', withDefault(lookup, 'start-clusters'), words),
    activateSchedules: parseBoolean('activate-schedules', withDefault(lookup, 'activate-schedules'), words),
    pauseSchedules: parseBoolean('pause-schedules', withDefault(lookup, 'pause-schedules'), words),
    planFile: text(lookup, 'plan-file'),
    credentials: parseCredentialPolicy(withDefault(lookup, 'on-credentials'), words),
    secretValues: parseSecretValues(text(lookup, 'secrets'), words),
    forceSecretValues: parseBoolean('force-secret-values', withDefault(lookup, 'force-secret-values'), words),
    dbfsMaxBytes:
      parseInteger('dbfs-max-mb', withDefault(lookup, 'dbfs-max-mb'), 0, MAX_DBFS_FILE_MB, words) *
      1024 *
      1024,
    permissions: parsePermissionsMode(withDefault(lookup, 'permissions'), words),
    maxRemovalPercent: parsePercent('max-removal', withDefault(lookup, 'max-removal'), words),
    allowMassRemoval: parseBoolean('allow-mass-removal', withDefault(lookup, 'allow-mass-removal'), words),
    words,
  };
  if (settings.activateSchedules && settings.pauseSchedules)
    throw new InputError(
      `${words === 'action' ? "Inputs 'activate-schedules' and 'pause-schedules'" : `${nameOf('activate-schedules', words)} and ${nameOf('pause-schedules', words)}`} cannot both be true: pick cutover or fail back`,
    );
  if (settings.planFile !== undefined)
    settings.planFile = parsePlanFile(settings.planFile, settings.snapshotPath, words);
  return settings;
}

/**
 * A file in the repository, outside the snapshot folder: a plan written there would replace a snapshot
 * file (or be taken for one). Names are compared without case, as a case-folding file system would.
 * Symbolic links on the way are refused when the file is written (snapshot/repo-file.ts).
 */
function parsePlanFile(value: string, snapshotPath: string, words: Wording): string {
  const p = parseRepoPath(value, 'plan-file', 'plan.json', words);
  const [plan, snapshot] = [p.toLowerCase(), snapshotPath.toLowerCase()];
  if (plan === snapshot || plan.startsWith(`${snapshot}/`))
    throw new InputError(
      `${NameOf('plan-file', words)} must be outside the snapshot folder '${snapshotPath}' (a plan must not replace a snapshot file), got '${value}'`,
    );
  return p;
}

/**
 * `{"scope/key": "value"}`. The message of a bad value never repeats the input: it holds secrets, and a
 * malformed key may be a value pasted in the wrong place (issue 13 #13), so a bad key is named by its
 * position and length only.
 */
function parseSecretValues(value: string | undefined, words: Wording): Record<string, string> {
  if (value === undefined) return {};
  const usage = `${NameOf('secrets', words)} must be a JSON object of "scope/key": "value" strings`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InputError(`${usage} (it is not valid JSON)`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(usage);
  const out: Record<string, string> = {};
  for (const [i, [k, v]] of Object.entries(parsed).entries()) {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.\-/]+$/.test(k))
      throw new InputError(
        `${usage}; key number ${i + 1} (${k.length} characters, not repeated here in case it is a secret) is not a scope/key name like "my-scope/db-password"`,
      );
    if (typeof v !== 'string') throw new InputError(`${usage}; the value of '${k}' is not a string`);
    out[k] = v;
  }
  return out;
}

/** A share from 0% to 100% (the % sign optional). */
function parsePercent(name: string, value: string, words: Wording): number {
  const m = /^(\d{1,3})\s*%?$/.exec(value);
  if (!m || Number(m[1]) > 100)
    throw new InputError(
      `${NameOf(name, words)} must be a percentage from 0% to 100%, like 50%, got '${value}'`,
    );
  return Number(m[1]);
}

function parsePermissionsMode(value: string, words: Wording): 'all' | 'none' {
  const v = value.toLowerCase();
  if (v === 'all' || v === 'none') return v;
  throw new InputError(`${NameOf('permissions', words)} must be all or none, got '${value}'`);
}

function parseCredentialPolicy(value: string, words: Wording): CredentialPolicy {
  const v = value.toLowerCase();
  if (v === 'fail' || v === 'redact') return v;
  throw new InputError(`${NameOf('on-credentials', words)} must be fail or redact, got '${value}'`);
}

/** A git revision; anything that could be read as an option or a range is refused. */
function parseRef(value: string | undefined, words: Wording): string | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('-') || /\.\.|[\s:?*[\\]/.test(value))
    throw new InputError(`${NameOf('ref', words)} must be a branch, tag or commit sha, got '${value}'`);
  return value;
}
