import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { RefIndex, RunCache, type ApplyOptions } from '../../src/resources/kind.js';
import { dbfsFilesKind, referencedDbfsPaths } from '../../src/resources/dbfs-files.js';
import { EXPORT_STATE_FILE, SnapshotReader, SnapshotWriter } from '../../src/snapshot/store.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, readTree, tempDir, withEmulators } from '../helpers/harness.js';

const skipMeta = (rel: string) => rel.endsWith(EXPORT_STATE_FILE) || rel === 'snapshot.json';
const OURS = /^(secret-scopes|global-init-scripts|dbfs)\//;

/** 2.5 MB that is not one repeated byte, so a misplaced chunk shows. */
function bigContent(): Buffer {
  const out = Buffer.alloc(2.5 * 1024 * 1024);
  for (let i = 0; i < out.length; i += 32) createHash('sha256').update(String(i)).digest().copy(out, i);
  return out;
}

const ALL_VALUES = { 'app-secrets/api-token': 'tok-123', 'app-secrets/db-password': 'pw' };
const KV = {
  resource_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
  dns_name: 'https://kv.vault.azure.net/',
};

async function seedPrimary(emulator: Emulator): Promise<{ jar: Buffer }> {
  const client = clientFor(emulator);
  // Secrets: a Databricks scope with two keys and ACLs (to groups the primary has), and a Key Vault scope.
  for (const displayName of ['data-eng', 'ops']) emulator.state.scim.createGroup({ displayName });
  await client.post('/api/2.0/secrets/scopes/create', { scope: 'app-secrets' });
  await client.post('/api/2.0/secrets/put', {
    scope: 'app-secrets',
    key: 'api-token',
    string_value: 'old-a',
  });
  await client.post('/api/2.0/secrets/put', {
    scope: 'app-secrets',
    key: 'db-password',
    string_value: 'old-b',
  });
  await client.post('/api/2.0/secrets/acls/put', {
    scope: 'app-secrets',
    principal: 'data-eng',
    permission: 'READ',
  });
  await client.post('/api/2.0/secrets/acls/put', {
    scope: 'app-secrets',
    principal: 'ops',
    permission: 'WRITE',
  });
  await client.post('/api/2.0/secrets/scopes/create', {
    scope: 'kv-scope',
    scope_backend_type: 'AZURE_KEYVAULT',
    backend_azure_keyvault: KV,
  });
  emulator.state.secrets.put('kv-scope', 'from-vault', 'in the vault');

  // Global init scripts, positions not in name order; one disabled.
  const gis = (name: string, script: string, enabled: boolean) =>
    client.post('/api/2.0/global-init-scripts', {
      name,
      script: Buffer.from(script).toString('base64'),
      enabled,
    });
  await gis('Zeta setup', '#!/bin/bash\necho zeta\n', true);
  await gis('alpha', '#!/bin/bash\necho alpha\n', false);
  await gis('Middle', '#!/bin/bash\necho middle\n', true);

  // DBFS: a legacy init script, and files a cluster and a job point to.
  const jar = bigContent();
  const dbfs = emulator.state.dbfs;
  dbfs.write('/databricks/init/etl-cluster/legacy.sh', Buffer.from('#!/bin/bash\necho legacy\n'));
  dbfs.write('/FileStore/init/setup.sh', Buffer.from('#!/bin/bash\necho setup\n'));
  dbfs.write('/FileStore/jars/etl.jar', jar);
  dbfs.write('/FileStore/wheels/pkg-1.0-py3-none-any.whl', Buffer.from('wheel bytes'));
  dbfs.write('/cluster-logs/not-content.txt', Buffer.from('logs are not exported'));
  dbfs.write('/FileStore/unreferenced.txt', Buffer.from('nobody points here'));
  const { cluster_id } = await client.post<{ cluster_id: string }>('/api/2.1/clusters/create', {
    cluster_name: 'ETL',
    spark_version: '15.4.x-scala2.12',
    node_type_id: 'Standard_DS3_v2',
    num_workers: 1,
    init_scripts: [{ dbfs: { destination: 'dbfs:/FileStore/init/setup.sh' } }],
    cluster_log_conf: { dbfs: { destination: 'dbfs:/cluster-logs' } },
  });
  await client.post('/api/2.0/libraries/install', {
    cluster_id,
    libraries: [{ jar: 'dbfs:/FileStore/jars/etl.jar' }],
  });
  await client.post('/api/2.1/jobs/create', {
    name: 'Nightly',
    tasks: [
      {
        task_key: 'main',
        python_wheel_task: { package_name: 'pkg', entry_point: 'run' },
        libraries: [
          { whl: 'dbfs:/FileStore/wheels/pkg-1.0-py3-none-any.whl' },
          { jar: 'dbfs:/FileStore/missing.jar' },
        ],
        new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 },
      },
    ],
  });
  return { jar };
}

async function apply(
  client: DatabricksClient,
  snapshotDir: string,
  options: Partial<ApplyOptions> & { prune?: boolean } = {},
) {
  const snapshot = await SnapshotSource.fromDirectory(snapshotDir);
  const report = new RunReport();
  const result = await runApply(
    snapshot,
    { client, log: new MemoryLog(), report },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...options },
  );
  return { ...result, report };
}

async function readJson(file: string): Promise<JsonObject> {
  return parseJson(await fs.readFile(file, 'utf8')) as JsonObject;
}

describe('secret scopes, global init scripts and DBFS files: export, restore, export again', () => {
  it('round-trips byte for byte, restores supplied secret values, reports missing ones, and a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const { jar } = await seedPrimary(primary);
      const repoA = await tempDir();
      primary.clearRequests();
      const exported = await exportWorkspace(clientFor(primary), repoA);
      const snapA = path.join(repoA, 'databricks');

      const ours = [...(await readTree(snapA, skipMeta)).keys()].filter((f) => OURS.test(f));
      expect(ours).toEqual([
        'dbfs/FileStore/init/setup.sh',
        'dbfs/FileStore/jars/etl.jar',
        'dbfs/FileStore/wheels/pkg-1.0-py3-none-any.whl',
        'dbfs/databricks/init/etl-cluster/legacy.sh',
        'global-init-scripts/alpha.json',
        'global-init-scripts/alpha.sh',
        'global-init-scripts/middle.json',
        'global-init-scripts/middle.sh',
        'global-init-scripts/zeta_setup.json',
        'global-init-scripts/zeta_setup.sh',
        'secret-scopes/app_secrets.json',
        'secret-scopes/kv_scope.json',
      ]);
      expect(await readJson(path.join(snapA, 'secret-scopes/app_secrets.json'))).toEqual({
        name: 'app-secrets',
        backend_type: 'DATABRICKS',
        acls: { 'admin@example.com': 'MANAGE', 'data-eng': 'READ', ops: 'WRITE' },
        keys: ['api-token', 'db-password'],
      });
      expect(await readJson(path.join(snapA, 'secret-scopes/kv_scope.json'))).toEqual({
        name: 'kv-scope',
        backend_type: 'AZURE_KEYVAULT',
        keyvault_metadata: KV,
        acls: { 'admin@example.com': 'MANAGE' },
        keys: ['from-vault'],
      });
      const snapshotText = (await readTree(snapA)).values();
      for (const bytes of snapshotText)
        expect(bytes.toString('utf8')).not.toMatch(/old-a|old-b|in the vault/);
      expect(await readJson(path.join(snapA, 'global-init-scripts/zeta_setup.json'))).toEqual({
        name: 'Zeta setup',
        position: 0,
        enabled: true,
      });
      expect(await fs.readFile(path.join(snapA, 'global-init-scripts/alpha.sh'), 'utf8')).toBe(
        '#!/bin/bash\necho alpha\n',
      );
      expect(await readJson(path.join(snapA, 'global-init-scripts/alpha.json'))).toMatchObject({
        position: 1,
        enabled: false,
      });
      expect((await fs.readFile(path.join(snapA, 'dbfs/FileStore/jars/etl.jar'))).equals(jar)).toBe(true);
      // Read in chunks of at most 1 MB: 2.5 MB takes three reads.
      const reads = primary.requests.filter(
        (r) => r.path === '/api/2.0/dbfs/read' && r.query.path === '/FileStore/jars/etl.jar',
      );
      expect(reads.map((r) => [r.query.offset, r.query.length])).toEqual([
        ['0', '1048576'],
        ['1048576', '1048576'],
        ['2097152', '1048576'],
      ]);
      expect(exported.report.warnings).toContainEqual({
        kind: 'dbfs_files',
        key: '/FileStore/missing.jar',
        reason: expect.stringContaining('does not exist'),
      });

      // Restore with one of the two values.
      const applied = await apply(clientFor(secondary), snapA, {
        secretValues: { 'app-secrets/api-token': 'tok-123' },
      });
      expect(applied.report.failed).toEqual([]);
      const secrets = secondary.state.secrets;
      expect(secrets.value('app-secrets', 'api-token')).toBe('tok-123');
      expect(secrets.value('app-secrets', 'db-password')).toBeUndefined();
      expect(secrets.scope('kv-scope').keyvault_metadata).toEqual(KV);
      expect(Object.fromEntries(secrets.scope('app-secrets').acls)).toEqual({
        'admin@example.com': 'MANAGE',
        'data-eng': 'READ',
        ops: 'WRITE',
      });
      expect(applied.report.warnings).toContainEqual({
        kind: 'secret_scopes',
        key: 'app_secrets',
        reason: expect.stringContaining("'app-secrets/db-password' has no value"),
      });
      expect(applied.report.manual).toEqual([
        {
          kind: 'secret_scopes',
          key: 'app_secrets',
          reason: expect.stringContaining("secret 'db-password'"),
        },
      ]);
      expect(
        secondary.state.globalInitScripts.scripts.map((s) => [s.name, s.enabled, s.script.toString()]),
      ).toEqual([
        ['Zeta setup', true, '#!/bin/bash\necho zeta\n'],
        ['alpha', false, '#!/bin/bash\necho alpha\n'],
        ['Middle', true, '#!/bin/bash\necho middle\n'],
      ]);
      expect(secondary.state.dbfs.get('/FileStore/jars/etl.jar')?.data.equals(jar)).toBe(true);
      expect(secondary.state.dbfs.get('/databricks/init/etl-cluster/legacy.sh')?.data.toString()).toBe(
        '#!/bin/bash\necho legacy\n',
      );
      // Uploaded in blocks of at most 1 MB.
      const blocks = secondary.requests.filter((r) => r.path === '/api/2.0/dbfs/add-block');
      expect(blocks.length).toBe(3 + 3);
      for (const b of blocks)
        expect(Buffer.from(String((b.body as JsonObject).data), 'base64').length).toBeLessThanOrEqual(
          1024 * 1024,
        );

      // Applying the same partial input again writes nothing and reports the missing value again.
      secondary.clearRequests();
      const partial = await apply(clientFor(secondary), snapA, {
        secretValues: { 'app-secrets/api-token': 'tok-123' },
      });
      expect(partial.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(partial.report.manual).toHaveLength(1);

      // Supplying the missing value puts only it.
      secondary.clearRequests();
      const filled = await apply(clientFor(secondary), snapA, {
        secretValues: ALL_VALUES,
      });
      expect(filled.plan.changes.filter((c) => c.action !== 'no-op')).toMatchObject([
        {
          kind: 'secret_scopes',
          key: 'app_secrets',
          action: 'update',
          changes: [{ path: 'keys["db-password"]', after: 'set' }],
        },
      ]);
      expect(secondary.requests.filter((r) => r.method !== 'GET').map((r) => r.body)).toEqual([
        { scope: 'app-secrets', key: 'db-password', string_value: 'pw' },
      ]);
      expect(filled.report.manual).toEqual([]);
      // Export of the restored workspace: the same bytes. The same Key Vault backs 'kv-scope' in both
      // workspaces, so it lists the same key there.
      secondary.state.secrets.put('kv-scope', 'from-vault', 'in the vault');
      const repoB = await tempDir();
      await exportWorkspace(clientFor(secondary), repoB);
      const a = await readTree(snapA, skipMeta);
      const b = await readTree(path.join(repoB, 'databricks'), skipMeta);
      const pick = (m: Map<string, Buffer>) => [...m].filter(([f]) => OURS.test(f));
      expect(pick(b).map(([f]) => f)).toEqual(pick(a).map(([f]) => f));
      for (const [file, bytes] of pick(a))
        expect(`${file}\n${b.get(file)?.toString('utf8')}`).toBe(`${file}\n${bytes.toString('utf8')}`);

      // A second apply with the same input writes nothing.
      secondary.clearRequests();
      const again = await apply(clientFor(secondary), snapA, { secretValues: ALL_VALUES });
      expect(again.plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(again.report.manual).toEqual([]);

      // Forcing puts every supplied value again (rotation).
      secondary.clearRequests();
      await apply(clientFor(secondary), snapA, {
        secretValues: { 'app-secrets/api-token': 'rotated' },
        forceSecretValues: true,
      });
      expect(secondary.requests.filter((r) => r.method !== 'GET').map((r) => r.path)).toEqual([
        '/api/2.0/secrets/put',
      ]);
      expect(secrets.value('app-secrets', 'api-token')).toBe('rotated');
    });
  });

  it('reports a Key Vault scope that the applying identity cannot create, per scope, and applies the rest', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      secondary.state.secrets.keyVaultScopesAllowed = false;
      const applied = await apply(clientFor(secondary), path.join(repo, 'databricks'));
      expect(applied.report.failed).toEqual([
        {
          kind: 'secret_scopes',
          key: 'kv_scope',
          reason: expect.stringMatching(
            /cannot create the Azure Key Vault-backed secret scope 'kv-scope'.*Azure AD token/,
          ),
        },
      ]);
      expect(applied.report.manual).toContainEqual({
        kind: 'secret_scopes',
        key: 'kv_scope',
        reason: expect.stringContaining('as a user'),
      });
      expect(secondary.state.secrets.scopes.has('app-secrets')).toBe(true);
    });
  });

  it('restores global init script positions and content changes in place', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      await apply(clientFor(secondary), snap);
      // Move 'Middle' first and change its script.
      await fs.writeFile(
        path.join(snap, 'global-init-scripts/middle.json'),
        JSON.stringify({ name: 'Middle', position: 0, enabled: true }),
      );
      await fs.writeFile(
        path.join(snap, 'global-init-scripts/zeta_setup.json'),
        JSON.stringify({ name: 'Zeta setup', position: 1, enabled: true }),
      );
      await fs.writeFile(
        path.join(snap, 'global-init-scripts/alpha.json'),
        JSON.stringify({ name: 'alpha', position: 2, enabled: false }),
      );
      await fs.writeFile(path.join(snap, 'global-init-scripts/middle.sh'), 'echo changed\n');
      const applied = await apply(clientFor(secondary), snap);
      expect(applied.report.failed).toEqual([]);
      expect(secondary.state.globalInitScripts.scripts.map((s) => [s.name, s.script.toString()])).toEqual([
        ['Middle', 'echo changed\n'],
        ['Zeta setup', '#!/bin/bash\necho zeta\n'],
        ['alpha', '#!/bin/bash\necho alpha\n'],
      ]);
      secondary.clearRequests();
      const again = await apply(clientFor(secondary), snap);
      expect(again.plan.hasChanges).toBe(false);
    });
  });

  it('skips and reports DBFS files over the size limit', async () => {
    await withEmulators(async (primary) => {
      primary.state.dbfs.write('/databricks/init/big.sh', Buffer.alloc(2 * 1024 * 1024, 1));
      primary.state.dbfs.write('/databricks/init/small.sh', Buffer.from('echo small\n'));
      const dir = await tempDir();
      const report = new RunReport();
      await dbfsFilesKind.export({
        client: clientFor(primary),
        log: new MemoryLog(),
        report,
        refs: new RefIndex(),
        run: new RunCache(),
        options: { workspacePaths: ['/'], exclude: () => false, dbfsMaxBytes: 1024 * 1024 },
        out: new SnapshotWriter(dir),
        previous: new SnapshotReader(path.join(dir, 'none')),
      });
      expect([...(await readTree(dir)).keys()]).toEqual(['dbfs/databricks/init/small.sh']);
      expect(report.skipped).toEqual([
        {
          kind: 'dbfs_files',
          key: '/databricks/init/big.sh',
          reason: expect.stringContaining('2097152 bytes'),
        },
      ]);
      expect(report.manual).toHaveLength(1);
    });
  });

  it('finds DBFS references in init scripts, libraries and python files, but not in log destinations', () => {
    expect(
      referencedDbfsPaths({
        init_scripts: [{ dbfs: { destination: 'dbfs:/a/init.sh' } }, { workspace: { destination: '/x.sh' } }],
        cluster_log_conf: { dbfs: { destination: 'dbfs:/logs' } },
        tasks: [
          {
            spark_python_task: { python_file: 'dbfs:/py/main.py' },
            libraries: [{ whl: 'dbfs:/w.whl' }, { pypi: { package: 'x' } }, { requirements: 'dbfs:/r.txt' }],
            new_cluster: { init_scripts: [{ dbfs: { destination: 'dbfs://a//init.sh' } }] },
          },
        ],
        job_clusters: [{ new_cluster: { libraries: [{ egg: 'dbfs:/e.egg' }, { jar: 's3://no.jar' }] } }],
      }),
    ).toEqual(['/a/init.sh', '/e.egg', '/py/main.py', '/r.txt', '/w.whl']);
  });
});
