/**
 * Cluster policies (reference §6; databricks-sdk-go service/compute/model.go): `cluster-policies/<key>.json`.
 * The API carries `definition` as a JSON document inside a string; the file holds it parsed, so a diff shows
 * which rule changed, and apply serializes it back. Pool ids inside definitions become references.
 *
 * Databricks-managed default policies ("Personal Compute", "Job Compute"..., `is_default`) are exported
 * too, marked `"is_default": true`, because admins customise them (overrides of the family's rules,
 * `max_clusters_per_user`, libraries) and a restore must not lose that. Only Databricks creates or deletes
 * them, so they are update-only: matched by key (from the name) like any policy, edited in place, never
 * created (a target without one is a manual step) and never deleted, also with prune.
 */
import { keyFromName } from '../plan/references.js';
import { isJsonObject, parseJson, toJson, type JsonObject, type JsonValue } from '../util/json.js';
import { invalidLibraries, refOrMarker } from './compute-common.js';
import { configKind, type ConfigKindSpec } from './config-kind.js';
import { pick, type FieldRoles } from './fields.js';
import { INSTANCE_POOLS } from './instance-pools.js';
import { ManualStepError, type ApplyContext, type Normalizer } from './kind.js';

export const CLUSTER_POLICIES = 'cluster_policies';

/**
 * What a policy file may hold: the create fields, and `is_default`, output-only in the API but kept in the
 * file as the mark of a default policy (see the module comment). Every field is edited in place. The
 * other output-only fields (policy_id, created_at_timestamp, creator_user_name, background_enforcement)
 * are left out by normalize.
 */
const FIELDS: FieldRoles = {
  settable: [
    'is_default',
    'name',
    'description',
    'definition',
    'libraries',
    'max_clusters_per_user',
    'policy_family_id',
    'policy_family_definition_overrides',
    'auto_enforcement_config',
  ],
  source: 'databricks-sdk-go service/compute/model.go CreatePolicy, EditPolicy, Policy (reference §6)',
};

/** Whether a policy (raw, or as a file holds it) is a Databricks-managed default policy. */
const isDefault = (policy: JsonValue | undefined): boolean =>
  isJsonObject(policy) && policy.is_default === true;

const DEFAULT_POLICY = 'a Databricks-managed default policy';

/** Policy rule paths whose values are instance pool ids (§6). */
const POOL_PATHS = new Set(['instance_pool_id', 'driver_instance_pool_id']);

/** Turns pool ids in the rules for pool fields into references (`value`, `defaultValue`, `values[]`). */
function refPools(definition: JsonObject, n: Normalizer, field: string): JsonObject {
  for (const [path, rule] of Object.entries(definition)) {
    if (!POOL_PATHS.has(path) || !isJsonObject(rule)) continue;
    const one = (id: JsonValue): JsonValue =>
      typeof id !== 'string' || id === ''
        ? id
        : refOrMarker(
            INSTANCE_POOLS,
            id,
            n,
            `${field} rule ${path}: instance pool '${id}' matches no exported pool`,
          );
    for (const k of ['value', 'defaultValue']) if (rule[k] !== undefined) rule[k] = one(rule[k]);
    if (Array.isArray(rule.values)) rule.values = rule.values.map(one);
  }
  return definition;
}

/** A JSON-in-a-string field, parsed; text that is not a JSON object stays text (with a warning). */
function parsed(text: JsonValue | undefined, n: Normalizer, field: string): JsonValue | undefined {
  if (typeof text !== 'string') return text ?? undefined;
  try {
    const value = parseJson(text);
    if (isJsonObject(value)) return refPools(value, n, field);
  } catch {
    // fall through: kept as the API gave it
  }
  n.warn(`${field} is not a JSON object: stored as text`);
  return text;
}

const spec: ConfigKindSpec = {
  name: CLUSTER_POLICIES,
  folder: 'cluster-policies',
  fields: FIELDS,

  async list(client) {
    const page = await client.getList<{ policies?: JsonObject[] }>(
      '/api/2.0/policies/clusters/list',
      'policies',
    );
    return page.policies ?? [];
  },

  id: (raw) => raw.policy_id,
  displayName: (raw) => String(raw.name ?? raw.policy_id),
  order: (a, b) =>
    String(a.name).localeCompare(String(b.name)) ||
    Number(a.created_at_timestamp ?? 0) - Number(b.created_at_timestamp ?? 0) ||
    String(a.policy_id).localeCompare(String(b.policy_id)),

  normalize(raw, n) {
    // Stripped: policy_id, created_at_timestamp, creator_user_name, background_enforcement. `is_default`
    // (output-only too) is kept, as `true` only: it makes the file update-only.
    const out = pick(raw, [
      'name',
      'description',
      'libraries',
      'max_clusters_per_user',
      'auto_enforcement_config',
    ]);
    if (typeof raw.policy_family_id === 'string' && raw.policy_family_id !== '') {
      // A family policy's `definition` is the effective one (family + overrides): only the overrides are ours.
      out.policy_family_id = raw.policy_family_id;
      const overrides = parsed(
        raw.policy_family_definition_overrides,
        n,
        'policy_family_definition_overrides',
      );
      if (overrides !== undefined) out.policy_family_definition_overrides = overrides;
    } else {
      out.definition = parsed(raw.definition, n, 'definition') ?? {};
    }
    if (Array.isArray(out.libraries) && out.libraries.length === 0) delete out.libraries;
    if (isDefault(raw)) out.is_default = true;
    return out;
  },

  validate(value) {
    if (typeof value.name !== 'string' || value.name === '') return "'name' is required";
    if (value.is_default !== undefined && value.is_default !== true)
      return `'is_default' marks ${DEFAULT_POLICY}: true, or left out`;
    for (const f of ['definition', 'policy_family_definition_overrides'])
      if (value[f] !== undefined && !isJsonObject(value[f]) && typeof value[f] !== 'string')
        return `'${f}' must be a JSON object`;
    if (value.auto_enforcement_config !== undefined && !isJsonObject(value.auto_enforcement_config))
      return `'auto_enforcement_config' must be a JSON object, like {"enforce_mode": "WAIT_FOR_TERMINATION"}`;
    if (value.policy_family_id !== undefined && value.definition !== undefined)
      return "'definition' and 'policy_family_id' exclude each other: use 'policy_family_definition_overrides'";
    return invalidLibraries(value.libraries);
  },

  async create(client, value, ctx) {
    if (isDefault(value)) {
      const name = String(value.name);
      manualStep(
        ctx,
        keyFromName(name),
        `the target workspace has no default policy '${name}', and only Databricks creates default policies: once the target has it, apply again to restore its changes (or make them by hand)`,
      );
    }
    const answer = await client.post<{ policy_id: string }>(
      '/api/2.0/policies/clusters/create',
      toApi(value),
    );
    return answer.policy_id;
  },

  async update(client, id, value, ctx, request) {
    const actual = request.actual?.spec;
    if (isJsonObject(actual) && isDefault(actual) !== isDefault(value)) {
      const name = String(value.name);
      manualStep(
        ctx,
        request.key,
        isDefault(value)
          ? `the target's '${name}' is an ordinary policy where the snapshot has the default policy: rename or delete it in the target, then apply again`
          : `the target's '${name}' is a default policy where the snapshot has an ordinary policy of that name: a default policy cannot take its rules; rename the policy in the source workspace, export and apply again`,
      );
    }
    await client.post(
      '/api/2.0/policies/clusters/edit',
      { ...toApi(value), policy_id: id },
      { idempotent: true },
    );
  },

  protectedFromDelete: (actual) => (isDefault(actual.spec) ? DEFAULT_POLICY : undefined),

  planNotes(change, desired, actual) {
    if (change.action === 'create' && isDefault(desired))
      return [`${DEFAULT_POLICY}, which apply never creates: a manual step`];
    if (change.action === 'update' && actual && isDefault(desired) !== isDefault(actual.spec))
      return ['a default policy and an ordinary one share this key: a manual step'];
    return [];
  },

  async remove(client, id) {
    await client.post(
      '/api/2.0/policies/clusters/delete',
      { policy_id: id },
      { idempotent: true, notFoundOnRetryIsDone: true },
    );
  },
};

/** Puts a change only a person can make on the checklist and skips the policy (and what needs it). */
function manualStep(ctx: ApplyContext, key: string, reason: string): never {
  ctx.report.manual.push({ kind: CLUSTER_POLICIES, key, reason });
  throw new ManualStepError(reason);
}

/** The definitions back into JSON strings, as the API takes them; `is_default` is output-only. */
function toApi(value: JsonObject): JsonObject {
  const { is_default: _, ...body } = value;
  for (const f of ['definition', 'policy_family_definition_overrides'])
    if (isJsonObject(body[f])) body[f] = toJson(body[f]);
  return body;
}

export const clusterPoliciesKind = configKind(spec);
