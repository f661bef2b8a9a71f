import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { clientFor, exportWorkspace, applySnapshot, tempDir, withEmulators } from '../helpers/harness.js';
import { writes } from '../jobs/helpers.js';
import { holdReplacesThatTakeMore } from '../../src/plan/planner.js';
import { countChanges, planLine, type PlannedChange } from '../../src/plan/plan.js';

/**
 * Issue 13 item 1: a replace deletes the target object and makes it anew. Deleting a folder deletes what
 * is in it, so replacing a folder by a notebook would take with it objects that only prune may delete. A
 * consent flag (allow-replace) never widens what another flag (prune) guards.
 */
describe('allow-replace never deletes what only prune may', () => {
  it('blocks the replace of a folder that holds an object the snapshot lacks, and says why', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/app/x', 'PYTHON', 'print("x is a notebook")');
      primary.state.workspace.putNotebook('/Shared/app/other', 'PYTHON', 'print("other")');
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared/app' });
      const dir = path.join(repo, 'databricks');

      // The target has a folder where the snapshot has a notebook, holding a notebook the snapshot lacks.
      secondary.state.workspace.putNotebook('/Shared/app/x/keep-me', 'PYTHON', 'print("keep me")');
      const client = clientFor(secondary);

      const plan = await applySnapshot(client, dir, { allowReplace: true, dryRun: true });
      const replace = plan.plan.changes.find((c) => c.key === '/Shared/app/x');
      expect(replace).toMatchObject({
        action: 'replace',
        blocked: expect.stringMatching(
          /replacing it would delete \/Shared\/app\/x\/keep-me .*not in the snapshot.*set prune/,
        ),
      });
      expect(plan.plan.changes.find((c) => c.key === '/Shared/app/x/keep-me')).toMatchObject({
        action: 'delete',
        blocked: 'not in the snapshot; deleting needs prune',
      });
      expect(plan.plan.line).toMatch(
        /\(1 not deleted: prune is off; 1 not replaced: it would delete what the snapshot lacks\)$/,
      );

      secondary.clearRequests();
      const applied = await applySnapshot(client, dir, { allowReplace: true });
      expect(applied.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/app/x/keep-me')).toBeDefined();
      expect(writes(secondary).filter((w) => w.endsWith('workspace/delete'))).toEqual([]);
      expect(secondary.state.workspace.get('/Shared/app/other')?.object_type).toBe('NOTEBOOK');

      // With prune too, the plan says what goes, and apply does exactly that.
      const pruned = await applySnapshot(client, dir, { allowReplace: true, prune: true, dryRun: true });
      expect(pruned.plan.changes.find((c) => c.key === '/Shared/app/x')).toMatchObject({
        action: 'replace',
        blocked: undefined,
      });
      expect(pruned.plan.changes.find((c) => c.key === '/Shared/app/x/keep-me')).toMatchObject({
        action: 'delete',
        blocked: undefined,
      });
      const done = await applySnapshot(client, dir, { allowReplace: true, prune: true });
      expect(done.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/app/x')?.object_type).toBe('NOTEBOOK');
      expect(secondary.state.workspace.get('/Shared/app/x/keep-me')).toBeUndefined();
    });
  });

  it('blocks the replace of a folder that holds a Git folder or an excluded object, even with prune', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/app/x', 'PYTHON', 'print("x is a notebook")');
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, {
        'workspace-paths': '/Shared/app',
        exclude: '**/scratch/**',
      });
      const dir = path.join(repo, 'databricks');
      secondary.state.workspace.putNotebook('/Shared/app/x/scratch/tmp', 'PYTHON', 'print("excluded")');
      const client = clientFor(secondary);
      const plan = await applySnapshot(client, dir, { allowReplace: true, prune: true, dryRun: true });
      expect(plan.plan.changes.find((c) => c.key === '/Shared/app/x')).toMatchObject({
        action: 'replace',
        blocked: expect.stringMatching(/holds objects the snapshot leaves out/),
      });
      secondary.clearRequests();
      await applySnapshot(client, dir, { allowReplace: true, prune: true });
      expect(secondary.state.workspace.get('/Shared/app/x/scratch/tmp')).toBeDefined();
    });
  });
});

describe('a DBFS folder where the snapshot has a file', () => {
  it('is never replaced: its contents are listed nowhere, so deleting it would take them unseen', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.dbfs.write('/FileStore/jars/etl.jar', Buffer.from('jar'));
      await clientFor(primary).post('/api/2.2/jobs/create', {
        name: 'Nightly',
        tasks: [
          {
            task_key: 'main',
            spark_jar_task: { main_class_name: 'com.example.Main' },
            libraries: [{ jar: 'dbfs:/FileStore/jars/etl.jar' }],
            new_cluster: {
              spark_version: '15.4.x-scala2.12',
              node_type_id: 'Standard_DS3_v2',
              num_workers: 1,
            },
          },
        ],
      });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      secondary.state.dbfs.write('/FileStore/jars/etl.jar/other-team.parquet', Buffer.from('data'));
      const client = clientFor(secondary);
      const plan = await applySnapshot(client, dir, { allowReplace: true, prune: true, dryRun: true });
      expect(plan.plan.changes.find((c) => c.key === '/FileStore/jars/etl.jar')).toMatchObject({
        action: 'replace',
        blocked: expect.stringMatching(/^replacing deletes it first, which must never be: a DBFS folder/),
      });
      await applySnapshot(client, dir, { allowReplace: true, prune: true });
      expect(secondary.state.dbfs.get('/FileStore/jars/etl.jar/other-team.parquet')).toBeDefined();
    });
  });
});

describe('a secret scope whose backend changes', () => {
  it('is not replaced while the target holds values apply cannot put back', async () => {
    await withEmulators(async (primary, secondary) => {
      for (const [emulator, keys] of [
        [primary, ['k1']],
        [secondary, ['k1', 'only-here']],
      ] as const) {
        const client = clientFor(emulator);
        await client.post('/api/2.0/secrets/scopes/create', { scope: 'app' });
        for (const key of keys)
          await client.post('/api/2.0/secrets/put', { scope: 'app', key, string_value: 'v' });
      }
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      const file = path.join(dir, 'secret-scopes/app.json');
      const value = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
      value.backend_type = 'AZURE_KEYVAULT';
      value.keyvault_metadata = {
        resource_id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z',
        dns_name: 'https://z.vault.azure.net/',
      };
      value.keys = ['k1'];
      await fs.writeFile(file, JSON.stringify(value, null, 2) + '\n');
      const client = clientFor(secondary);
      const plan = await applySnapshot(client, dir, {
        allowReplace: true,
        prune: true,
        dryRun: true,
        secretValues: { 'app/k1': 'v' },
      });
      expect(plan.plan.changes.find((c) => c.kind === 'secret_scopes' && c.key === 'app')).toMatchObject({
        action: 'replace',
        held: true,
        blocked: expect.stringMatching(
          /^replacing would also delete the values of 2 secret key\(s\) it holds \(k1, only-here\), which apply has no value for and no API reads back$/,
        ),
      });
    });
  });
});

describe('holdReplacesThatTakeMore (every kind with replace semantics)', () => {
  const pool = (blocked?: string): PlannedChange => ({
    kind: 'instance_pools',
    key: 'p',
    action: 'replace',
    changes: [{ path: 'node_type_id', before: 'A', after: 'B' }],
    dependsOn: [],
    ...(blocked ? { blocked } : {}),
  });
  const cluster = (blocked?: string): PlannedChange => ({
    kind: 'clusters',
    key: 'adhoc',
    action: 'delete',
    changes: [],
    dependsOn: [{ kind: 'instance_pools', key: 'p' }],
    ...(blocked ? { blocked } : {}),
  });

  it('holds a pool replace while a cluster the snapshot lacks uses the pool and prune is off', () => {
    const changes = [pool(), cluster('not in the snapshot; deleting needs prune')];
    holdReplacesThatTakeMore(changes, () => undefined);
    expect(changes[0]).toMatchObject({
      held: true,
      blocked: expect.stringMatching(/would delete clusters\.adhoc too, .*set prune as well/),
    });
    expect(planLine(countChanges(changes))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete (1 not deleted: prune is off; 1 not replaced: it would delete what the snapshot lacks)',
    );
  });

  it('lets it through with prune (the cluster is deleted anyway), and keeps the consent message first', () => {
    const pruned = [pool(), cluster()];
    holdReplacesThatTakeMore(pruned, () => undefined);
    expect(pruned[0].blocked).toBeUndefined();
    const noConsent = [
      pool('replacing needs consent: set allow-replace (node_type_id changed)'),
      cluster('x'),
    ];
    holdReplacesThatTakeMore(noConsent, () => undefined);
    expect(noConsent[0].held).toBeUndefined();
    expect(noConsent[0].blocked).toMatch(
      /^replacing needs consent: .*; replacing it would delete clusters\.adhoc/,
    );
  });

  it('holds the replace of an object that is never deleted', () => {
    const changes = [pool()];
    holdReplacesThatTakeMore(changes, () => 'replacing would delete its values too');
    expect(changes[0]).toMatchObject({ held: true, blocked: 'replacing would delete its values too' });
  });
});
