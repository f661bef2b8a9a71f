import type { ResourceKind } from './kind.js';
import { workspaceKind } from './workspace.js';

/** The only list of resource kinds, in dependency order: a kind may reference only kinds before it. */
export const KINDS: readonly ResourceKind[] = [workspaceKind];

export function kindByName(name: string): ResourceKind | undefined {
  return KINDS.find((k) => k.name === name);
}
