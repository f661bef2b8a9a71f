import type { ResourceKind } from './kind.js';
import { workspaceKind } from './workspace.js';
import { jobsKind } from './jobs.js';
import { instancePoolsKind } from './instance-pools.js';
import { clusterPoliciesKind } from './cluster-policies.js';
import { clustersKind } from './clusters.js';

/** The only list of resource kinds, in dependency order: a kind may reference only kinds before it. */
// jobs reference clusters, instance pools and cluster policies: they stay after those kinds.
// Pools come before policies because policy definitions may name pools; pools reference nothing.
export const KINDS: readonly ResourceKind[] = [
  workspaceKind,
  instancePoolsKind,
  clusterPoliciesKind,
  clustersKind,
  jobsKind,
];

export function kindByName(name: string): ResourceKind | undefined {
  return KINDS.find((k) => k.name === name);
}
