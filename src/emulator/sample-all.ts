import type { EmulatorState } from './apis/index.js';
import { seedSampleAccess } from './sample-access.js';
import { seedSampleCompute } from './sample-compute.js';
import { seedSampleDataEng } from './sample-data-eng.js';
import { seedSampleJobs } from './sample-jobs.js';
import { seedSampleWorkspace } from './sample.js';
import { seedSampleUnityCatalog } from './sample-uc.js';

/**
 * The whole sample primary workspace of the demo and of `databricks-dr emulator --sample`: the workspace
 * tree, then compute, then jobs, then pipelines, warehouses and repos (and the job that runs them): each
 * names objects seeded before it.
 */
export function seedSample(target: { state: EmulatorState }): void {
  seedSampleWorkspace(target);
  seedSampleCompute(target);
  seedSampleJobs(target);
  seedSampleDataEng(target);
  seedSampleAccess(target);
  seedSampleUnityCatalog(target);
}
