import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, writes } from '../jobs/helpers.js';

const readJson = async (file: string) => parseJson(await fs.readFile(file, 'utf8')) as JsonObject;

describe('SQL alerts (/api/2.0/alerts)', () => {
  it('round-trip paused until cutover, with their warehouse, destinations, grants and the job that evaluates them', async () => {
    await withEmulators(async (primary, secondary) => {
      const warehouse = primary.state.warehouses.create({ name: 'BI', cluster_size: 'Small' });
      const mail = primary.state.notificationDestinations.create({
        display_name: 'On call mail',
        config: { email: { addresses: ['oncall@contoso.com'] } },
      });
      const client = clientFor(primary);
      const alert = await client.post<JsonObject>('/api/2.0/alerts', {
        display_name: 'Late orders',
        query_text: 'SELECT count(*) AS late FROM main.sales.orders WHERE late',
        warehouse_id: warehouse.id,
        evaluation: {
          comparison_operator: 'GREATER_THAN',
          source: { name: 'late' },
          threshold: { value: { double_value: 10 } },
          notification: {
            notify_on_ok: true,
            subscriptions: [{ destination_id: mail.id }, { user_email: 'alice@contoso.com' }],
          },
        },
        schedule: { quartz_cron_schedule: '0 0 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      });
      await client.request('PATCH', `/api/2.0/permissions/alertsv2/${String(alert.id)}`, {
        body: { access_control_list: [{ group_name: 'users', permission_level: 'CAN_RUN' }] },
      });
      primary.state.jobs.create(
        {
          name: 'Check late orders',
          tasks: [
            { task_key: 'check', alert_task: { alert_id: String(alert.id), warehouse_id: warehouse.id } },
          ],
        },
        { singleTaskAllowed: false },
      );

      const repo = await tempDir();
      await exportWorkspace(client, repo);
      const dir = path.join(repo, 'databricks');
      expect(await readJson(path.join(dir, 'alerts/late_orders.json'))).toEqual({
        display_name: 'Late orders',
        query_text: 'SELECT count(*) AS late FROM main.sales.orders WHERE late',
        warehouse_id: '${resources.sql_warehouses.bi.id}',
        evaluation: {
          comparison_operator: 'GREATER_THAN',
          source: { name: 'late' },
          threshold: { value: { double_value: 10 } },
          notification: {
            notify_on_ok: true,
            subscriptions: [
              { destination_id: '${resources.notification_destinations.on_call_mail.id}' },
              { user_email: 'alice@contoso.com' },
            ],
          },
        },
      });
      expect(await readJson(path.join(dir, 'alerts/late_orders.schedule.json'))).toEqual({
        schedule: { quartz_cron_schedule: '0 0 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      });
      const job = await readJson(path.join(dir, 'jobs/check_late_orders.json'));
      expect((job.tasks as JsonObject[])[0].alert_task).toEqual({
        alert_id: '${resources.alerts.late_orders.id}',
        warehouse_id: '${resources.sql_warehouses.bi.id}',
      });

      const applied = await applyJobs(clientFor(secondary), dir);
      expect(applied.report.failed).toEqual([]);
      const target = clientFor(secondary);
      const [restored] = (await target.get<{ alerts: JsonObject[] }>('/api/2.0/alerts')).alerts;
      const targetWarehouse = secondary.state.warehouses.all()[0].id;
      const targetMail = secondary.state.notificationDestinations.all()[0].id;
      expect(restored).toMatchObject({
        warehouse_id: targetWarehouse,
        schedule: { pause_status: 'PAUSED' },
        evaluation: {
          notification: {
            subscriptions: [{ destination_id: targetMail }, { user_email: 'alice@contoso.com' }],
          },
        },
      });
      const grants = await target.get<JsonObject>(`/api/2.0/permissions/alertsv2/${String(restored.id)}`);
      expect(JSON.stringify(grants.access_control_list)).toContain('"group_name":"users"');
      const task = (jobsByName(secondary).get('Check late orders')?.settings.tasks as JsonObject[])[0];
      expect(task.alert_task).toEqual({ alert_id: restored.id, warehouse_id: targetWarehouse });

      // Idempotent while paused; cutover restores the recorded schedule state with one PATCH.
      secondary.clearRequests();
      const again = await applyJobs(clientFor(secondary), dir);
      expect(again.plan.line).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete/);
      expect(writes(secondary).filter((w) => !w.includes('/workspace/'))).toEqual([]);
      const cutover = await applyJobs(clientFor(secondary), dir, { activateSchedules: true });
      expect(cutover.report.failed).toEqual([]);
      expect(
        secondary.requests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/api/2.0/alerts/')),
      ).toEqual([expect.objectContaining({ query: expect.objectContaining({ update_mask: 'schedule' }) })]);
      expect((await target.get<JsonObject>(`/api/2.0/alerts/${String(restored.id)}`)).schedule).toMatchObject(
        {
          pause_status: 'UNPAUSED',
        },
      );
    });
  });
});
