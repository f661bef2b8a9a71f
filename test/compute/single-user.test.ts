/**
 * `single_user_name` names a principal (reference §4.2), which must exist before a cluster can be assigned
 * to it. In an empty target the cluster is created after that user, service principal or group, when the
 * snapshot holds it: a soft reference, so the order is right and a principal that cannot be created still
 * lets the cluster be tried.
 */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PlanRun } from '../../src/modes/plan.js';
import { planWaves, type Plan } from '../../src/plan/plan.js';
import type { Ref } from '../../src/plan/references.js';
import { isJsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** The wave a change runs in. */
function waveOf(plan: Plan, kind: string, key: string): number {
  return planWaves(plan).findIndex((w) => w.some((c) => c.kind === kind && c.key === key));
}

/** The key the snapshot gives a principal, by the name clusters and grants use. */
function principalKeyIn(run: PlanRun, kind: string, field: string, name: string): string {
  const found = [...run.desired.values()].find(
    (d) => d.kind === kind && isJsonObject(d.spec) && d.spec[field] === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} in the snapshot`);
  return found.key;
}

describe('single_user_name', () => {
  it('creates a SINGLE_USER cluster after the user, service principal or group it names', async () => {
    await withEmulators(async (primary, secondary) => {
      const scim = primary.state.scim;
      scim.createUser({ userName: 'dana@example.com' });
      const robot = scim.createServicePrincipal({ displayName: 'ETL robot' });
      scim.createGroup({ displayName: 'Data team' });
      const client = clientFor(primary);
      const cluster = (name: string, mode: string, principal: string) =>
        client.post('/api/2.1/clusters/create', {
          cluster_name: name,
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: 0,
          data_security_mode: mode,
          single_user_name: principal,
        });
      await cluster('Dana', 'SINGLE_USER', 'dana@example.com');
      await cluster('Robot', 'SINGLE_USER', robot.applicationId);
      await cluster('Team', 'DATA_SECURITY_MODE_DEDICATED', 'Data team');
      const repo = await tempDir();
      await exportWorkspace(client, repo);
      const snap = path.join(repo, 'databricks');

      const target = clientFor(secondary);
      const dry = await applySnapshot(target, snap, { dryRun: true });
      const expected: Array<[string, Ref]> = [
        [
          'dana',
          {
            kind: 'users',
            key: principalKeyIn(dry.run, 'users', 'userName', 'dana@example.com'),
            soft: true,
          },
        ],
        [
          'robot',
          {
            kind: 'service_principals',
            key: principalKeyIn(dry.run, 'service_principals', 'applicationId', robot.applicationId),
            soft: true,
          },
        ],
        [
          'team',
          { kind: 'groups', key: principalKeyIn(dry.run, 'groups', 'displayName', 'Data team'), soft: true },
        ],
      ];
      for (const [key, ref] of expected) {
        const change = dry.plan.changes.find((c) => c.kind === 'clusters' && c.key === key);
        expect(change?.dependsOn).toContainEqual(ref);
        // Not in the same wave as the principal: after it.
        expect(waveOf(dry.plan, 'clusters', key)).toBeGreaterThan(waveOf(dry.plan, ref.kind, ref.key));
      }

      // The emulator refuses a cluster whose principal does not exist yet, so the order is what makes this pass.
      const applied = await applySnapshot(target, snap);
      expect(applied.failed).toBe(0);
      const assigned = [...secondary.state.compute.clusters.values()]
        .map((c) => `${String(c.spec?.cluster_name)}: ${String(c.spec?.single_user_name)}`)
        .sort();
      expect(assigned).toEqual([
        'Dana: dana@example.com',
        `Robot: ${robot.applicationId}`,
        'Team: Data team',
      ]);
    });
  });

  it('is no reference when the snapshot does not hold the principal', async () => {
    await withEmulators(async (primary, secondary) => {
      // The emulator's own admin exists in both workspaces; the snapshot's user file for it is removed.
      await clientFor(primary).post('/api/2.1/clusters/create', {
        cluster_name: 'Admin',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 0,
        data_security_mode: 'SINGLE_USER',
        single_user_name: primary.state.scim.me.userName,
      });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const users = path.join(snap, 'users');
      for (const file of await fs.readdir(users))
        if ((await fs.readFile(path.join(users, file), 'utf8')).includes(primary.state.scim.me.userName))
          await fs.rm(path.join(users, file));
      const dry = await applySnapshot(clientFor(secondary), snap, { dryRun: true });
      const change = dry.plan.changes.find((c) => c.kind === 'clusters' && c.key === 'admin');
      expect(change?.dependsOn.filter((r) => r.kind === 'users')).toEqual([]);
      const applied = await applySnapshot(clientFor(secondary), snap);
      expect(applied.failed).toBe(0);
    });
  });
});
