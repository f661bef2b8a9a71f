import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { jobsByName, writes } from '../jobs/helpers.js';

const readJson = async (file: string) => parseJson(await fs.readFile(file, 'utf8')) as JsonObject;

const SERIALIZED = JSON.stringify({
  pages: [{ name: 'p1', displayName: 'Revenue', layout: [] }],
  datasets: [{ name: 'd1', displayName: 'Sales', queryLines: ['SELECT * FROM main.sales.orders'] }],
});

describe('AI/BI (Lakeview) dashboards', () => {
  it('round-trip as readable JSON with their warehouse, published state, grants and the job that refreshes them', async () => {
    await withEmulators(async (primary, secondary) => {
      const warehouse = primary.state.warehouses.create({ name: 'BI', cluster_size: 'Small' });
      primary.state.workspace.mkdirs('/Shared/bi');
      const client = clientFor(primary);
      const created = await client.post<JsonObject>('/api/2.0/lakeview/dashboards', {
        display_name: 'Revenue',
        parent_path: '/Workspace/Shared/bi',
        warehouse_id: warehouse.id,
        serialized_dashboard: SERIALIZED,
      });
      const id = String(created.dashboard_id);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      await client.post(`/api/2.0/lakeview/dashboards/${id}/published`, { embed_credentials: true });
      await client.request('PATCH', `/api/2.0/permissions/dashboards/${id}`, {
        body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_RUN' }] },
      });
      await client.post('/api/2.0/lakeview/dashboards', {
        display_name: 'Draft only',
        parent_path: '/Shared/bi',
      });
      primary.state.jobs.create(
        {
          name: 'Refresh revenue',
          tasks: [{ task_key: 'refresh', dashboard_task: { dashboard_id: id, warehouse_id: warehouse.id } }],
        },
        { singleTaskAllowed: false },
      );

      const repo = await tempDir();
      const exported = await exportWorkspace(client, repo);
      expect(exported.report.warnings.filter((w) => w.kind === 'dashboards')).toEqual([]);
      const dir = path.join(repo, 'databricks');
      const file = path.join(dir, 'dashboards/revenue.json');
      expect(await readJson(file)).toEqual({
        display_name: 'Revenue',
        parent_path: '/Shared/bi',
        warehouse_id: '${resources.sql_warehouses.bi.id}',
        published: { embed_credentials: true, warehouse_id: '${resources.sql_warehouses.bi.id}' },
        serialized_dashboard: {
          datasets: [{ displayName: 'Sales', name: 'd1', queryLines: ['SELECT * FROM main.sales.orders'] }],
          pages: [{ displayName: 'Revenue', layout: [], name: 'p1', pageType: 'PAGE_TYPE_CANVAS' }],
        },
      });
      // Readable and deterministic: the document is written out, keys sorted, one line per field.
      const text = await fs.readFile(file, 'utf8');
      expect(text).toMatch(/\n\s+"pageType": "PAGE_TYPE_CANVAS"\n/);
      const job = await readJson(path.join(dir, 'jobs/refresh_revenue.json'));
      expect((job.tasks as JsonObject[])[0].dashboard_task).toEqual({
        dashboard_id: '${resources.dashboards.revenue.id}',
        warehouse_id: '${resources.sql_warehouses.bi.id}',
      });

      const applied = await applySnapshot(clientFor(secondary), dir);
      expect(applied.report.failed).toEqual([]);
      const target = clientFor(secondary);
      const list = await target.get<{ dashboards: JsonObject[] }>('/api/2.0/lakeview/dashboards');
      const byName = new Map(list.dashboards.map((d) => [String(d.display_name), String(d.dashboard_id)]));
      expect([...byName.keys()].sort()).toEqual(['Draft only', 'Revenue']);
      const restored = byName.get('Revenue') as string;
      const targetWarehouse = secondary.state.warehouses.all()[0].id;
      const got = await target.get<JsonObject>(`/api/2.0/lakeview/dashboards/${restored}`);
      expect(got).toMatchObject({ parent_path: '/Shared/bi', warehouse_id: targetWarehouse });
      expect(parseJson(String(got.serialized_dashboard))).toEqual(
        parseJson(SERIALIZED.replace('"layout":[]', '"layout":[],"pageType":"PAGE_TYPE_CANVAS"')),
      );
      expect(await target.get(`/api/2.0/lakeview/dashboards/${restored}/published`)).toMatchObject({
        embed_credentials: true,
        warehouse_id: targetWarehouse,
      });
      await expect(
        target.get(`/api/2.0/lakeview/dashboards/${String(byName.get('Draft only'))}/published`),
      ).rejects.toThrow(/Unable to find published dashboard/);
      const grants = await target.get<JsonObject>(`/api/2.0/permissions/dashboards/${restored}`);
      expect(JSON.stringify(grants.access_control_list)).toContain('"group_name":"users"');
      const task = (jobsByName(secondary).get('Refresh revenue')?.settings.tasks as JsonObject[])[0];
      expect(task.dashboard_task).toEqual({ dashboard_id: restored, warehouse_id: targetWarehouse });

      // Idempotent: the second apply only reads.
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), dir);
      expect(again.plan.line).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete/);
      expect(writes(secondary).filter((w) => !w.includes('/workspace/'))).toEqual([]);

      // Unpublished in the primary, a dataset edited: the draft is updated and the target unpublished.
      await client.request('DELETE', `/api/2.0/lakeview/dashboards/${id}/published`);
      await client.request('PATCH', `/api/2.0/lakeview/dashboards/${id}`, {
        body: {
          display_name: 'Revenue',
          warehouse_id: warehouse.id,
          serialized_dashboard: SERIALIZED.replace('orders', 'orders_v2'),
        },
      });
      await exportWorkspace(client, repo);
      const updated = await applySnapshot(clientFor(secondary), dir, { prune: true });
      expect(updated.failed).toBe(0);
      const after = await target.get<JsonObject>(`/api/2.0/lakeview/dashboards/${restored}`);
      expect(String(after.serialized_dashboard)).toContain('orders_v2');
      expect(after.warehouse_id).toBe(targetWarehouse);
      await expect(target.get(`/api/2.0/lakeview/dashboards/${restored}/published`)).rejects.toThrow(
        /Unable to find published dashboard/,
      );
    });
  });
});
