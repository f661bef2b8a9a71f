import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ComputeStore } from '../../src/emulator/apis/compute-store.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = API_FIXTURES;

/** A fixture from the shared API reference, parsed losslessly (spark_context_id stays exact). */
export function fixture(rel: string): JsonObject {
  return parseJson(readFileSync(path.join(FIXTURES, rel), 'utf8')) as JsonObject;
}

/**
 * The compute fixtures into an emulated workspace: pool `pool1`, the policy `123` naming it, cluster `test1`
 * with the libraries of its status fixture and cluster `test2` under that policy (the jobs fixtures name
 * test2 and pool1).
 */
export function seedComputeFixtures(compute: ComputeStore): void {
  compute.seedPool(fixture('instance-pools/get-instance-pool1.json'));
  compute.seedPolicy(fixture('policies/get-cluster-policy.json'));
  const statuses = fixture('libraries/libraries-cluster-status-test1.json').library_statuses as JsonObject[];
  compute.seedCluster(
    fixture('clusters/get-cluster-test1-response.json'),
    statuses.map((s) => s.library as JsonObject),
  );
  compute.seedCluster(fixture('clusters/get-cluster-test2-response.json'));
}
