import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';

const UC = '/api/2.1/unity-catalog';
const CONNECTOR =
  '/subscriptions/0000/resourceGroups/dr-east/providers/Microsoft.Databricks/accessConnectors/uc-east';
const CONNECTOR_2 =
  '/subscriptions/0000/resourceGroups/dr-west/providers/Microsoft.Databricks/accessConnectors/uc-west';
const LAKE = 'abfss://lake@contosoeast.dfs.core.windows.net/';
const LAKE_2 = 'abfss://lake@contosowest.dfs.core.windows.net/';
const LANDING = 'abfss://landing@contosoeast.dfs.core.windows.net/';
const SECRETS = { 'unity-catalog/legacy_sp': 'sp-secret-value' };

const writes = (e: Emulator) =>
  e.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const patch = (client: DatabricksClient, p: string, body: JsonObject) =>
  client.request('PATCH', p, { body, idempotent: true });

/** A small UC tree made through the API, as a primary would hold it. */
async function seedPrimary(primary: Emulator): Promise<void> {
  const c = clientFor(primary);
  await c.post(`${UC}/storage-credentials`, {
    name: 'east_connector',
    comment: 'workspace connector',
    azure_managed_identity: { access_connector_id: CONNECTOR },
  });
  await c.post(`${UC}/storage-credentials`, {
    name: 'legacy_sp',
    azure_service_principal: {
      directory_id: 'tenant',
      application_id: 'app',
      client_secret: 'sp-secret-value',
    },
  });
  await c.post(`${UC}/external-locations`, { name: 'lake', url: LAKE, credential_name: 'east_connector' });
  await c.post(`${UC}/external-locations`, {
    name: 'landing',
    url: LANDING,
    credential_name: 'legacy_sp',
    read_only: true,
  });
  await c.post(`${UC}/catalogs`, {
    name: 'sales',
    comment: 'Sales',
    storage_root: `${LAKE}sales`,
    properties: { team: 'bi' },
  });
  await patch(c, `${UC}/catalogs/sales`, { owner: 'data-engineers', isolation_mode: 'ISOLATED' });
  await c.post(`${UC}/schemas`, { name: 'orders', catalog_name: 'sales', comment: 'Orders' });
  await c.post(`${UC}/catalogs`, { name: 'partner_data', provider_name: 'partner', share_name: 'prices' });
  await c.post(`${UC}/volumes`, {
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'raw',
    volume_type: 'EXTERNAL',
    storage_location: `${LANDING}orders`,
  });
  await c.post(`${UC}/volumes`, {
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'exports',
    volume_type: 'MANAGED',
  });
  primary.state.unityCatalog.putTable({
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'daily',
    table_type: 'MANAGED',
    data_source_format: 'DELTA',
  });
  await patch(c, `${UC}/permissions/catalog/sales`, {
    changes: [{ principal: 'analysts', add: ['USE_CATALOG', 'BROWSE'] }],
  });
  await patch(c, `${UC}/permissions/schema/sales.orders`, {
    changes: [{ principal: 'analysts', add: ['USE_SCHEMA', 'SELECT'] }],
  });
  await patch(c, `${UC}/permissions/volume/sales.orders.raw`, {
    changes: [{ principal: 'data-engineers', add: ['READ_VOLUME', 'WRITE_VOLUME'] }],
  });
  await patch(c, `${UC}/permissions/external_location/landing`, {
    changes: [{ principal: 'data-engineers', add: ['READ_FILES'] }],
  });
}

async function fillMapping(snapshotDir: string): Promise<void> {
  const file = path.join(snapshotDir, 'unity-catalog/locations.yaml');
  const text = await fs.readFile(file, 'utf8');
  await fs.writeFile(
    file,
    text
      .replace(`${LAKE}: null`, `${LAKE}: ${LAKE_2}`)
      .replace(`${LANDING}: null`, `${LANDING}: shared`)
      .replace(`${CONNECTOR}: null`, `${CONNECTOR}: ${CONNECTOR_2}`),
  );
}

/** The seeded primary exported, its region mapping filled in. */
async function exportMapped(primary: Emulator): Promise<{ repo: string; snap: string }> {
  await seedPrimary(primary);
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo);
  const snap = path.join(repo, 'databricks');
  await fillMapping(snap);
  return { repo, snap };
}

const readJson = async (file: string) => parseJson(await fs.readFile(file, 'utf8')) as JsonObject;

describe('Unity Catalog: export, region mapping, restore, grants, prune', () => {
  it('round-trips the tree with mapped storage, refuses an unmapped prefix before any write, and is idempotent', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const files = [...(await readTree(snap)).keys()].filter((f) => /^(uc-|unity-catalog)/.test(f));
      expect(files).toEqual([
        'uc-catalogs/sales.json',
        'uc-external-locations/lake.json',
        'uc-external-locations/landing.json',
        'uc-grants/catalog-sales.json',
        'uc-grants/external_location-lake.json',
        'uc-grants/external_location-landing.json',
        'uc-grants/schema-sales_default.json',
        'uc-grants/schema-sales_orders.json',
        'uc-grants/storage_credential-east_connector.json',
        'uc-grants/storage_credential-legacy_sp.json',
        'uc-grants/volume-sales_orders_exports.json',
        'uc-grants/volume-sales_orders_raw.json',
        'uc-schemas/sales_default.json',
        'uc-schemas/sales_orders.json',
        'uc-storage-credentials/east_connector.json',
        'uc-storage-credentials/legacy_sp.json',
        'uc-volumes/sales_orders_exports.json',
        'uc-volumes/sales_orders_raw.json',
        'unity-catalog/locations.yaml',
      ]);
      expect(await readJson(path.join(snap, 'uc-catalogs/sales.json'))).toEqual({
        name: 'sales',
        comment: 'Sales',
        storage_root: `${LAKE}sales`,
        properties: { team: 'bi' },
        owner: 'data-engineers',
        isolation_mode: 'ISOLATED',
      });
      expect(await readJson(path.join(snap, 'uc-volumes/sales_orders_raw.json'))).toEqual({
        catalog_name: '${resources.uc_catalogs.sales.id}',
        schema_name: 'orders',
        name: 'raw',
        volume_type: 'EXTERNAL',
        storage_location: `${LANDING}orders`,
        owner: 'admin@example.com',
      });
      expect(await readJson(path.join(snap, 'uc-grants/schema-sales_orders.json'))).toEqual({
        securable: '${resources.uc_schemas.sales_orders.id}',
        grants: [{ principal: 'analysts', privileges: ['SELECT', 'USE_SCHEMA'] }],
      });
      const secretless = await fs.readFile(path.join(snap, 'uc-storage-credentials/legacy_sp.json'), 'utf8');
      expect(secretless).not.toContain('sp-secret-value');
      // The skeleton lists each location prefix (the catalog's root is under one) and the connector.
      const mapping = await fs.readFile(path.join(snap, 'unity-catalog/locations.yaml'), 'utf8');
      expect(mapping).toContain(`${LAKE}: null`);
      expect(mapping).toContain(`${LANDING}: null`);
      expect(mapping).toContain(`${CONNECTOR}: null`);
      expect(mapping).not.toContain(`${LAKE}sales`);
      expect(exported.report.manual.map((m) => m.key)).toEqual(
        expect.arrayContaining([LAKE, LANDING, CONNECTOR]),
      );
      // A Delta Sharing catalog is not exported: it is a reference on the checklist.
      expect(exported.report.manual.find((m) => m.key === 'partner_data')?.reason).toMatch(
        /^Delta Sharing catalog \(share 'partner\.prices'\): create it again from the share/,
      );

      // Unmapped: plan refuses before the first write, naming the file and the field.
      await expect(applySnapshot(clientFor(secondary), snap, { secretValues: SECRETS })).rejects.toThrow(
        /uc-(external-locations|catalogs|storage-credentials|volumes|schemas)\/\w+\.json.*(url|storage_root|access_connector_id|storage_location).*no mapping in unity-catalog\/locations\.yaml/s,
      );
      expect(writes(secondary)).toEqual([]);

      await fillMapping(snap);
      const applied = await applySnapshot(clientFor(secondary), snap, { secretValues: SECRETS });
      expect(applied.report.failed).toEqual([]);
      expect(applied.failed).toBe(0);
      const uc = secondary.state.unityCatalog;
      expect(uc.get('external_location', 'lake').url).toBe(LAKE_2);
      expect(uc.get('external_location', 'landing').url).toBe(LANDING);
      expect(uc.get('storage_credential', 'east_connector').azure_managed_identity).toEqual({
        access_connector_id: CONNECTOR_2,
      });
      expect(uc.get('catalog', 'sales')).toMatchObject({
        storage_root: `${LAKE_2}sales`,
        owner: 'data-engineers',
        isolation_mode: 'ISOLATED',
      });
      expect(uc.get('volume', 'sales.orders.raw')).toMatchObject({
        storage_location: `${LANDING}orders`,
        volume_type: 'EXTERNAL',
      });
      expect(uc.get('volume', 'sales.orders.exports').volume_type).toBe('MANAGED');
      expect(uc.permissions('schema', 'sales.orders').privilege_assignments).toEqual([
        { principal: 'analysts', privileges: ['SELECT', 'USE_SCHEMA'] },
      ]);
      expect(uc.permissions('volume', 'sales.orders.raw').privilege_assignments).toEqual([
        { principal: 'data-engineers', privileges: ['READ_VOLUME', 'WRITE_VOLUME'] },
      ]);
      // The secret went to the secondary's credential create, and nowhere into the repository.
      const spCreate = secondary.requests.find(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/storage-credentials') &&
          JSON.stringify(r.body).includes('legacy_sp'),
      );
      expect(JSON.stringify(spCreate?.body)).toContain('sp-secret-value');

      // Idempotent: a second apply reads and writes nothing.
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snap, { secretValues: SECRETS });
      expect(again.failed).toBe(0);
      expect(writes(secondary)).toEqual([]);
    });
  });

  it('removes in the secondary a grant revoked in the primary; prune never deletes a container holding data', async () => {
    await withEmulators(async (primary, secondary) => {
      const { repo, snap } = await exportMapped(primary);
      const sec = clientFor(secondary);
      expect((await applySnapshot(sec, snap, { secretValues: SECRETS })).failed).toBe(0);

      await patch(clientFor(primary), `${UC}/permissions/schema/sales.orders`, {
        changes: [{ principal: 'analysts', remove: ['SELECT'] }],
      });
      await exportWorkspace(clientFor(primary), repo);
      const revoked = await applySnapshot(sec, snap, { secretValues: SECRETS });
      expect(revoked.failed).toBe(0);
      expect(
        secondary.state.unityCatalog.permissions('schema', 'sales.orders').privilege_assignments,
      ).toEqual([{ principal: 'analysts', privileges: ['USE_SCHEMA'] }]);

      // A comment and properties removed in the primary are cleared in the secondary, once.
      await patch(clientFor(primary), `${UC}/catalogs/sales`, { comment: '', properties: {} });
      await exportWorkspace(clientFor(primary), repo);
      expect((await applySnapshot(sec, snap, { secretValues: SECRETS })).failed).toBe(0);
      expect(secondary.state.unityCatalog.get('catalog', 'sales')).toMatchObject({
        comment: '',
        properties: {},
      });
      secondary.clearRequests();
      await applySnapshot(sec, snap, { secretValues: SECRETS });
      expect(writes(secondary)).toEqual([]);

      // The secondary gained objects the snapshot does not have: an empty schema, and a catalog whose
      // schema holds a table. Prune deletes the empty one and keeps (and names) the one with data.
      await sec.post(`${UC}/schemas`, { name: 'scratch', catalog_name: 'sales' });
      await sec.post(`${UC}/catalogs`, { name: 'adhoc' });
      await sec.post(`${UC}/schemas`, { name: 'work', catalog_name: 'adhoc' });
      secondary.state.unityCatalog.putTable({
        catalog_name: 'adhoc',
        schema_name: 'work',
        name: 'results',
        table_type: 'MANAGED',
      });
      const pruned = await applySnapshot(sec, snap, { secretValues: SECRETS, prune: true });
      expect(pruned.failed).toBe(0);
      const uc = secondary.state.unityCatalog;
      expect(() => uc.get('schema', 'sales.scratch')).toThrow(/does not exist/);
      expect(uc.get('catalog', 'adhoc').name).toBe('adhoc');
      expect(uc.get('schema', 'adhoc.work').name).toBe('work');
      expect(pruned.report.warnings.map((w) => `${w.kind} ${w.key}: ${w.reason}`).join('\n')).toMatch(
        /uc_catalogs adhoc: .*table 'adhoc\.work\.results'/,
      );
      // The restored managed volume holds files the snapshot does not record: never pruned either.
      expect(uc.get('volume', 'sales.orders.exports').name).toBe('exports');
    });
  });

  it('exports only the catalogs of the uc-catalogs input, and prune leaves the target catalogs outside them', async () => {
    await withEmulators(async (primary, secondary) => {
      await seedPrimary(primary);
      await clientFor(primary).post(`${UC}/catalogs`, { name: 'ops' });
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'uc-catalogs': 'Sales' });
      const snap = path.join(repo, 'databricks');
      const files = [...(await readTree(snap)).keys()];
      expect(files.filter((f) => f.startsWith('uc-catalogs/'))).toEqual(['uc-catalogs/sales.json']);
      expect(files.some((f) => f.includes('ops'))).toBe(false);
      expect((await readJson(path.join(snap, 'snapshot.json'))).uc_catalogs).toEqual(['sales']);
      await fillMapping(snap);
      const sec = clientFor(secondary);
      await sec.post(`${UC}/catalogs`, { name: 'local_only' });
      const pruned = await applySnapshot(sec, snap, { secretValues: SECRETS, prune: true });
      expect(pruned.failed).toBe(0);
      expect(secondary.state.unityCatalog.get('catalog', 'local_only').name).toBe('local_only');
      expect(secondary.state.unityCatalog.get('catalog', 'sales').name).toBe('sales');
    });
  });

  it('a workspace without a metastore exports no UC object; restoring UC into one is refused before any write', async () => {
    await withEmulators(async (primary, secondary) => {
      const { snap } = await exportMapped(primary);
      secondary.state.unityCatalog.metastoreAssigned = false;
      const empty = await exportWorkspace(clientFor(secondary), await tempDir());
      expect(empty.report.warnings.filter((w) => w.kind === 'uc_catalogs').map((w) => w.reason)).toEqual([
        'no Unity Catalog metastore is assigned to the workspace: nothing to export',
      ]);
      secondary.clearRequests();
      await expect(applySnapshot(clientFor(secondary), snap, { secretValues: SECRETS })).rejects.toThrow(
        /no Unity Catalog metastore assigned: assign the region's metastore/,
      );
      expect(writes(secondary)).toEqual([]);
    });
  });
});
