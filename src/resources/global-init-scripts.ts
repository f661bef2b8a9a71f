/**
 * Global init scripts (reference §8; databricks-sdk-go service/compute/model.go):
 * `global-init-scripts/<key>.json` holds name, position and enabled; the script itself sits beside it as
 * `<key>.sh`, so a change to it is an ordinary text diff in git. Keys come from names (ordered by position,
 * then id, when names repeat), so apply matches scripts by name.
 *
 * Positions shift when a script is inserted or moved (§8), so order matters: each script depends on the
 * script one position before it, which makes the planner create and move them in position order; inserted
 * one by one at their own position, they end up exactly where the snapshot has them.
 */
import { createHash } from 'node:crypto';
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import { uniqueKeys } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import { fieldKey, SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import type { FieldRoles } from './fields.js';
import {
  DELETED_WHILE_EXPORTING,
  type ActualObject,
  type ApplyContext,
  type ApplyRequest,
  type DesiredObject,
  type ExportContext,
  type ResourceKind,
  type TargetContext,
} from './kind.js';

const KIND = 'global_init_scripts';
const FOLDER = 'global-init-scripts';

/**
 * What the JSON file holds (the script is the `.sh` file beside it); every field changes in place (the
 * update sends them all).
 */
const FIELDS: FieldRoles = {
  settable: ['name', 'position', 'enabled'],
  source:
    'databricks-sdk-go service/compute/model.go GlobalInitScriptCreateRequest, GlobalInitScriptUpdateRequest (reference §8)',
};

interface ScriptInfo {
  script_id: string;
  name: string;
  position: number;
  enabled?: boolean;
  script?: string;
}

async function listScripts(client: DatabricksClient): Promise<{ script: ScriptInfo; key: string }[]> {
  const page = await client.getList<{ scripts?: ScriptInfo[] }>('/api/2.0/global-init-scripts', 'scripts');
  const scripts = page.scripts ?? [];
  const keys = uniqueKeys(
    scripts,
    (s) => s.name,
    (a, b) =>
      a.name.localeCompare(b.name) ||
      Number(a.position) - Number(b.position) ||
      (a.script_id < b.script_id ? -1 : 1),
  );
  return scripts
    .map((script) => ({ script, key: keys.get(script) as string }))
    .sort((a, b) => Number(a.script.position) - Number(b.script.position));
}

/** The script's content, or undefined when the script was deleted since it was listed. */
async function content(client: DatabricksClient, id: string): Promise<Buffer | undefined> {
  const full = await unlessNotFound(
    client.get<ScriptInfo>(`/api/2.0/global-init-scripts/${encodeURIComponent(id)}`),
  );
  return full && Buffer.from(full.script ?? '', 'base64');
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What the plan compares: the JSON file with the script's hash (the script itself is in the `.sh` file). */
function specOf(file: JsonObject, script: Uint8Array): JsonObject {
  return { ...file, script_sha256: sha256(script) };
}

function fileOf(s: ScriptInfo): JsonObject {
  return { name: s.name, position: Number(s.position), enabled: s.enabled ?? false };
}

async function exportScripts(ctx: ExportContext): Promise<void> {
  const include = ctx.options.includeName;
  for (const { script, key } of await listScripts(ctx.client)) {
    if (include && !include(KIND, script.name)) continue;
    const data = await content(ctx.client, script.script_id);
    if (!data) {
      ctx.report.skip(KIND, key, `${DELETED_WHILE_EXPORTING} ('${script.name}', ${script.script_id})`);
      continue;
    }
    ctx.out.claim(`${FOLDER}/${key}.json`);
    ctx.out.claim(`${FOLDER}/${key}.sh`);
    await ctx.out.write(`${FOLDER}/${key}.sh`, data);
    await ctx.out.writeJson(`${FOLDER}/${key}.json`, fileOf(script));
    ctx.report.count(KIND, 'exported');
    ctx.progress?.(KIND, key);
  }
}

function validate(value: JsonValue): string | undefined {
  if (!isJsonObject(value)) return 'must hold a JSON object';
  if (typeof value.name !== 'string' || value.name === '') return "'name' must be a non-empty string";
  if (typeof value.position !== 'number' || !Number.isInteger(value.position) || value.position < 0)
    return "'position' must be an integer, 0 or more";
  if (typeof value.enabled !== 'boolean') return "'enabled' must be true or false";
  const extra = Object.keys(value).filter((k) => !FIELDS.settable.includes(k));
  if (extra.length) return `unknown field '${extra[0]}' (the script belongs in the .sh file beside)`;
  return undefined;
}

async function readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
  const out: DesiredObject[] = [];
  for (const { source, key, suffix } of keyedFiles(snapshot, FOLDER, ['.json', '.sh'])) {
    const other = `${FOLDER}/${key}${suffix === '.json' ? '.sh' : '.json'}`;
    if (!snapshot.has(other)) throw new SnapshotError(source, `${other} is missing beside it`);
    if (suffix === '.sh') continue;
    const value = await snapshot.readJson(source);
    const invalid = validate(value);
    if (invalid) throw await snapshot.errorAt(source, invalid, fieldKey(invalid));
    const script = await snapshot.read(`${FOLDER}/${key}.sh`);
    out.push({ kind: KIND, key, spec: specOf(value as JsonObject, script), refs: [], source });
  }
  // Each script waits for the one before it in position order (module comment).
  const byPosition = [...out].sort(
    (a, b) => Number((a.spec as JsonObject).position) - Number((b.spec as JsonObject).position),
  );
  for (let i = 1; i < byPosition.length; i++)
    byPosition[i].refs = [{ kind: KIND, key: byPosition[i - 1].key }];
  return out;
}

async function readActual(ctx: TargetContext): Promise<ActualObject[]> {
  const wanted = new Set(ctx.desired.filter((d) => d.kind === KIND).map((d) => d.key));
  const read = await Promise.all(
    (await listScripts(ctx.client)).map(async ({ script, key }): Promise<ActualObject | undefined> => {
      // Content is only needed to compare with the snapshot; a script only to delete needs none.
      const data = wanted.has(key) ? await content(ctx.client, script.script_id) : undefined;
      // Deleted since it was listed: absent.
      if (wanted.has(key) && !data) return undefined;
      ctx.refs.add(KIND, script.script_id, key);
      const spec = data ? specOf(fileOf(script), data) : fileOf(script);
      return {
        kind: KIND,
        key,
        id: script.script_id,
        spec,
        refs: [],
        label: `'${script.name}' (${script.script_id})`,
      };
    }),
  );
  return read.filter((a): a is ActualObject => a !== undefined);
}

async function apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
  if (req.action === 'delete' || req.action === 'replace') {
    const id = req.actual?.id;
    if (typeof id !== 'string') throw new Error(`no target script for ${KIND}.${req.key}`);
    await ctx.client.request('DELETE', `/api/2.0/global-init-scripts/${encodeURIComponent(id)}`, {
      idempotent: true,
      notFoundOnRetryIsDone: true,
    });
    if (req.action === 'delete') return undefined;
  }
  const spec = req.desired?.spec;
  if (!isJsonObject(spec)) throw new Error(`no desired state for ${KIND}.${req.key}`);
  const script = await ctx.snapshot.read(`${FOLDER}/${req.key}.sh`);
  const body = {
    name: spec.name,
    script: script.toString('base64'),
    enabled: spec.enabled,
    position: spec.position,
  };
  if (req.action === 'update' && typeof req.actual?.id === 'string') {
    // PATCH sets every field: retrying it gives the same result.
    await ctx.client.request('PATCH', `/api/2.0/global-init-scripts/${encodeURIComponent(req.actual.id)}`, {
      body,
      idempotent: true,
    });
    return req.actual.id;
  }
  const created = await ctx.client.post<{ script_id: string }>('/api/2.0/global-init-scripts', body);
  return created.script_id;
}

export const globalInitScriptsKind: ResourceKind = {
  name: KIND,
  folder: FOLDER,
  export: exportScripts,
  readDesired,
  readActual,
  apply,
};
