/**
 * Direct grants of every Unity Catalog securable the snapshot restores (`uc-grants/<type>-<key>.json`):
 * `{"securable": "${resources.uc_catalogs.sales.id}", "grants": [{"principal", "privileges"}]}`, read with
 * GET and changed with PATCH `/api/2.1/unity-catalog/permissions/{securable_type}/{full_name}`, whose
 * `changes: [{principal, add, remove}]` apply a difference (databricks-sdk-go service/catalog GrantsAPI;
 * databricks/cli libs/testserver/grants.go). Inherited privileges are not direct grants and are not kept.
 *
 * A kind of its own, after the objects, rather than a field of each object: grants are the part of a plan a
 * reviewer reads for access, one file per securable shows who may do what on it, and they are applied once
 * every object they name exists. Every restored securable has a file, an empty list included, so a grant
 * revoked in the primary is an update that revokes it in the secondary, without prune.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { unlessNotFound } from '../databricks/errors.js';
import { collectRefs, parseRef, refString } from '../plan/references.js';
import { keyedFiles } from '../snapshot/keyed-files.js';
import { SnapshotError, type SnapshotSource } from '../snapshot/source.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import type {
  ActualObject,
  ApplyContext,
  ApplyRequest,
  DesiredObject,
  ExportContext,
  ResourceKind,
  TargetContext,
} from './kind.js';
import type { FieldRoles } from './fields.js';
import {
  UC_CATALOGS,
  UC_EXTERNAL_LOCATIONS,
  UC_SCHEMAS,
  UC_STORAGE_CREDENTIALS,
  UC_VOLUMES,
} from './unity-catalog.js';

export const UC_GRANTS = 'uc_grants';
const FOLDER = 'uc-grants';
const UC = '/api/2.1/unity-catalog';

export const GRANT_FIELDS = {
  settable: ['securable', 'grants'],
  editable: ['grants'],
  source: 'databricks-sdk-go service/catalog/model.go PermissionsChange, PrivilegeAssignment',
} as const satisfies FieldRoles;

/** The securable type of the permissions path (SDK SecurableType) of each kind's objects. */
const SECURABLE_TYPES: Record<string, string> = {
  [UC_STORAGE_CREDENTIALS]: 'storage_credential',
  [UC_EXTERNAL_LOCATIONS]: 'external_location',
  [UC_CATALOGS]: 'catalog',
  [UC_SCHEMAS]: 'schema',
  [UC_VOLUMES]: 'volume',
};

const KEY = /^[a-z_]+-[A-Za-z0-9_-]{1,128}$/;

const fileKey = (kind: string, key: string) => `${SECURABLE_TYPES[kind]}-${key}`;

/** Direct grants in a comparable form: principals sorted, each one's privileges sorted, none empty. */
function normalizeGrants(assignments: JsonValue | undefined): JsonObject[] {
  const list = Array.isArray(assignments) ? assignments : [];
  return list
    .filter(isJsonObject)
    .map((a) => ({
      principal: String(a.principal),
      privileges: (Array.isArray(a.privileges) ? a.privileges : []).map(String).sort(),
    }))
    .filter((a) => a.privileges.length > 0)
    .sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
}

async function readGrants(
  client: DatabricksClient,
  kind: string,
  fullName: JsonValue,
): Promise<JsonObject[] | undefined> {
  const answer = await unlessNotFound(
    client.get<JsonObject>(
      `${UC}/permissions/${SECURABLE_TYPES[kind]}/${encodeURIComponent(String(fullName))}`,
    ),
  );
  if (answer === undefined) return undefined;
  if (
    !isJsonObject(answer) ||
    (answer.privilege_assignments !== undefined && !Array.isArray(answer.privilege_assignments))
  )
    throw new Error(
      `permissions of ${SECURABLE_TYPES[kind]} '${String(fullName)}': the answer has no privilege_assignments list`,
    );
  return normalizeGrants(answer.privilege_assignments);
}

function validate(value: JsonObject): string | undefined {
  const unknown = Object.keys(value).find((k) => !GRANT_FIELDS.settable.includes(k as 'grants'));
  if (unknown) return `'${unknown}' is not a field of a grants file (securable, grants)`;
  const ref = typeof value.securable === 'string' ? parseRef(value.securable) : undefined;
  if (!ref || !SECURABLE_TYPES[ref.kind])
    return `'securable' must reference a Unity Catalog object, like "\${resources.uc_catalogs.<key>.id}"`;
  if (!Array.isArray(value.grants)) return "'grants' must be a list of {principal, privileges}";
  for (const g of value.grants)
    if (
      !isJsonObject(g) ||
      typeof g.principal !== 'string' ||
      !Array.isArray(g.privileges) ||
      g.privileges.some((p) => typeof p !== 'string' || !/^[A-Z_]+$/.test(p))
    )
      return 'each grant is {principal: string, privileges: [PRIVILEGE_NAME, ...]}';
  return undefined;
}

export const ucGrantsKind: ResourceKind = {
  name: UC_GRANTS,
  folder: FOLDER,

  async export(ctx: ExportContext): Promise<void> {
    if (ctx.options.permissions === 'none') {
      for (const name of await ctx.previous.list(FOLDER)) {
        ctx.out.claim(`${FOLDER}/${name}`);
        await ctx.out.copyFrom(ctx.previous, `${FOLDER}/${name}`);
      }
      return;
    }
    const jobs: Promise<void>[] = [];
    for (const kind of Object.keys(SECURABLE_TYPES))
      for (const [key, id] of ctx.refs.entries(kind)) {
        if (ctx.refs.isVanished(kind, key)) continue;
        jobs.push(
          (async () => {
            const grants = await readGrants(ctx.client, kind, id);
            if (grants === undefined) {
              ctx.report.skip(
                UC_GRANTS,
                fileKey(kind, key),
                'the securable was deleted while the export ran',
              );
              return;
            }
            const file = `${FOLDER}/${fileKey(kind, key)}.json`;
            ctx.out.claim(file);
            await ctx.out.writeJson(file, { securable: refString(kind, key), grants }, ctx.previous);
            ctx.report.count(UC_GRANTS, 'exported');
          })(),
        );
      }
    await Promise.all(jobs);
  },

  async readDesired(snapshot: SnapshotSource): Promise<DesiredObject[]> {
    const out: DesiredObject[] = [];
    for (const { source, key } of keyedFiles(snapshot, FOLDER)) {
      // A grants file's key also names the securable's kind: `<type>-<key>`.
      if (!KEY.test(key))
        throw new SnapshotError(source, `only <type>-<key>.json files belong in ${FOLDER}/`);
      const value = await snapshot.readJson(source);
      if (!isJsonObject(value)) throw new SnapshotError(source, 'must hold a JSON object');
      const problem = validate(value);
      if (problem) throw await snapshot.errorAt(source, problem);
      const ref = parseRef(String(value.securable));
      if (!ref || fileKey(ref.kind, ref.key) !== key)
        throw new SnapshotError(
          source,
          `its securable ${String(value.securable)} belongs in ${FOLDER}/${ref ? fileKey(ref.kind, ref.key) : '?'}.json`,
        );
      const spec = { securable: value.securable, grants: normalizeGrants(value.grants) };
      out.push({ kind: UC_GRANTS, key, spec, refs: collectRefs(spec).refs, source });
    }
    return out;
  },

  async readActual(ctx: TargetContext): Promise<ActualObject[]> {
    const wanted = ctx.desired.filter((d) => d.kind === UC_GRANTS);
    const read = await Promise.all(
      wanted.map(async (d): Promise<ActualObject | undefined> => {
        const ref = parseRef(String((d.spec as JsonObject).securable));
        if (!ref) return undefined;
        const id = ctx.refs.idOf(ref.kind, ref.key);
        if (id === undefined) return undefined;
        const grants = await readGrants(ctx.client, ref.kind, id);
        if (grants === undefined) return undefined;
        const spec = { securable: refString(ref.kind, ref.key), grants };
        return {
          kind: UC_GRANTS,
          key: d.key,
          id,
          spec,
          refs: collectRefs(spec).refs,
          label: `${SECURABLE_TYPES[ref.kind]} '${String(id)}'`,
        };
      }),
    );
    return read.filter((a): a is ActualObject => a !== undefined);
  },

  async apply(ctx: ApplyContext, req: ApplyRequest): Promise<JsonValue | undefined> {
    if (req.action === 'delete') return undefined;
    const resolved = req.resolved;
    const desired = req.desired;
    if (!isJsonObject(resolved) || !desired) throw new Error(`no desired grants for ${req.key}`);
    const ref = parseRef(String((desired.spec as JsonObject).securable));
    if (!ref) throw new Error(`${req.key}: no securable`);
    const fullName = String(resolved.securable);
    // The target's grants now, not as planned: a change made since the plan is not undone twice.
    const current = (await readGrants(ctx.client, ref.kind, fullName)) ?? [];
    const want = new Map(
      normalizeGrants(resolved.grants).map((g) => [String(g.principal), new Set(g.privileges as string[])]),
    );
    const have = new Map(current.map((g) => [String(g.principal), new Set(g.privileges as string[])]));
    const changes: JsonObject[] = [];
    for (const principal of [...new Set([...want.keys(), ...have.keys()])].sort()) {
      const w = want.get(principal) ?? new Set<string>();
      const h = have.get(principal) ?? new Set<string>();
      const add = [...w].filter((p) => !h.has(p)).sort();
      const remove = [...h].filter((p) => !w.has(p)).sort();
      if (add.length || remove.length)
        changes.push({ principal, ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) });
    }
    if (changes.length)
      await ctx.client.request(
        'PATCH',
        `${UC}/permissions/${SECURABLE_TYPES[ref.kind]}/${encodeURIComponent(fullName)}`,
        {
          body: { changes },
          idempotent: true,
        },
      );
    return fullName;
  },
};
