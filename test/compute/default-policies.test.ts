import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import type { StoredPolicy } from '../../src/emulator/apis/compute-store.js';
import { parseJson, stableJson, toJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Databricks-managed default policies (§6: `is_default`, family-based, never deleted, family fixed): an
 * admin's changes to them are exported and restored in place, and apply never creates or deletes one.
 */

/** What an admin changes on Personal Compute: one cluster per user, and only small nodes. */
const OVERRIDES = { node_type_id: { type: 'allowlist', values: ['Standard_DS3_v2', 'Standard_DS4_v2'] } };

function defaultPolicy(emulator: Emulator, name: string): StoredPolicy {
  const policy = [...emulator.state.compute.policies.values()].find((p) => p.is_default && p.name === name);
  if (!policy) throw new Error(`no default policy ${name}`);
  return policy;
}

/** Edits the primary's Personal Compute as an admin does, through the API. */
async function customisePersonalCompute(primary: Emulator): Promise<string> {
  const { policy_id } = defaultPolicy(primary, 'Personal Compute');
  await clientFor(primary).post('/api/2.0/policies/clusters/edit', {
    policy_id,
    name: 'Personal Compute',
    policy_family_id: 'personal-vm',
    policy_family_definition_overrides: toJson(OVERRIDES),
    max_clusters_per_user: 1,
  });
  return policy_id;
}

async function exported(emulator: Emulator): Promise<string> {
  const repo = await tempDir();
  await exportWorkspace(clientFor(emulator), repo);
  return path.join(repo, 'databricks');
}

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

const policyFile = (snap: string, key: string) => path.join(snap, 'cluster-policies', `${key}.json`);

const policyWrites = (emulator: Emulator) =>
  emulator.requests
    .filter((r) => r.method === 'POST' && r.path.startsWith('/api/2.0/policies/clusters/'))
    .map((r) => [r.path.slice('/api/2.0/policies/clusters/'.length), r.body]);

describe('default cluster policies', () => {
  it("exports an admin's changes to Personal Compute and restores them into the target's own default policy", async () => {
    await withEmulators(async (primary, secondary) => {
      await customisePersonalCompute(primary);
      const snap = await exported(primary);
      expect(await readJson(policyFile(snap, 'personal_compute'))).toEqual({
        is_default: true,
        name: 'Personal Compute',
        policy_family_id: 'personal-vm',
        policy_family_definition_overrides: OVERRIDES,
        max_clusters_per_user: 1,
      });
      // Untouched default policies: a small file each, nothing but what identifies them.
      expect(await readJson(policyFile(snap, 'job_compute'))).toEqual({
        is_default: true,
        name: 'Job Compute',
        policy_family_id: 'job-cluster',
      });

      const target = defaultPolicy(secondary, 'Personal Compute');
      const before = secondary.state.compute.policies.size;
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.report.failed).toEqual([]);
      expect(applied.report.manual).toEqual([]);
      expect(
        applied.plan.changes
          .filter((c) => c.kind === 'cluster_policies')
          .map((c) => [c.key, c.action, c.changes.map((f) => f.path)]),
      ).toEqual([
        ['job_compute', 'no-op', []],
        ['personal_compute', 'update', ['max_clusters_per_user', 'policy_family_definition_overrides']],
        ['power_user_compute', 'no-op', []],
        ['shared_compute', 'no-op', []],
      ]);
      // One edit of the target's own Personal Compute; no policy created or deleted.
      expect(policyWrites(secondary)).toEqual([
        [
          'edit',
          {
            policy_id: target.policy_id,
            name: 'Personal Compute',
            policy_family_id: 'personal-vm',
            policy_family_definition_overrides: toJson(OVERRIDES),
            max_clusters_per_user: 1,
          },
        ],
      ]);
      expect(secondary.state.compute.policies.size).toBe(before);
      expect(defaultPolicy(secondary, 'Personal Compute')).toMatchObject({
        policy_id: target.policy_id,
        is_default: true,
        policy_family_id: 'personal-vm',
        max_clusters_per_user: 1,
      });
      expect(JSON.parse(String(target.policy_family_definition_overrides))).toEqual(OVERRIDES);

      // The target exported: the same file; applied again: nothing to do.
      const back = await exported(secondary);
      expect(await fs.readFile(policyFile(back, 'personal_compute'), 'utf8')).toBe(
        await fs.readFile(policyFile(snap, 'personal_compute'), 'utf8'),
      );
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snap);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('resets the target when the source reverts its changes: the small file says there are none', async () => {
    await withEmulators(async (primary, secondary) => {
      const id = await customisePersonalCompute(primary);
      await applySnapshot(clientFor(secondary), await exported(primary));
      await clientFor(primary).post('/api/2.0/policies/clusters/edit', {
        policy_id: id,
        name: 'Personal Compute',
        policy_family_id: 'personal-vm',
      });
      const snap = await exported(primary);
      expect(await readJson(policyFile(snap, 'personal_compute'))).toEqual({
        is_default: true,
        name: 'Personal Compute',
        policy_family_id: 'personal-vm',
      });
      const reset = await applySnapshot(clientFor(secondary), snap);
      expect(reset.report.failed).toEqual([]);
      const change = reset.plan.changes.find((c) => c.key === 'personal_compute');
      expect(change?.action).toBe('update');
      const target = defaultPolicy(secondary, 'Personal Compute');
      expect(target.max_clusters_per_user).toBeUndefined();
      expect(target.policy_family_definition_overrides).toBeUndefined();
      secondary.clearRequests();
      expect((await applySnapshot(clientFor(secondary), snap)).plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('never deletes a default policy, also with prune, and even from a snapshot without their files', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exported(primary);
      // As a snapshot made before default policies were exported: none of their files.
      for (const key of ['job_compute', 'personal_compute', 'power_user_compute', 'shared_compute'])
        await fs.rm(policyFile(snap, key));
      await clientFor(secondary).post('/api/2.0/policies/clusters/create', {
        name: 'stray',
        definition: '{}',
      });
      const defaults = [...secondary.state.compute.policies.values()].filter((p) => p.is_default);
      expect(defaults).toHaveLength(4);
      secondary.clearRequests();
      const pruned = await applySnapshot(clientFor(secondary), snap, { prune: true });
      expect(pruned.report.failed).toEqual([]);
      // The ordinary policy the snapshot lacks is deleted; the default ones are not even planned.
      expect(
        pruned.plan.changes.filter((c) => c.kind === 'cluster_policies').map((c) => [c.key, c.action]),
      ).toEqual([['stray', 'delete']]);
      expect(policyWrites(secondary).map(([what]) => what)).toEqual(['delete']);
      expect([...secondary.state.compute.policies.values()].filter((p) => p.is_default)).toEqual(defaults);

      // With their files, prune changes nothing either.
      const full = await exported(primary);
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), full, { prune: true });
      expect(again.plan.changes.filter((c) => c.kind === 'cluster_policies' && c.action !== 'no-op')).toEqual(
        [],
      );
      expect(policyWrites(secondary)).toEqual([]);
    });
  });

  it('never creates a default policy the target lacks: a manual step, and what needs it waits', async () => {
    await withEmulators(async (primary, secondary) => {
      await customisePersonalCompute(primary);
      const personal = defaultPolicy(primary, 'Personal Compute');
      await clientFor(primary).post('/api/2.1/clusters/create', {
        cluster_name: 'mine',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 0,
        policy_id: personal.policy_id,
      });
      const snap = await exported(primary);
      // A target without Personal Compute (Databricks did not give it one).
      secondary.state.compute.policies.delete(defaultPolicy(secondary, 'Personal Compute').policy_id);

      const plan = await applySnapshot(clientFor(secondary), snap, { dryRun: true });
      const change = plan.plan.changes.find((c) => c.key === 'personal_compute');
      expect(change?.action).toBe('create');
      expect(change?.note).toContain('a Databricks-managed default policy, which apply never creates');

      secondary.clearRequests();
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.failed).toBe(0);
      expect(policyWrites(secondary)).toEqual([]);
      expect(applied.report.manual).toEqual([
        {
          kind: 'cluster_policies',
          key: 'personal_compute',
          reason: expect.stringContaining(
            "the target workspace has no default policy 'Personal Compute', and only Databricks creates default policies",
          ),
        },
      ]);
      expect(applied.report.skipped).toEqual(
        expect.arrayContaining([
          {
            kind: 'clusters',
            key: 'mine',
            reason: expect.stringContaining('cluster_policies.personal_compute'),
          },
        ]),
      );
      expect(
        [...secondary.state.compute.clusters.values()].some((c) => c.spec?.cluster_name === 'mine'),
      ).toBe(false);
    });
  });

  it('refuses to turn a default policy into an ordinary one (or back): a manual step, nothing edited', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exported(primary);
      // A snapshot whose "Job Compute" is an ordinary policy, as in a workspace from before default policies.
      await fs.writeFile(
        policyFile(snap, 'job_compute'),
        stableJson({ name: 'Job Compute', definition: { num_workers: { type: 'range', maxValue: 8 } } }),
      );
      secondary.clearRequests();
      const applied = await applySnapshot(clientFor(secondary), snap);
      const change = applied.plan.changes.find((c) => c.key === 'job_compute');
      expect(change?.action).toBe('update');
      expect(change?.note).toContain('a default policy and an ordinary one share this key');
      expect(applied.failed).toBe(0);
      expect(policyWrites(secondary)).toEqual([]);
      expect(applied.report.manual.map((m) => [m.key, m.reason])).toEqual([
        ['job_compute', expect.stringContaining("the target's 'Job Compute' is a default policy")],
      ]);
    });
  });

  it("refuses a file whose 'is_default' is not true", async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exported(primary);
      const file = policyFile(snap, 'shared_compute');
      await fs.writeFile(file, stableJson({ ...(await readJson(file)), is_default: false }));
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /cluster-policies\/shared_compute\.json.*'is_default' marks a Databricks-managed default policy: true, or left out/,
      );
    });
  });
});
