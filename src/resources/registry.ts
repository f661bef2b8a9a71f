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
import { groupsKind, servicePrincipalsKind, usersKind } from './identities.js';
import { permissionsKind } from './permissions.js';

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
  instancePoolsKind,
  clusterPoliciesKind,
  clustersKind,
  // Repos sit in workspace folders; warehouses and pipelines (whose clusters[] name pools and policies)
  // are referenced by jobs, so all three come after compute and before jobs.
  reposKind,
  sqlWarehousesKind,
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
