/**
 * Files that configurations need to run, found in the configuration JSON a snapshot holds: init scripts,
 * libraries, job task sources (notebooks, Python and SQL files, dbt projects) and pipeline sources, as DBFS
 * or workspace paths (reference §4.1, §7, §10.2, §15; databricks-sdk-go service/compute/model.go,
 * service/jobs/model.go, service/pipelines/model.go). One walk serves the DBFS files kind (which copies the
 * DBFS files named) and the export's check that every workspace path named is in the snapshot's `workspace/`
 * tree: a job whose notebook was not exported fails on the secondary, and the demo's parity check cannot see
 * it, since the job's JSON is restored faithfully either way.
 *
 * `pathReferences` and `missingWorkspaceDependencies` are pure; `configReferences` and `workspaceObjects` read
 * a snapshot folder (the export's staging folder) without any API call.
 */
import { nameOf, theOf, type Wording } from '../inputs.js';
import { promises as fs } from 'node:fs';
import pLimit from 'p-limit';
import * as path from 'node:path';
import type { Finding } from '../report/report.js';
import {
  DBFS_DIR,
  DIR_MARKER,
  isUnder,
  languageOfExtension,
  normalizeWorkspacePath,
  notebookHeader,
  objectForFile,
  WORKSPACE_DIR,
} from '../snapshot/layout.js';
import { EXPORT_STATE_FILE } from '../snapshot/store.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { collectRefs, type Ref } from '../plan/references.js';
import { slot } from '../util/memo.js';
import type { RunCache } from './kind.js';

/** Where a path is named: an init script, a library, a job task's source, a pipeline's source. */
export type ReferenceRole = 'init_script' | 'library' | 'task' | 'pipeline_source';

export interface PathReference {
  /** The field, as a JSON path from the top of the file: `tasks[0].notebook_task.notebook_path`. */
  field: string;
  role: ReferenceRole;
  /** DBFS paths are `dbfs:/` URIs; workspace paths are absolute, `/Workspace` prefix or not. */
  store: 'dbfs' | 'workspace';
  /** The field's value, as written. */
  value: string;
  /** The path in its store: `/FileStore/a.whl` for `dbfs:/FileStore/a.whl`, `/Shared/x` for `/Workspace/Shared/x`. */
  path: string;
}

const LIBRARY_FIELDS = ['jar', 'whl', 'egg', 'requirements'];

/** Task types whose source is a workspace path unless it comes from the job's `git_source`. */
const TASK_SOURCES: ReadonlyArray<readonly [task: string, holder: string | undefined, fields: string[]]> = [
  ['notebook_task', undefined, ['notebook_path']],
  ['spark_python_task', undefined, ['python_file']],
  ['sql_task', 'file', ['path']],
  ['dbt_task', undefined, ['project_directory', 'profiles_directory']],
];

/** `dbfs:/a/b` -> `/a/b`; undefined for anything that is not a DBFS URI. */
export function dbfsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('dbfs:/')) return undefined;
  const parts = uri.slice('dbfs:'.length).split('/').filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p === '.' || p === '..')) return undefined;
  return '/' + parts.join('/');
}

/** An absolute workspace path, normalized; undefined for URIs, relative paths and `..`. */
function workspacePathOf(value: string): string | undefined {
  if (!value.startsWith('/') || value.split('/').some((p) => p === '..' || p === '.')) return undefined;
  return normalizeWorkspacePath(value);
}

/**
 * Every DBFS and workspace path a configuration object names, wherever it sits (clusters, job clusters,
 * task clusters, for-each tasks, pipeline clusters, policies' libraries, ...). `cluster_log_conf` is a
 * destination for logs, not content, and is not followed. A task's source is a workspace path when its
 * `source` is WORKSPACE, or absent in a job without `git_source` (the API's default); GIT sources live in
 * the remote repository. Library paths are workspace paths only with the `/Workspace/` prefix (§7). Pure.
 */
export function pathReferences(value: JsonValue): PathReference[] {
  const found: PathReference[] = [];
  const hasGit = isJsonObject(value) && isJsonObject(value.git_source);
  const add = (field: string, role: ReferenceRole, v: JsonValue | undefined, workspace: boolean) => {
    if (typeof v !== 'string') return;
    const dbfs = dbfsPathOf(v);
    if (dbfs) found.push({ field, role, store: 'dbfs', value: v, path: dbfs });
    else if (workspace) {
      const p = workspacePathOf(v);
      if (p) found.push({ field, role, store: 'workspace', value: v, path: p });
    }
  };
  const library = (lib: JsonObject, at: string) => {
    for (const f of LIBRARY_FIELDS) {
      const v = lib[f];
      add(`${at}.${f}`, 'library', v, typeof v === 'string' && v.startsWith('/Workspace/'));
    }
    // Pipeline libraries (§15): notebooks and files of the pipeline's source code.
    for (const f of ['notebook', 'file'])
      if (isJsonObject(lib[f])) add(`${at}.${f}.path`, 'pipeline_source', (lib[f] as JsonObject).path, true);
  };
  const taskSources = (task: JsonObject, at: string) => {
    for (const [type, holder, fields] of TASK_SOURCES) {
      const t = task[type];
      if (!isJsonObject(t)) continue;
      const where = holder === undefined ? t : t[holder];
      if (!isJsonObject(where)) continue;
      const source = where.source ?? t.source;
      const workspace = source === 'WORKSPACE' || (source === undefined && !hasGit);
      const prefix = holder === undefined ? `${at}${type}` : `${at}${type}.${holder}`;
      for (const f of fields) add(`${prefix}.${f}`, 'task', where[f], workspace);
    }
  };
  const walk = (v: JsonValue, at: string, parentKey: string | undefined) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const here = `${at}[${i}]`;
        if (isJsonObject(item)) {
          if (parentKey === 'init_scripts') {
            if (isJsonObject(item.dbfs))
              add(`${here}.dbfs.destination`, 'init_script', item.dbfs.destination, false);
            if (isJsonObject(item.workspace))
              add(`${here}.workspace.destination`, 'init_script', item.workspace.destination, true);
          }
          if (parentKey === 'libraries') library(item, here);
        } else if (parentKey === 'dependencies' && typeof item === 'string') {
          // Environment dependencies (§10.1): pip requirement lines; a wheel or `-r` file in the workspace.
          const m = /^(?:-r\s+)?(\/Workspace\/\S+)$/.exec(item.trim());
          if (m) add(here, 'library', m[1], true);
        }
        walk(item, here, undefined);
      });
    } else if (isJsonObject(v)) {
      taskSources(v, at ? `${at}.` : '');
      for (const [k, x] of Object.entries(v)) {
        if (k === 'cluster_log_conf') continue;
        const here = at ? `${at}.${k}` : k;
        // spark_python_task's is a task source (above); a python_file elsewhere is followed for DBFS only.
        if (k === 'python_file' && parentKey !== 'spark_python_task') add(here, 'task', x, false);
        walk(x, here, k);
      }
    }
  };
  walk(value, '', undefined);
  return found;
}

/** A configuration file of a snapshot and its parsed content. */
export interface ConfigFile {
  /** Snapshot-relative, e.g. `jobs/orders_etl.json`. */
  file: string;
  value: JsonValue;
}

/** Top-level folders whose JSON is not configuration: user content, and DBFS files. */
const NOT_CONFIG = new Set([WORKSPACE_DIR, DBFS_DIR]);

/**
 * What the dependency checks need of a configuration file: the paths and the objects it names, and a Git
 * folder's own path.
 */
export interface ConfigReferences {
  /** Snapshot-relative, e.g. `jobs/orders_etl.json`. */
  file: string;
  refs: PathReference[];
  /** The objects it references, `${resources.<kind>.<key>.id}`. */
  objects: Ref[];
  /** A Git folder's workspace path (`repos/*.json`): its files come with the clone. */
  repoPath?: string;
}

export function referencesOf({ file, value }: ConfigFile): ConfigReferences {
  const out: ConfigReferences = { file, refs: pathReferences(value), objects: collectRefs(value).refs };
  if (file.startsWith('repos/') && isJsonObject(value) && typeof value.path === 'string')
    out.repoPath = normalizeWorkspacePath(value.path);
  return out;
}

/**
 * The references of the snapshot an export writes, by file: each file is written once, so the DBFS kind and
 * the missing-dependency check after every kind parse each file once between them, and keep only the few
 * paths it names (the parsed files of 500 jobs, held for the rest of an export, weighed tens of MB).
 */
const WRITTEN_REFERENCES = slot<Map<string, Promise<ConfigReferences>>>('written config references');

/** The cache of the snapshot this export run writes. */
export function configCache(run: RunCache): Map<string, Promise<ConfigReferences>> {
  return run.get(WRITTEN_REFERENCES, () => new Map());
}

/** The references of every configuration `*.json` under the kinds' folders of a snapshot folder, in path order. */
export async function configReferences(
  root: string,
  cache: Map<string, Promise<ConfigReferences>> = new Map(),
): Promise<ConfigReferences[]> {
  const files: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && (NOT_CONFIG.has(e.name) || e.name === EXPORT_STATE_FILE)) continue;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (rel && e.isFile() && e.name.endsWith('.json')) files.push(r);
    }
  };
  await walk(root, '');
  // Read side by side (hundreds of job files), kept in path order. JSON.parse, not the lossless parser:
  // only strings (paths) are looked at, and it is several times faster on 500 job files.
  const reading = pLimit(16);
  return Promise.all(
    files.map((file) => {
      let refs = cache.get(file);
      if (!refs) {
        refs = reading(async () =>
          referencesOf({
            file,
            value: JSON.parse(await fs.readFile(path.join(root, file), 'utf8')) as JsonValue,
          }),
        );
        cache.set(file, refs);
      }
      return refs;
    }),
  );
}

/** A path and every folder above it, up to (not including) the root. */
function ancestry(p: string): string[] {
  const out: string[] = [];
  for (let at = p; at.length > 1; at = at.slice(0, at.lastIndexOf('/')) || '/') out.push(at);
  return out;
}

/**
 * The workspace paths a snapshot folder's `workspace/` tree holds: notebooks, files and folders (every
 * folder above an object, and empty ones by their marker). Only the first bytes of a file with a notebook
 * extension are read, to tell a notebook (`a` from `a.py`) from a file.
 */
export async function workspaceObjects(
  root: string,
  notebooks: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const out = new Set<string>(['/']);
  const base = path.join(root, WORKSPACE_DIR);
  let entries;
  try {
    entries = await fs.readdir(base, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw error;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(base, full).split(path.sep).join('/');
    const dot = e.name.lastIndexOf('.');
    const language = dot > 0 ? languageOfExtension(e.name.slice(dot)) : undefined;
    let head: Buffer = Buffer.alloc(0);
    // A notebook the caller exported has its SOURCE header (the Workspace API always writes it, reference
    // §4); only other files are opened to look for one.
    if (language && notebooks.has(`${WORKSPACE_DIR}/${rel}`))
      head = Buffer.from(`${notebookHeader(language)}\n`);
    else if (e.name !== DIR_MARKER && language) {
      const handle = await fs.open(full, 'r');
      try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(200), 0, 200, 0);
        head = buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    }
    for (const p of ancestry(objectForFile(rel, head).path)) out.add(p);
  }
  return out;
}

/** What export knows about the workspace paths it read (settings and the workspace kind's skips). */
export interface WorkspaceScope {
  /** The `workspace-paths` roots, normalized. */
  roots: string[];
  /** The `exclude` patterns' matcher. */
  excluded(path: string): boolean;
  /** Workspace objects the workspace kind skipped, with why. */
  skipped: ReadonlyMap<string, string>;
  /** Kind name of a snapshot folder (`instance-pools` -> `instance_pools`). */
  kindOf(folder: string): string;
  /** Whose words name an input (src/inputs.ts); the action's when absent. */
  words?: Wording;
}

const CONSEQUENCE: Record<string, string> = {
  jobs: 'the job will fail on the secondary',
  pipelines: 'the pipeline will fail on the secondary',
};

function consequence(kind: string, role: ReferenceRole): string {
  if (CONSEQUENCE[kind]) return CONSEQUENCE[kind];
  if (role === 'init_script') return 'the cluster will fail to start on the secondary';
  if (role === 'library') return 'the library will fail to install on the secondary';
  return 'it will be missing on the secondary';
}

/**
 * Every workspace path the configuration files name that the snapshot's workspace tree does not hold,
 * as a warning (which file, which field, what will fail) and a manual step each; paths inside a Git folder
 * of the snapshot (`repos/*.json`) come with the clone and are not reported. Says why a path is missing
 * where export knows: excluded by a pattern, outside the exported roots, or skipped. Pure.
 */
export function missingWorkspaceDependencies(
  configs: readonly ConfigReferences[],
  present: ReadonlySet<string>,
  scope: WorkspaceScope,
): { warnings: Finding[]; manual: Finding[] } {
  const repoPaths = configs.flatMap((c) => (c.repoPath ? [c.repoPath] : []));
  const warnings: Finding[] = [];
  const manual: Finding[] = [];
  for (const { file, refs } of configs) {
    const kind = scope.kindOf(file.split('/')[0]);
    for (const ref of refs) {
      if (ref.store !== 'workspace' || present.has(ref.path)) continue;
      if (repoPaths.some((r) => isUnder(ref.path, r))) continue;
      const skipped = [...scope.skipped].find(([p]) => isUnder(ref.path, p));
      let why: string;
      let todo: string;
      if (!scope.roots.some((r) => isUnder(ref.path, r))) {
        why = `outside the exported workspace-paths (${scope.roots.join(', ')})`;
        todo = `add its folder to ${nameOf('workspace-paths', scope.words ?? 'action').replace(/^input /, '')}, or copy it to the secondary by hand`;
      } else if (ancestry(ref.path).some((p) => scope.excluded(p))) {
        why = `left out by ${theOf('exclude', scope.words ?? 'action')}`;
        todo = `stop excluding it, or copy it to the secondary by hand`;
      } else if (skipped) {
        why = `skipped: ${skipped[1]}`;
        todo = `copy it to the secondary by hand`;
      } else {
        why = `the primary workspace has no such object`;
        todo = `create it in the secondary, or fix the field`;
      }
      warnings.push({
        kind,
        key: file,
        reason: `${ref.field} '${ref.value}' is not in the snapshot (${why}): ${consequence(kind, ref.role)}`,
      });
      manual.push({ kind, key: file, reason: `${ref.path} (${ref.field}): ${todo}` });
    }
  }
  return { warnings, manual };
}

/**
 * The references configuration files make to objects that `vanished` says the snapshot has no file for
 * (deleted while the export ran), file by file in the order given. Pure.
 */
export function referencesToVanished(
  configs: readonly ConfigReferences[],
  vanished: (ref: Ref) => boolean,
): Array<{ file: string; ref: Ref }> {
  return configs.flatMap(({ file, objects }) => objects.filter(vanished).map((ref) => ({ file, ref })));
}
