/**
 * Data-engineering objects for the demo's primary workspace: a continuous DLT pipeline over the sample
 * ETL notebooks, a SQL warehouse with a saved query, an AI/BI dashboard (published) and an alert on it, a
 * repo (Git folder) and a job that refreshes the pipeline, then runs a SQL file and the saved query on the
 * warehouse and refreshes the dashboard. The pipeline's cluster uses the demo pool when sample-compute seeded it
 * first, so the demo shows a pipeline → pool reference; without it the pipeline names a node type.
 */
import type { EmulatorState } from './apis/index.js';
import type { JsonObject } from '../util/json.js';

const alice = '/Users/alice@contoso.com';

export function seedSampleDataEng(target: { state: EmulatorState }): void {
  const { pipelines, warehouses, repos, compute, jobs, queries, dashboards, alerts } = target.state;

  const pool = [...compute.pools.values()].find((p) => p.fields.instance_pool_name === 'Shared DS4 pool');
  const cluster: JsonObject = pool
    ? { label: 'default', instance_pool_id: pool.instance_pool_id, num_workers: 2 }
    : { label: 'default', node_type_id: 'Standard_DS3_v2', num_workers: 2 };
  const pipeline = pipelines.create({
    name: 'Orders DLT',
    catalog: 'main',
    target: 'orders',
    // Continuous on the primary: the export records it in pipelines/orders_dlt.schedule.json and a
    // restore leaves the secondary's copy triggered until cutover.
    continuous: true,
    development: false,
    photon: true,
    channel: 'CURRENT',
    edition: 'ADVANCED',
    libraries: [{ notebook: { path: `${alice}/ETL/02_clean_orders` } }],
    clusters: [cluster],
    configuration: { 'orders.source': '/mnt/landing/orders' },
    notifications: [{ email_recipients: ['alice@contoso.com'], alerts: ['on-update-failure'] }],
  });

  const warehouse = warehouses.create({
    name: 'Analytics warehouse',
    cluster_size: 'Small',
    min_num_clusters: 1,
    max_num_clusters: 3,
    auto_stop_mins: 20,
    enable_photon: true,
    warehouse_type: 'PRO',
    tags: { custom_tags: [{ key: 'team', value: 'analytics' }] },
  });
  // Idle, as a warehouse with auto-stop usually is.
  warehouses.setState(warehouse.id, 'STOPPED');

  const dailyOrders = queries.create({
    display_name: 'Daily orders',
    query_text: 'SELECT order_date, count(*) AS orders FROM main.orders.cleaned GROUP BY order_date',
    warehouse_id: warehouse.id,
    parent_path: '/Workspace/Shared',
  });
  const overview = dashboards.create({
    display_name: 'Orders overview',
    parent_path: '/Shared',
    warehouse_id: warehouse.id,
    serialized_dashboard: JSON.stringify({
      datasets: [{ name: 'orders', displayName: 'Orders', queryLines: ['SELECT * FROM main.orders.daily'] }],
      pages: [{ name: 'overview', displayName: 'Overview', layout: [] }],
    }),
  });
  dashboards.publish(overview.dashboard_id, { embed_credentials: false });
  alerts.create({
    display_name: 'No orders today',
    query_text: 'SELECT count(*) AS orders FROM main.orders.cleaned WHERE order_date = current_date()',
    warehouse_id: warehouse.id,
    evaluation: {
      comparison_operator: 'LESS_THAN',
      source: { name: 'orders' },
      threshold: { value: { double_value: 1 } },
      notification: { subscriptions: [{ user_email: 'alice@contoso.com' }] },
    },
    schedule: { quartz_cron_schedule: '0 0 18 * * ?', timezone_id: 'Europe/Paris', pause_status: 'UNPAUSED' },
  });

  const repo = repos.create({
    url: 'https://github.com/contoso/dbx-utils.git',
    provider: 'GitHub',
    path: '/Repos/alice@contoso.com/dbx-utils',
  });
  repos.update(repo.repo.id, { branch: 'develop' });

  jobs.create(
    {
      name: 'Refresh orders',
      tasks: [
        { task_key: 'refresh_pipeline', pipeline_task: { pipeline_id: pipeline.pipeline_id } },
        {
          task_key: 'daily_report',
          depends_on: [{ task_key: 'refresh_pipeline' }],
          sql_task: {
            warehouse_id: warehouse.id,
            file: { path: `${alice}/ETL/reports/daily_orders.sql`, source: 'WORKSPACE' },
          },
        },
        {
          task_key: 'saved_query',
          depends_on: [{ task_key: 'refresh_pipeline' }],
          sql_task: { warehouse_id: warehouse.id, query: { query_id: dailyOrders.id } },
        },
        {
          task_key: 'refresh_dashboard',
          depends_on: [{ task_key: 'saved_query' }],
          dashboard_task: { dashboard_id: overview.dashboard_id, warehouse_id: warehouse.id },
        },
      ],
    },
    { singleTaskAllowed: false },
  );
}
