import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const APP_A = '11111111-aaaa-4aaa-8aaa-000000000001';
const APP_B = '22222222-bbbb-4bbb-8bbb-000000000002';
const APP_C = '33333333-cccc-4ccc-8ccc-000000000003';

/** Changes apply would make, as `action kind.key`. */
async function pending(client: ReturnType<typeof clientFor>, snapshot: string, prune = false) {
  const dry = await applySnapshot(client, snapshot, { dryRun: true, prune });
  return dry.plan.changes
    .filter((c) => c.action !== 'no-op' && ['service_principals', 'groups', 'users'].includes(c.kind))
    .map((c) => `${c.action} ${c.kind}.${c.key}${c.blocked ? ' (blocked)' : ''}`);
}

/**
 * Principals are matched by what every workspace calls them (applicationId, userName, displayName), not by
 * the key a display name gives: display names repeat and change, application ids do not.
 */
describe('target principals are matched to the snapshot by name, not by key', () => {
  it('two service principals with one display name restore, and a second apply changes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.createServicePrincipal({ applicationId: APP_A, displayName: 'ci' });
      primary.state.scim.createServicePrincipal({ applicationId: APP_B, displayName: 'ci' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snapshot = path.join(repo, 'databricks');
      const files = await fs.readdir(path.join(snapshot, 'service-principals'));
      expect(files.filter((f) => f.startsWith('ci'))).toEqual(['ci.json', 'ci_2.json']);

      const first = await applySnapshot(clientFor(secondary), snapshot);
      expect(first.report.failed).toEqual([]);
      expect(secondary.state.scim.spByApplicationId(APP_A)?.displayName).toBe('ci');
      expect(secondary.state.scim.spByApplicationId(APP_B)?.displayName).toBe('ci');
      expect(await pending(clientFor(secondary), snapshot)).toEqual([]);
    });
  });

  it('a target principal with the same display name but another application id is not the snapshot’s', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.createServicePrincipal({ applicationId: APP_A, displayName: 'etl' });
      secondary.state.scim.createServicePrincipal({ applicationId: APP_C, displayName: 'etl' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snapshot = path.join(repo, 'databricks');

      expect(await pending(clientFor(secondary), snapshot)).toEqual([
        'create service_principals.etl',
        'delete service_principals.etl_target (blocked)',
      ]);
      const applied = await applySnapshot(clientFor(secondary), snapshot);
      expect(applied.report.failed).toEqual([]);
      expect(secondary.state.scim.spByApplicationId(APP_A)?.displayName).toBe('etl');
      // Not touched: it is another principal, deleted only with prune.
      expect(secondary.state.scim.spByApplicationId(APP_C)?.displayName).toBe('etl');
      expect(await pending(clientFor(secondary), snapshot)).toEqual([
        'delete service_principals.etl_target (blocked)',
      ]);
    });
  });

  it('a service principal renamed in the target is updated, not created again', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.createServicePrincipal({ applicationId: APP_A, displayName: 'etl' });
      secondary.state.scim.createServicePrincipal({ applicationId: APP_A, displayName: 'legacy etl' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snapshot = path.join(repo, 'databricks');
      expect(await pending(clientFor(secondary), snapshot)).toEqual(['update service_principals.etl']);
      const applied = await applySnapshot(clientFor(secondary), snapshot);
      expect(applied.report.failed).toEqual([]);
      expect(secondary.state.scim.spByApplicationId(APP_A)?.displayName).toBe('etl');
      expect(await pending(clientFor(secondary), snapshot)).toEqual([]);
    });
  });

  it('groups whose names make one key restore, and a second apply changes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.scim.createGroup({ displayName: 'Data Eng' });
      primary.state.scim.createGroup({ displayName: 'data-eng' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snapshot = path.join(repo, 'databricks');
      const first = await applySnapshot(clientFor(secondary), snapshot);
      expect(first.report.failed).toEqual([]);
      expect(secondary.state.scim.groupByName('Data Eng')).toBeDefined();
      expect(secondary.state.scim.groupByName('data-eng')).toBeDefined();
      expect(await pending(clientFor(secondary), snapshot)).toEqual([]);
      expect(await pending(clientFor(secondary), snapshot, true)).toEqual([]);
    });
  });
});
