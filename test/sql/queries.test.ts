import { promises as fs } from 'node:fs';
import * as path from 'node:path';
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
import { jobsByName, writes } from '../jobs/helpers.js';

const readJson = async (file: string) => parseJson(await fs.readFile(file, 'utf8')) as JsonObject;

/** A warehouse, two queries (one's parameter backed by the other), a namesake in another folder, a job. */
function seedPrimary(primary: Emulator) {
  const warehouse = primary.state.warehouses.create({ name: 'BI', cluster_size: 'Small' });
  const countries = primary.state.queries.create({
    display_name: 'Countries',
    query_text: 'SELECT DISTINCT country FROM sales',
    warehouse_id: warehouse.id,
    parent_path: '/Workspace/Shared/bi',
  });
  const revenue = primary.state.queries.create({
    display_name: 'Revenue by country',
    description: 'Daily revenue',
    query_text: 'SELECT * FROM sales WHERE country = :country',
    warehouse_id: warehouse.id,
    catalog: 'main',
    schema: 'sales',
    tags: ['finance'],
    parent_path: '/Workspace/Shared/bi',
    parameters: [
      {
        name: 'country',
        title: 'Country',
        query_backed_value: { query_id: countries.id, multi_value_options: { separator: ',' } },
      },
    ],
  });
  const namesake = primary.state.queries.create({
    display_name: 'Countries',
    query_text: 'SELECT 1',
    parent_path: '/Workspace/Users/alice@contoso.com',
  });
  // Created a minute later: the API gives create_time to the second, and two queries created within one
  // second are told apart by id, which says nothing of which came first.
  namesake.created += 60_000;
  primary.state.jobs.create(
    {
      name: 'Revenue report',
      tasks: [{ task_key: 'run', sql_task: { warehouse_id: warehouse.id, query: { query_id: revenue.id } } }],
    },
    { singleTaskAllowed: false },
  );
  return { warehouse, countries, revenue };
}

describe('SQL queries', () => {
  it('round-trip with their warehouse, query parameters, grants and the job that runs them', async () => {
    await withEmulators(async (primary, secondary) => {
      const { revenue } = seedPrimary(primary);
      await clientFor(primary).request('PATCH', `/api/2.0/permissions/queries/${revenue.id}`, {
        body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_RUN' }] },
      });
      const repo = await tempDir();
      const exported = await exportWorkspace(clientFor(primary), repo);
      expect(exported.report.warnings.filter((w) => w.kind === 'queries')).toEqual([]);
      const dir = path.join(repo, 'databricks');
      expect([...(await readTree(path.join(dir, 'queries'))).keys()]).toEqual([
        'countries.json',
        'countries_2.json',
        'revenue_by_country.json',
      ]);
      expect(await readJson(path.join(dir, 'queries/revenue_by_country.json'))).toEqual({
        display_name: 'Revenue by country',
        description: 'Daily revenue',
        query_text: 'SELECT * FROM sales WHERE country = :country',
        warehouse_id: '${resources.sql_warehouses.bi.id}',
        catalog: 'main',
        schema: 'sales',
        tags: ['finance'],
        parent_path: '/Workspace/Shared/bi',
        run_as_mode: 'OWNER',
        parameters: [
          {
            name: 'country',
            title: 'Country',
            query_backed_value: {
              query_id: '${resources.queries.countries.id}',
              multi_value_options: { separator: ',' },
            },
          },
        ],
      });
      const job = await readJson(path.join(dir, 'jobs/revenue_report.json'));
      expect((job.tasks as JsonObject[])[0].sql_task).toEqual({
        warehouse_id: '${resources.sql_warehouses.bi.id}',
        query: { query_id: '${resources.queries.revenue_by_country.id}' },
      });

      const applied = await applySnapshot(clientFor(secondary), dir);
      expect(applied.failed).toBe(0);
      const queries = secondary.state.queries.all();
      const byKey = new Map(
        queries.map((q) => [`${String(q.spec.display_name)}@${String(q.spec.parent_path)}`, q]),
      );
      const target = {
        warehouse: secondary.state.warehouses.all()[0].id,
        countries: byKey.get('Countries@/Workspace/Shared/bi'),
        revenue: byKey.get('Revenue by country@/Workspace/Shared/bi'),
        namesake: byKey.get('Countries@/Workspace/Users/alice@contoso.com'),
      };
      expect(queries).toHaveLength(3);
      expect(target.revenue?.spec.warehouse_id).toBe(target.warehouse);
      expect((target.revenue?.spec.parameters as JsonObject[])[0].query_backed_value).toEqual({
        query_id: target.countries?.id,
        multi_value_options: { separator: ',' },
      });
      // The second 'Countries' is told apart by its key tag; the first needs none.
      expect(target.namesake?.spec.tags).toEqual(['databricks-dr-key:countries_2']);
      expect(target.countries?.spec.tags).toBeUndefined();
      const sql = (jobsByName(secondary).get('Revenue report')?.settings.tasks as JsonObject[])[0].sql_task;
      expect(sql).toEqual({ warehouse_id: target.warehouse, query: { query_id: target.revenue?.id } });
      const grants = await clientFor(secondary).get<JsonObject>(
        `/api/2.0/permissions/queries/${String(target.revenue?.id)}`,
      );
      expect(JSON.stringify(grants.access_control_list)).toContain('"group_name":"users"');

      // Idempotent: a second apply only reads.
      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), dir);
      expect(again.plan.line).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete/);
      expect(writes(secondary).filter((w) => !w.includes('/workspace/'))).toEqual([]);

      // A changed query text is one PATCH naming that field; a query gone from the primary is trashed by prune.
      primary.state.queries.update(revenue.id, 'query_text', { query_text: 'SELECT 2' });
      const extra = secondary.state.queries.create({ display_name: 'Scratch', query_text: 'SELECT 3' });
      await exportWorkspace(clientFor(primary), repo);
      secondary.clearRequests();
      const updated = await applySnapshot(clientFor(secondary), dir, { prune: true });
      expect(updated.failed).toBe(0);
      expect(target.revenue?.spec.query_text).toBe('SELECT 2');
      expect(
        secondary.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/2.0/sql/queries/')),
      ).toEqual([
        expect.objectContaining({ body: { update_mask: 'query_text', query: { query_text: 'SELECT 2' } } }),
      ]);
      expect(secondary.state.queries.all().map((q) => q.id)).not.toContain(extra.id);
    });
  });

  it('a query moved to another folder is a replace, which needs allow-replace', async () => {
    await withEmulators(async (primary, secondary) => {
      const { countries } = seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = path.join(repo, 'databricks');
      expect((await applySnapshot(clientFor(secondary), dir)).failed).toBe(0);
      const file = path.join(dir, 'queries/countries.json');
      await fs.writeFile(
        file,
        JSON.stringify({ ...(await readJson(file)), parent_path: '/Workspace/Shared/x' }),
      );
      const held = await applySnapshot(clientFor(secondary), dir, { dryRun: true });
      expect(held.plan.changes.find((c) => c.kind === 'queries' && c.key === 'countries')).toMatchObject({
        action: 'replace',
        blocked: expect.stringMatching(/allow-replace/),
      });
      expect(countries.id).toBeDefined();
    });
  });
});
