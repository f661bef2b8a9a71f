/**
 * What the primary's compute ran on, as the snapshot uses it: the node type ids and Databricks runtime
 * versions its clusters, pools, jobs and pipelines name (ResourceKind.catalogValues). Export writes it to
 * `workspace-catalog.json` so that `verify` can restore the snapshot into an emulated workspace offering
 * exactly these, with nothing but the snapshot (issue 18). Sorted, deterministic, no secret: it changes
 * only when a compute spec does.
 */
import type { SnapshotSource } from '../snapshot/source.js';
import { isJsonObject } from '../util/json.js';
import type { CatalogName, DesiredObject } from './kind.js';
import { KINDS } from './registry.js';

export const WORKSPACE_CATALOG_FILE = 'workspace-catalog.json';

export type WorkspaceCatalog = Record<CatalogName, string[]>;

/** The values the snapshot's objects use, read through the kinds that name any (no other file is read). */
export async function usedCatalog(snapshot: SnapshotSource): Promise<WorkspaceCatalog> {
  const used: Record<CatalogName, Set<string>> = { node_types: new Set(), spark_versions: new Set() };
  const before: DesiredObject[] = [];
  for (const kind of KINDS) {
    if (!kind.catalogValues) continue;
    // A file apply would refuse is verify's to report, not a reason to fail the export: it is read as
    // unrestorable, and what it names is still recorded.
    const desired = await kind.readDesired(snapshot, { skipUnrestorable: true }, before);
    before.push(...desired);
    for (const d of desired) for (const v of kind.catalogValues(d.spec)) used[v.catalog].add(v.value);
  }
  return { node_types: [...used.node_types].sort(), spark_versions: [...used.spark_versions].sort() };
}

/** The recorded catalog, or undefined when the snapshot has none (exported before it was recorded). */
export async function readWorkspaceCatalog(snapshot: SnapshotSource): Promise<WorkspaceCatalog | undefined> {
  if (!snapshot.has(WORKSPACE_CATALOG_FILE)) return undefined;
  const value = await snapshot.readJson(WORKSPACE_CATALOG_FILE);
  const list = (v: unknown) =>
    Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
  const nodeTypes = isJsonObject(value) ? list(value.node_types) : undefined;
  const sparkVersions = isJsonObject(value) ? list(value.spark_versions) : undefined;
  if (!nodeTypes || !sparkVersions)
    throw new Error(
      `${WORKSPACE_CATALOG_FILE}: must hold 'node_types' and 'spark_versions', lists of strings (export writes it)`,
    );
  return { node_types: nodeTypes, spark_versions: sparkVersions };
}
