/**
 * What a target workspace offers to run compute on: its node types (Azure VM sizes) and Databricks runtime
 * versions (reference §4; databricks-sdk-go service/compute/model.go, clusters/list-node-types and
 * clusters/spark-versions). A DR restore goes to another region, which may lack a VM size or a runtime the
 * primary uses; without this check apply only found out when a create failed halfway through. The plan reads
 * each list once, only when the snapshot uses it, and an object using a value the target lacks is blocked
 * before anything is written: apply skips it, and what needs it, with a manual step (see computePlan).
 */
import type { DatabricksClient } from '../databricks/client.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import type { Log } from '../util/log.js';
import type { CatalogName, CatalogValue } from './kind.js';

interface CatalogSpec {
  path: string;
  /** The answer's list and the field of an entry that a cluster spec names. */
  list: string;
  id: string;
  /** The call, and the cluster field whose values it lists, as messages name them. */
  call: string;
  field: string;
}

const CATALOGS: Record<CatalogName, CatalogSpec> = {
  node_types: {
    path: '/api/2.1/clusters/list-node-types',
    list: 'node_types',
    id: 'node_type_id',
    call: 'list-node-types',
    field: 'node_type_id',
  },
  spark_versions: {
    path: '/api/2.1/clusters/spark-versions',
    list: 'versions',
    id: 'key',
    call: 'spark-versions',
    field: 'spark_version',
  },
};

/** The values each list offers; a list that could not be read is absent (its values are not checked). */
export type Catalogs = Partial<Record<CatalogName, ReadonlySet<string>>>;

/**
 * A value at `path` that must be in the target's `catalog`, if it is one: a non-empty string, and for
 * runtime versions not an `auto:` alias (`auto:latest-lts` and its siblings, which cluster policies default
 * to, are resolved by the service to a version it offers, so they are never missing) nor a `custom:` image
 * (the reference does not say that spark-versions lists them: a restore is never blocked on a guess). Every
 * other version (`16.4.x-scala2.12`, `-photon-`, `-cpu-ml-`, `-gpu-ml-`) must be a key of the list.
 */
export function catalogValue(
  catalog: CatalogName,
  path: string,
  value: JsonValue | undefined,
): CatalogValue[] {
  if (typeof value !== 'string' || value === '') return [];
  if (catalog === 'spark_versions' && /^(auto|custom):/.test(value)) return [];
  return [{ catalog, path, value }];
}

/**
 * The node types and runtime version a cluster spec names (an all-purpose cluster, a job's new_cluster, a
 * pipeline's cluster, which has no spark_version). A cluster on a pool has no node type of its own: the
 * pool's is checked with the pool. Pure.
 */
export function clusterSpecValues(spec: JsonValue | undefined, where = ''): CatalogValue[] {
  if (!isJsonObject(spec)) return [];
  const at = (field: string) => (where ? `${where}.${field}` : field);
  return [
    ...catalogValue('spark_versions', at('spark_version'), spec.spark_version),
    ...catalogValue('node_types', at('node_type_id'), spec.node_type_id),
    ...catalogValue('node_types', at('driver_node_type_id'), spec.driver_node_type_id),
  ];
}

/** The lists some of `values` need, each once. */
export function catalogsNeeded(values: Iterable<readonly CatalogValue[]>): CatalogName[] {
  const names = new Set<CatalogName>();
  for (const list of values) for (const v of list) names.add(v.catalog);
  return [...names].sort();
}

/**
 * Reads the lists named, concurrently, one request each. One that cannot be read (or answers an empty
 * list, which no workspace has) is left out with a warning: its values go unchecked and apply finds out
 * as it did before, rather than a restore being stopped by a check meant to help it. Never rejects.
 */
export async function readCatalogs(
  client: DatabricksClient,
  names: readonly CatalogName[],
  log: Log,
): Promise<Catalogs> {
  const out: Catalogs = {};
  await Promise.all(
    names.map(async (name) => {
      const spec = CATALOGS[name];
      try {
        const answer = await client.get<JsonObject>(spec.path);
        const list = Array.isArray(answer[spec.list]) ? (answer[spec.list] as JsonValue[]) : [];
        const values = new Set<string>();
        for (const entry of list)
          if (isJsonObject(entry) && typeof entry[spec.id] === 'string') values.add(entry[spec.id] as string);
        if (values.size) out[name] = values;
        else
          log.warning(
            `clusters/${spec.call} answered an empty list: ${spec.field} values not checked against the target`,
          );
      } catch (error) {
        log.warning(
          `clusters/${spec.call} could not be read (${(error as Error).message.split('\n')[0]}): ${spec.field} values not checked against the target`,
        );
      }
    }),
  );
  return out;
}

/**
 * Why an object cannot be written to the target: every value it uses that the target's list lacks, named
 * with its field, or undefined when the target offers them all (or the list could not be read). Pure.
 */
export function unavailable(values: readonly CatalogValue[], catalogs: Catalogs): string | undefined {
  const missing = values.filter((v) => catalogs[v.catalog]?.has(v.value) === false);
  if (missing.length === 0) return undefined;
  return missing
    .map((v) => `${v.path} '${v.value}' is not offered by the target workspace (${CATALOGS[v.catalog].call})`)
    .join('; ');
}
