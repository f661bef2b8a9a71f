import type { ResourceKind } from './kind.js';
import { workspaceKind } from './workspace.js';
import { jobsKind } from './jobs.js';
import { instancePoolsKind } from './instance-pools.js';
import { clusterPoliciesKind } from './cluster-policies.js';
import { clustersKind } from './clusters.js';
import { reposKind } from './repos.js';
import { sqlWarehousesKind } from './sql-warehouses.js';
import { pipelinesKind } from './pipelines.js';
import { secretScopesKind } from './secret-scopes.js';
import { globalInitScriptsKind } from './global-init-scripts.js';
import { dbfsFilesKind } from './dbfs-files.js';
import { groupsKind } from './groups.js';
import { servicePrincipalsKind, usersKind } from './identities.js';
import { permissionsKind } from './permissions.js';
import { notificationDestinationsKind } from './notification-destinations.js';
import { sqlQueriesKind } from './sql-queries.js';
import { dashboardsKind } from './dashboards.js';
import { alertsKind } from './alerts.js';
import {
  ucCatalogsKind,
  ucExternalLocationsKind,
  ucSchemasKind,
  ucStorageCredentialsKind,
  ucVolumesKind,
} from './unity-catalog.js';
import { ucRegionMappingKind } from './unity-catalog-mapping.js';
import { ucGrantsKind } from './unity-catalog-grants.js';

/** The only list of resource kinds, in dependency order: a kind may reference only kinds before it. */
// jobs reference clusters, instance pools and cluster policies: they stay after those kinds.
// Pools come before policies because policy definitions may name pools; pools reference nothing.
export const KINDS: readonly ResourceKind[] = [
  // Identities reference nothing; first, so memberships and grants can name them. Groups come after users
  // and service principals, whose creation their memberships wait for.
  usersKind,
  servicePrincipalsKind,
  groupsKind,
  workspaceKind,
  // Secret scopes and global init scripts reference nothing.
  secretScopesKind,
  globalInitScriptsKind,
  // Jobs (and SQL alerts) name notification destinations, which reference nothing.
  notificationDestinationsKind,
  // Unity Catalog: credentials -> locations -> catalogs -> schemas -> volumes, by the references of their
  // files; the region mapping file after them (export lists what they name), their grants last of them.
  ucStorageCredentialsKind,
  ucExternalLocationsKind,
  ucCatalogsKind,
  ucSchemasKind,
  ucVolumesKind,
  ucRegionMappingKind,
  ucGrantsKind,
  instancePoolsKind,
  clusterPoliciesKind,
  clustersKind,
  // Repos sit in workspace folders; warehouses and pipelines (whose clusters[] name pools and policies)
  // are referenced by jobs, so all three come after compute and before jobs.
  reposKind,
  sqlWarehousesKind,
  // Queries, dashboards and alerts run on warehouses (alerts notify destinations); jobs run queries,
  // refresh dashboards and evaluate alerts.
  sqlQueriesKind,
  dashboardsKind,
  alertsKind,
  pipelinesKind,
  jobsKind,
  // Last on purpose: it exports the DBFS files that the configurations written before it point to.
  dbfsFilesKind,
  // Last: it reads the ids of every kind above, and its grants are applied after the objects they protect.
  permissionsKind,
];

export function kindByName(name: string): ResourceKind | undefined {
  return KINDS.find((k) => k.name === name);
}

/**
 * Which kinds must be read before a kind, because its normalizer turns their ids into references (or, for
 * dbfs_files and permissions, reads what they wrote or registered). Kinds with no path between them are
 * read concurrently; every dependency stands earlier in KINDS.
 */
const UC_OBJECT_KINDS = [
  'uc_storage_credentials',
  'uc_external_locations',
  'uc_catalogs',
  'uc_schemas',
  'uc_volumes',
];
const READ_AFTER: Record<string, readonly string[]> = {
  service_principals: ['users'],
  groups: ['users', 'service_principals'],
  cluster_policies: ['instance_pools'],
  clusters: ['instance_pools', 'cluster_policies'],
  pipelines: ['instance_pools', 'cluster_policies'],
  jobs: [
    'clusters',
    'instance_pools',
    'cluster_policies',
    'sql_warehouses',
    'pipelines',
    'notification_destinations',
    'queries',
    'dashboards',
    'alerts',
  ],
  queries: ['sql_warehouses'],
  dashboards: ['sql_warehouses'],
  alerts: ['sql_warehouses', 'notification_destinations'],
  uc_external_locations: ['uc_storage_credentials'],
  uc_schemas: ['uc_catalogs'],
  uc_volumes: ['uc_catalogs', 'uc_schemas'],
  uc_region_mapping: UC_OBJECT_KINDS,
  uc_grants: UC_OBJECT_KINDS,
};

function readAfter(kind: ResourceKind): string[] {
  const index = KINDS.indexOf(kind);
  // DBFS files are read after the configurations that name them, not after the workspace tree (which
  // names none, and takes longest to walk); permissions after every kind, whose ids it reads.
  if (kind.name === 'dbfs_files')
    return KINDS.slice(0, index)
      .map((k) => k.name)
      .filter((name) => name !== 'workspace');
  if (kind.name === 'permissions') return KINDS.slice(0, index).map((k) => k.name);
  return [...(READ_AFTER[kind.name] ?? [])];
}

/**
 * Runs `fn` for every kind, each as soon as the kinds it reads after are done. The first kind runs alone:
 * its first request proves the host and the credentials before anything runs in parallel. Then every
 * other kind's `prefetch` starts at once. Waits for every started kind to settle before rethrowing the
 * first failure, so nothing still writes after a failure.
 */
export async function forEachKind(
  fn: (kind: ResourceKind) => Promise<void>,
  prefetch: (kind: ResourceKind) => void = () => undefined,
): Promise<void> {
  const [first, ...rest] = KINDS;
  await fn(first);
  for (const kind of rest) prefetch(kind);
  const done = new Map<string, Promise<void>>([[first.name, Promise.resolve()]]);
  const runs: Promise<void>[] = [];
  for (const kind of rest) {
    const deps = readAfter(kind).map((name) => {
      const dep = done.get(name);
      if (!dep) throw new Error(`kind ${kind.name} reads after ${name}, which does not come before it`);
      return dep;
    });
    const run = Promise.all(deps).then(() => fn(kind));
    done.set(kind.name, run);
    runs.push(run);
  }
  const settled = await Promise.allSettled(runs);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}
