/**
 * The DR drill on real workspaces (`npm run test:live`): the demo's drill (src/demo/demo.ts), made safe to
 * run against a workspace people use.
 *
 * - It seeds its own small set of objects in the primary, every one named `databricks-dr-live-<run>-p…`
 *   (a folder under /Shared, a notebook and a file in it, a secret scope with a secret and an ACL, a group,
 *   a cluster policy, a paused scheduled job on a job cluster with a grant), and exports only those: the
 *   workspace tree is restricted by `workspace-paths`, every other kind by name (Settings.onlyNames).
 *   Before anything is written to the secondary, the snapshot is checked to hold nothing else, and the plan
 *   to do nothing but create.
 * - Two workspaces: the snapshot is applied to the secondary as it is. One workspace: the "secondary" is a
 *   second folder and name prefix (`…-s…`) in the same workspace, and the snapshot is rewritten to them
 *   before it is applied (and the secondary's export rewritten back before the parity check).
 * - Every object it creates is recorded by id in a ledger file as soon as it exists (in the primary by the
 *   seeding, in the secondary by looking up the drill's names after apply: the run id makes them unique,
 *   and the preflight checks that none existed). Cleanup deletes exactly the ledger, nothing else, and
 *   refuses to delete anything whose name does not carry the run's prefix.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ApiObserver, DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { differences, makeRepoWithRemote, snapshotFiles } from '../demo/demo.js';
import { runApply } from '../modes/apply.js';
import { runExport, SNAPSHOT_META_FILE } from '../modes/export.js';
import { keyFromName } from '../plan/references.js';
import { planText } from '../report/plan-render.js';
import { RunReport } from '../report/report.js';
import { RECORDED_FILE } from '../resources/permissions.js';
import { kindByName } from '../resources/registry.js';
import { APPLY_STATE_DIR } from '../resources/workspace.js';
import { parseSettings, type Settings } from '../settings.js';
import { GIT_ATTRIBUTES_FILE } from '../snapshot/layout.js';
import { SnapshotSource } from '../snapshot/source.js';
import { EXPORT_STATE_FILE } from '../snapshot/store.js';
import { WORKSPACE_CATALOG_FILE } from '../resources/workspace-catalog.js';
import { isJsonObject, stableJson, type JsonObject } from '../util/json.js';
import type { Log } from '../util/log.js';

export interface DrillWorkspace {
  /** For messages. */
  host: string;
  /** A client for this workspace, telling `observer` every exchange (the write count). */
  client(observer?: ApiObserver): DatabricksClient;
}

export interface DrillOptions {
  primary: DrillWorkspace;
  /** The same workspace as the primary when `sameWorkspace`. */
  secondary: DrillWorkspace;
  sameWorkspace: boolean;
  /** Lower-case letters and digits; default: the UTC time and 4 random hex digits. */
  runId?: string;
  /** The workspace folder the drill's folders are made in. Default /Shared. */
  parent?: string;
  /** Runtime and node type of the drill's job cluster; default: picked from the primary's lists. */
  sparkVersion?: string;
  nodeTypeId?: string;
  /** Work folder: the git repository, the secondary's export, the ledger. */
  dir: string;
  print: (line: string) => void;
  log: Log;
}

type CreatedKind = 'workspace' | 'job' | 'secret_scope' | 'group' | 'cluster_policy';

/** One object the drill created, as the ledger file records it. */
export interface Created {
  side: 'primary' | 'secondary';
  kind: CreatedKind;
  /** Job, group or policy id; the path of a folder; the name of a scope. */
  id: string;
  name: string;
}

export const LIVE_PREFIX = 'databricks-dr-live-';

/** Names of one side of the drill. */
interface Names {
  /** `databricks-dr-live-<run>-p` (primary) or `-s` (the secondary in one workspace). */
  label: string;
  root: string;
  job: string;
  scope: string;
  group: string;
  policy: string;
}

function namesFor(label: string, parent: string): Names {
  return {
    label,
    root: `${parent.replace(/\/+$/, '')}/${label}`,
    job: `${label}-job`,
    scope: `${label}-scope`,
    group: `${label}-group`,
    policy: `${label}-policy`,
  };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', 't').slice(0, 13);
  return `${stamp}${randomBytes(2).toString('hex')}`;
}

/** The ledger: every object the drill created, written to disk as soon as it exists. */
class Ledger {
  readonly items: Created[] = [];
  constructor(
    readonly file: string,
    readonly prefix: string,
  ) {}
  async add(item: Created): Promise<void> {
    // Folders and scopes are deleted by path and name (their id); the others by an id checked at deletion.
    // Apply's own folder is the drill's only when it did not exist before (see runLiveDrill).
    const named = item.kind === 'workspace' || item.kind === 'secret_scope' ? item.id : item.name;
    if (!isDrillName(item.kind, named, this.prefix))
      throw new Error(`refusing to record '${named}': not named with the drill's prefix ${this.prefix}`);
    if (this.items.some((i) => i.side === item.side && i.kind === item.kind && i.id === item.id)) return;
    this.items.push(item);
    await fs.writeFile(this.file, stableJson({ prefix: this.prefix, created: this.items }));
  }
}

/** The answer was a not-found: the object is absent. */
function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.isNotFound;
}

async function workspaceObjectId(client: DatabricksClient, p: string): Promise<string | undefined> {
  try {
    const info = await client.get('/api/2.0/workspace/get-status', { path: p });
    return String(info.object_id);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Ids of the objects of a kind that have exactly this name (jobs and policies may share names). */
async function idsNamed(client: DatabricksClient, kind: CreatedKind, name: string): Promise<string[]> {
  switch (kind) {
    case 'workspace': {
      const id = await workspaceObjectId(client, name);
      return id ? [name] : [];
    }
    case 'job': {
      const out: string[] = [];
      for await (const job of client.paginate<JsonObject>('/api/2.2/jobs/list', 'jobs', { name, limit: 100 }))
        if (isJsonObject(job.settings) && job.settings.name === name) out.push(String(job.job_id));
      return out;
    }
    case 'secret_scope': {
      const page = await client.get('/api/2.0/secrets/scopes/list');
      const scopes = Array.isArray(page.scopes) ? page.scopes : [];
      return scopes.some((s) => isJsonObject(s) && s.name === name) ? [name] : [];
    }
    case 'group': {
      const page = await client.get('/api/2.0/preview/scim/v2/Groups', {
        filter: `displayName eq "${name}"`,
        attributes: 'id,displayName',
      });
      const groups = Array.isArray(page.Resources) ? page.Resources : [];
      return groups
        .filter((g) => isJsonObject(g) && g.displayName === name)
        .map((g) => String((g as JsonObject).id));
    }
    case 'cluster_policy': {
      const page = await client.get('/api/2.0/policies/clusters/list');
      const policies = Array.isArray(page.policies) ? page.policies : [];
      return policies
        .filter((p) => isJsonObject(p) && p.name === name)
        .map((p) => String((p as JsonObject).policy_id));
    }
  }
}

/**
 * The name the object behind a ledger entry has now (undefined: it is gone). Read before deleting, so an
 * id that is not the drill's (a damaged ledger, an id reused) is never deleted.
 */
async function currentName(client: DatabricksClient, item: Created): Promise<string | undefined> {
  try {
    switch (item.kind) {
      case 'workspace':
        return (await workspaceObjectId(client, item.id)) === undefined ? undefined : item.id;
      case 'secret_scope':
        return (await idsNamed(client, 'secret_scope', item.id)).length ? item.id : undefined;
      case 'job': {
        const job = await client.get('/api/2.2/jobs/get', { job_id: item.id });
        return isJsonObject(job.settings) ? String(job.settings.name) : '';
      }
      case 'group':
        return String(
          (await client.get(`/api/2.0/preview/scim/v2/Groups/${encodeURIComponent(item.id)}`)).displayName,
        );
      case 'cluster_policy':
        return String((await client.get('/api/2.0/policies/clusters/get', { policy_id: item.id })).name);
    }
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Is this the name of an object the drill made (its folder, a folder in it, or apply's state folder)? */
function isDrillName(kind: CreatedKind, name: string, prefix: string): boolean {
  if (kind === 'workspace')
    return name === APPLY_STATE_DIR || (name.split('/').pop() ?? '').startsWith(prefix);
  return name.startsWith(prefix);
}

/** Deletes one object of the ledger after checking its current name; a not-found means it is gone already. */
async function remove(
  client: DatabricksClient,
  item: Created,
  prefix: string,
): Promise<'deleted' | 'already gone'> {
  const name = await currentName(client, item);
  if (name === undefined) return 'already gone';
  if (!isDrillName(item.kind, name, prefix))
    throw new Error(`its ${item.kind} ${item.id} is now '${name}', not the drill's: left alone`);
  try {
    switch (item.kind) {
      case 'workspace':
        await client.post(
          '/api/2.0/workspace/delete',
          { path: item.id, recursive: true },
          { idempotent: true },
        );
        break;
      case 'job':
        await client.post('/api/2.2/jobs/delete', { job_id: BigInt(item.id) }, { idempotent: true });
        break;
      case 'secret_scope':
        await client.post('/api/2.0/secrets/scopes/delete', { scope: item.id }, { idempotent: true });
        break;
      case 'group':
        await client.request('DELETE', `/api/2.0/preview/scim/v2/Groups/${encodeURIComponent(item.id)}`);
        break;
      case 'cluster_policy':
        await client.post('/api/2.0/policies/clusters/delete', { policy_id: item.id }, { idempotent: true });
        break;
    }
    return 'deleted';
  } catch (error) {
    if (isNotFound(error)) return 'already gone';
    throw error;
  }
}

/** The newest LTS runtime without ML, GPU or Photon; else the newest plain one. */
export function pickSparkVersion(versions: JsonObject[]): string | undefined {
  const plain = versions
    .map((v) => ({ key: String(v.key ?? ''), name: String(v.name ?? '') }))
    .filter((v) => /^\d+\.\d+\.x-scala[\d.]+$/.test(v.key));
  const number = (key: string) => key.split('.').slice(0, 2).map(Number);
  plain.sort((a, b) => {
    const [x, y] = [number(a.key), number(b.key)];
    return y[0] - x[0] || y[1] - x[1];
  });
  return (plain.find((v) => /LTS/.test(v.name)) ?? plain[0])?.key;
}

/** The smallest node type that is neither deprecated nor hidden, with at least 4 GB. */
export function pickNodeType(types: JsonObject[]): string | undefined {
  const usable = types.filter(
    (t) =>
      t.is_deprecated !== true &&
      t.is_hidden !== true &&
      Number(t.memory_mb ?? 0) >= 4096 &&
      // e.g. ["NotEnabledOnSubscription"], ["NotAvailableInRegion"]: not usable here.
      !(isJsonObject(t.node_info) && Array.isArray(t.node_info.status) && t.node_info.status.length > 0),
  );
  usable.sort(
    (a, b) =>
      Number(a.memory_mb) - Number(b.memory_mb) ||
      Number(a.num_cores) - Number(b.num_cores) ||
      String(a.node_type_id).localeCompare(String(b.node_type_id)),
  );
  return usable[0] ? String(usable[0].node_type_id) : undefined;
}

/** Replaces every spelling of a label (as a name and as a snapshot key) by the other side's. */
function relabel(from: string, to: string): (text: string) => string {
  const pairs: Array<[string, string]> = [
    [from, to],
    [keyFromName(from), keyFromName(to)],
  ];
  return (text) => pairs.reduce((t, [a, b]) => t.split(a).join(b), text);
}

/** A snapshot's files with every path and content relabelled (latin1 keeps every byte as it is). */
function relabelFiles(files: Map<string, Buffer>, fn: (text: string) => string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [file, bytes] of files) out.set(fn(file), Buffer.from(fn(bytes.toString('latin1')), 'latin1'));
  return out;
}

/**
 * Files of the snapshot that are not the drill's: the safety check before the first write to the
 * secondary. Every file must name the label (paths, keys); a permissions file only hold the drill's keys.
 */
export function foreignFiles(files: Map<string, Buffer>, label: string): string[] {
  const forms = [label, keyFromName(label)];
  const ours = (text: string) => forms.some((f) => text.includes(f));
  const out: string[] = [];
  for (const [file, bytes] of files) {
    // Bookkeeping, and the catalog of node types and runtimes, which names no object.
    const meta = [
      SNAPSHOT_META_FILE,
      EXPORT_STATE_FILE,
      GIT_ATTRIBUTES_FILE,
      RECORDED_FILE,
      WORKSPACE_CATALOG_FILE,
    ];
    if (meta.includes(file)) continue;
    if (file.startsWith('permissions/')) {
      const json = JSON.parse(bytes.toString('utf8')) as unknown;
      const keys = isJsonObject(json) ? Object.keys(json) : ['(not an object)'];
      for (const key of keys) if (!ours(key)) out.push(`${file}: ${key}`);
    } else if (!ours(file)) out.push(file);
  }
  return out;
}

/**
 * Runs the drill; prints each step. Returns 0 when everything passed and everything created was deleted.
 */
export async function runLiveDrill(options: DrillOptions): Promise<number> {
  const { print, log } = options;
  const runId = options.runId ?? newRunId();
  if (!/^[a-z0-9]{4,32}$/.test(runId))
    throw new Error(`run id must be 4-32 lower-case letters and digits, got '${runId}'`);
  const prefix = `${LIVE_PREFIX}${runId}`;
  const parent = options.parent ?? '/Shared';
  const p = namesFor(`${prefix}-p`, parent);
  const s = options.sameWorkspace ? namesFor(`${prefix}-s`, parent) : p;
  const dir = path.resolve(options.dir);
  await fs.mkdir(dir, { recursive: true });
  const ledger = new Ledger(path.join(dir, 'created.json'), prefix);
  const primary = options.primary.client();
  const secondary = options.secondary.client();
  const secretValue = `drill-${randomBytes(12).toString('hex')}`;
  const failures: string[] = [];
  print(`Live DR drill ${runId}`);
  print(`   primary:   ${options.primary.host}  (folder ${p.root}, names ${p.label}-*)`);
  print(
    options.sameWorkspace
      ? `   secondary: the SAME workspace, standing in as a secondary (folder ${s.root}, names ${s.label}-*)`
      : `   secondary: ${options.secondary.host}  (the same folder and names)`,
  );
  print(`   every object created is recorded in ${ledger.file} and deleted at the end`);
  try {
    // 1. Preflight: nothing of this run exists yet, so whatever carries its names later is the drill's.
    for (const [client, names, side] of [
      [primary, p, 'primary'],
      [secondary, s, 'secondary'],
    ] as const) {
      for (const [kind, name] of [
        ['workspace', names.root],
        ['job', names.job],
        ['secret_scope', names.scope],
        ['group', names.group],
        ['cluster_policy', names.policy],
      ] as const)
        if ((await idsNamed(client, kind, name)).length)
          throw new Error(`the ${side} already has a ${kind} named '${name}': choose another run id`);
    }
    const stateDirExisted = (await workspaceObjectId(secondary, APPLY_STATE_DIR)) !== undefined;

    // 2. Seed the primary.
    print(`1. Seed the primary`);
    const seeded = await seed(primary, p, ledger, secretValue, options, print);

    // 3. Export only the drill's objects.
    const { repo } = await makeRepoWithRemote(path.join(dir, 'git'));
    const settings: Settings = {
      ...parseSettings((name) => ({ mode: 'export', 'workspace-paths': p.root, push: 'false' })[name], repo),
      onlyNames: [`${p.label}*`],
    };
    const exported = await runExport(settings, { client: primary, log });
    const snapshotOfPrimary = await snapshotFiles(exported.snapshotDir);
    print(
      `2. Export the primary (workspace-paths ${p.root}, names ${p.label}*): ${snapshotOfPrimary.size} files, commit ${exported.commitSha?.slice(0, 12)}`,
    );
    for (const m of exported.report.manual) failures.push(`export left a manual step: ${JSON.stringify(m)}`);
    const foreign = foreignFiles(snapshotOfPrimary, p.label);
    if (foreign.length)
      throw new Error(
        `the snapshot holds objects that are not the drill's, nothing applied: ${foreign.slice(0, 5).join('; ')}`,
      );
    const folder = (kind: string) => kindByName(kind)?.folder ?? kind;
    for (const expected of [
      `${folder('jobs')}/${keyFromName(seeded.job)}.json`,
      `${folder('secret_scopes')}/${keyFromName(p.scope)}.json`,
    ])
      if (!snapshotOfPrimary.has(expected)) failures.push(`the snapshot lacks ${expected}`);

    // 4. The snapshot the secondary gets: as exported, or relabelled to the secondary's folder and names.
    const toSecondary = relabel(p.label, s.label);
    let snapshotDir = exported.snapshotDir;
    if (options.sameWorkspace) {
      snapshotDir = path.join(dir, 'snapshot-for-the-secondary');
      for (const [file, bytes] of relabelFiles(await snapshotFiles(exported.snapshotDir), toSecondary)) {
        await fs.mkdir(path.dirname(path.join(snapshotDir, file)), { recursive: true });
        await fs.writeFile(path.join(snapshotDir, file), bytes);
      }
      print(`3. Rewrite the snapshot for the stand-in secondary: ${p.label} -> ${s.label}`);
    }
    const applyOptions = {
      prune: false,
      allowReplace: false,
      startClusters: false,
      secretValues: { [`${s.scope}/api-key`]: secretValue },
    };
    const applyOnce = async (observer?: ApiObserver, dryRun = false) => {
      const snapshot = options.sameWorkspace
        ? await SnapshotSource.fromDirectory(snapshotDir)
        : await SnapshotSource.fromRevision(repo, exported.commitSha ?? 'HEAD', settings.snapshotPath);
      try {
        const report = new RunReport();
        const client = observer ? options.secondary.client(observer) : secondary;
        return {
          ...(await runApply(snapshot, { client, log, report }, { ...applyOptions, dryRun })),
          report,
        };
      } finally {
        await snapshot.close();
      }
    };

    // 5. Plan: the secondary has none of the drill's objects, so anything but creates is a surprise.
    const planned = await applyOnce(undefined, true);
    // Deletes blocked because prune is off are what the secondary has besides: left alone.
    const surprises = planned.plan.changes.filter(
      (c) => c.action !== 'create' && c.action !== 'no-op' && !(c.action === 'delete' && c.blocked),
    );
    print(`4. Plan for the secondary: ${planned.plan.line}`);
    if (surprises.length)
      throw new Error(
        `the plan would ${surprises.map((c) => `${c.action} ${c.kind} ${c.key}`).join(', ')}: nothing applied`,
      );

    // 6. Apply, then record what it made.
    const applied = await applyOnce();
    print(`5. Apply: ${applied.plan.line}; ${applied.failed} failed`);
    if (applied.failed) failures.push(`apply failed for ${applied.failed} object(s)`);
    for (const [kind, name] of [
      ['workspace', s.root],
      ['job', s.job],
      ['secret_scope', s.scope],
      ['group', s.group],
      ['cluster_policy', s.policy],
    ] as const)
      for (const id of await idsNamed(secondary, kind, name))
        await ledger.add({ side: 'secondary', kind, id, name });
    if (!stateDirExisted && (await workspaceObjectId(secondary, APPLY_STATE_DIR)) !== undefined)
      await ledger.add({
        side: 'secondary',
        kind: 'workspace',
        id: APPLY_STATE_DIR,
        name: `${APPLY_STATE_DIR} (${prefix})`,
      });

    // 7. Idempotence: the second apply sends no write at all.
    const writes: string[] = [];
    let reads = 0;
    const again = await applyOnce((x) => {
      if (x.method === 'GET') reads++;
      else writes.push(`${x.method} ${x.path}`);
    });
    print(
      `6. Apply again (idempotence): ${planText(again.plan).split('\n')[0]}; ${writes.length} write request(s), ${reads} read(s)`,
    );
    for (const w of writes.slice(0, 10)) print(`   unexpected write: ${w}`);
    if (again.plan.hasChanges)
      for (const line of planText(again.plan).split('\n').slice(1, 21)) print(`   ${line}`);
    if (writes.length || again.plan.hasChanges) failures.push('the second apply was not a no-op');

    // 8. Parity: the secondary exported the same way equals the snapshot (schedules stay off before cutover).
    const copyDir = path.join(dir, 'secondary-export');
    const copySettings: Settings = {
      ...parseSettings(
        (name) => ({ mode: 'export', commit: 'false', 'workspace-paths': s.root })[name],
        copyDir,
      ),
      onlyNames: [`${s.label}*`],
    };
    await runExport(copySettings, { client: secondary, log });
    let copy = await snapshotFiles(path.join(copyDir, copySettings.snapshotPath));
    if (options.sameWorkspace) copy = relabelFiles(copy, relabel(s.label, p.label));
    const ignore = new Set([SNAPSHOT_META_FILE]);
    for (const f of snapshotOfPrimary.keys()) if (f.endsWith('.schedule.json')) ignore.add(f);
    const diff = differences(snapshotOfPrimary, copy, ignore);
    print(
      `7. Parity: export of the secondary vs the snapshot (schedules excepted): ${diff.length ? `${diff.length} difference(s)` : 'identical'}`,
    );
    for (const d of diff.slice(0, 20)) print(`   ${d}`);
    if (diff.length) failures.push('parity');
  } catch (error) {
    failures.push((error as Error).message.split('\n')[0]);
    print(`   stopped: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    const left = await cleanup(ledger, { primary, secondary }, print);
    if (left) failures.push(`${left} object(s) could not be deleted: see ${ledger.file}`);
  }
  for (const f of failures) print(`   FAILED: ${f}`);
  print(
    failures.length
      ? `Live DR drill FAILED (${failures.length} problem(s)).`
      : 'Live DR drill passed: export, plan, apply, idempotence, parity and cleanup.',
  );
  return failures.length ? 1 : 0;
}

/** Seeds the primary; each object is in the ledger before the next is made. */
async function seed(
  client: DatabricksClient,
  n: Names,
  ledger: Ledger,
  secretValue: string,
  options: DrillOptions,
  print: (line: string) => void,
): Promise<{ job: string }> {
  const add = (kind: CreatedKind, id: string, name: string) =>
    ledger.add({ side: 'primary', kind, id, name });
  await client.post('/api/2.0/workspace/mkdirs', { path: n.root }, { idempotent: true });
  await add('workspace', n.root, n.root);
  const source = `# Databricks notebook source\nprint("databricks-dr live drill ${n.label}")\n`;
  await client.post('/api/2.0/workspace/import', {
    path: `${n.root}/notebook`,
    format: 'SOURCE',
    language: 'PYTHON',
    content: Buffer.from(source).toString('base64'),
  });
  await client.post('/api/2.0/workspace/import', {
    path: `${n.root}/settings.json`,
    format: 'RAW',
    content: Buffer.from(`{"drill": "${n.label}"}\n`).toString('base64'),
  });
  print(`   folder ${n.root} with a notebook and a file`);

  await client.post('/api/2.0/secrets/scopes/create', { scope: n.scope });
  await add('secret_scope', n.scope, n.scope);
  await client.post('/api/2.0/secrets/put', { scope: n.scope, key: 'api-key', string_value: secretValue });
  print(`   secret scope ${n.scope} with the secret api-key`);

  // Optional: identities and policies need a workspace admin; the drill goes on without them.
  let group: string | undefined;
  try {
    const made = await client.post('/api/2.0/preview/scim/v2/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: n.group,
    });
    await add('group', String(made.id), n.group);
    group = n.group;
    await client.post('/api/2.0/secrets/acls/put', {
      scope: n.scope,
      principal: n.group,
      permission: 'READ',
    });
    print(`   group ${n.group}, READ on the scope`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    print(`   no group (${error.message.split('\n')[0]}): groups, memberships and ACLs not drilled`);
  }
  try {
    const made = await client.post('/api/2.0/policies/clusters/create', {
      name: n.policy,
      definition: JSON.stringify({ autotermination_minutes: { type: 'fixed', value: 30 } }),
    });
    await add('cluster_policy', String(made.policy_id), n.policy);
    print(`   cluster policy ${n.policy}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    print(`   no cluster policy (${error.message.split('\n')[0]})`);
  }

  const sparkVersion =
    options.sparkVersion ??
    pickSparkVersion(((await client.get('/api/2.0/clusters/spark-versions')).versions as JsonObject[]) ?? []);
  const nodeTypeId =
    options.nodeTypeId ??
    pickNodeType(((await client.get('/api/2.0/clusters/list-node-types')).node_types as JsonObject[]) ?? []);
  if (!sparkVersion || !nodeTypeId)
    throw new Error(
      'no runtime or node type to pick for the job cluster: set DATABRICKS_DR_LIVE_SPARK_VERSION and DATABRICKS_DR_LIVE_NODE_TYPE',
    );
  // A job cluster costs nothing until the job runs; the schedule is paused and the drill never runs it.
  const job = await client.post('/api/2.2/jobs/create', {
    name: n.job,
    tags: { 'databricks-dr-live': n.label },
    max_concurrent_runs: 1,
    schedule: { quartz_cron_expression: '0 0 3 * * ?', timezone_id: 'UTC', pause_status: 'PAUSED' },
    job_clusters: [
      {
        job_cluster_key: 'drill',
        new_cluster: { spark_version: sparkVersion, node_type_id: nodeTypeId, num_workers: 1 },
      },
    ],
    tasks: [
      {
        task_key: 'main',
        job_cluster_key: 'drill',
        notebook_task: { notebook_path: `${n.root}/notebook`, source: 'WORKSPACE' },
      },
    ],
  });
  await add('job', String(job.job_id), n.job);
  if (group)
    await client.request('PATCH', `/api/2.0/permissions/jobs/${String(job.job_id)}`, {
      body: { access_control_list: [{ group_name: group, permission_level: 'CAN_MANAGE_RUN' }] },
    });
  print(
    `   job ${n.job} (paused schedule, job cluster ${sparkVersion} on ${nodeTypeId}${group ? `, CAN_MANAGE_RUN for ${group}` : ''})`,
  );
  return { job: n.job };
}

/**
 * Deletes what the ledger holds, the secondary first, each side in the reverse order of creation (a job
 * before the group its grant names, a folder last). Returns how many objects are left.
 */
async function cleanup(
  ledger: Ledger,
  clients: { primary: DatabricksClient; secondary: DatabricksClient },
  print: (line: string) => void,
): Promise<number> {
  print(`8. Cleanup: ${ledger.items.length} object(s) the drill created`);
  const order: CreatedKind[] = ['job', 'cluster_policy', 'secret_scope', 'group', 'workspace'];
  const items = [...ledger.items].sort(
    (a, b) =>
      (a.side === b.side ? 0 : a.side === 'secondary' ? -1 : 1) ||
      order.indexOf(a.kind) - order.indexOf(b.kind),
  );
  let left = 0;
  for (const item of items) {
    try {
      const outcome = await remove(clients[item.side], item, ledger.prefix);
      print(`   ${item.side} ${item.kind} ${item.name}: ${outcome}`);
    } catch (error) {
      left++;
      print(
        `   ${item.side} ${item.kind} ${item.name} (${item.id}): NOT deleted: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  if (!left) await fs.rm(ledger.file, { force: true });
  return left;
}

/**
 * Deletes what the ledger of an interrupted drill lists (`DATABRICKS_DR_LIVE_CLEANUP=<dir>/created.json`):
 * the same checks as during a drill, so nothing without the run's prefix is deleted.
 */
export async function cleanupFromLedger(
  file: string,
  clients: { primary: DatabricksClient; secondary: DatabricksClient },
  print: (line: string) => void,
): Promise<number> {
  const json = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  const prefix = isJsonObject(json) ? json.prefix : undefined;
  const created = isJsonObject(json) ? json.created : undefined;
  if (
    typeof prefix !== 'string' ||
    !/^databricks-dr-live-[a-z0-9]{4,32}$/.test(prefix) ||
    !Array.isArray(created)
  )
    throw new Error(
      `${file} is not a live drill ledger (no prefix databricks-dr-live-<run> and created list)`,
    );
  const ledger = new Ledger(file, prefix);
  for (const item of created) {
    if (!isJsonObject(item)) throw new Error(`${file}: an entry is not an object`);
    const { side, kind, id, name } = item;
    if (
      (side !== 'primary' && side !== 'secondary') ||
      !['workspace', 'job', 'secret_scope', 'group', 'cluster_policy'].includes(String(kind)) ||
      typeof id !== 'string' ||
      typeof name !== 'string'
    )
      throw new Error(`${file}: an entry is not { side, kind, id, name }`);
    await ledger.add({ side, kind: kind as CreatedKind, id, name });
  }
  return (await cleanup(ledger, clients, print)) ? 1 : 0;
}
