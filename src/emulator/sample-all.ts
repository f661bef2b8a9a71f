import type { EmulatorState } from './apis/index.js';
import { seedSampleCompute } from './sample-compute.js';
import { seedSampleJobs } from './sample-jobs.js';
import { seedSampleWorkspace } from './sample.js';

/**
 * The whole sample primary workspace of the demo and of `databricks-dr emulator --sample`: the workspace
 * tree, then compute, then the jobs that run on it (jobs name notebooks and clusters made before them).
 */
export function seedSample(target: { state: EmulatorState }): void {
  seedSampleWorkspace(target);
  seedSampleCompute(target);
  seedSampleJobs(target);
}
