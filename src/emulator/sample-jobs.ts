/**
 * Jobs for the demo's primary workspace: a multi-task ETL with a schedule and a job cluster, a run_job_task
 * pair (an orchestrator that runs the ETL, on an hourly trigger) and a legacy 2.0 single-task job. The ETL
 * calls the on-call webhook (a notification destination, whose URL the demo passes in its 'secrets'). The
 * notebook paths are those of the sample workspace (sample.ts), so the demo's jobs point at real notebooks.
 */
import type { EmulatorState } from './apis/index.js';

/** Fixed creation times, so keys and files are the same on every run. */
const BASE_TIME = Date.UTC(2025, 2, 10, 9, 0, 0);
const alice = '/Users/alice@contoso.com';

export function seedSampleJobs(target: { state: EmulatorState }): void {
  const jobs = target.state.jobs;
  const onCall = target.state.notificationDestinations.create({
    display_name: 'On-call webhook',
    config: { generic_webhook: { url: 'https://oncall.contoso.com/hooks/databricks', username: 'dbx' } },
  });
  const etl = jobs.create(
    {
      name: 'Orders ETL',
      description: 'Ingests the landed order files and builds the daily aggregates.',
      tags: { team: 'data-eng' },
      job_clusters: [
        {
          job_cluster_key: 'etl_cluster',
          new_cluster: { spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 2 },
        },
      ],
      tasks: [
        {
          task_key: 'ingest',
          job_cluster_key: 'etl_cluster',
          notebook_task: {
            notebook_path: `${alice}/ETL/01_ingest_orders`,
            base_parameters: { landing_path: '/mnt/landing/orders' },
          },
        },
        {
          task_key: 'aggregate',
          depends_on: [{ task_key: 'ingest' }],
          job_cluster_key: 'etl_cluster',
          notebook_task: { notebook_path: `${alice}/ETL/02_clean_orders` },
        },
      ],
      email_notifications: { on_failure: ['alice@contoso.com'] },
      webhook_notifications: { on_failure: [{ id: onCall.id }] },
      schedule: {
        quartz_cron_expression: '0 30 2 * * ?',
        timezone_id: 'Europe/Paris',
        pause_status: 'UNPAUSED',
      },
      max_concurrent_runs: 1,
    },
    { singleTaskAllowed: false, creator: 'alice@contoso.com', createdTime: BASE_TIME },
  );
  jobs.create(
    {
      name: 'Orders orchestrator',
      tasks: [
        { task_key: 'run_etl', run_job_task: { job_id: etl.job_id } },
        {
          task_key: 'notify',
          depends_on: [{ task_key: 'run_etl' }],
          run_if: 'ALL_DONE',
          notebook_task: { notebook_path: `${alice}/ETL/01_ingest_orders` },
          environment_key: 'default',
        },
      ],
      environments: [{ environment_key: 'default', spec: { environment_version: '2' } }],
      trigger: { pause_status: 'UNPAUSED', periodic: { interval: 6, unit: 'HOURS' } },
    },
    { singleTaskAllowed: false, creator: 'alice@contoso.com', createdTime: BASE_TIME + 60_000 },
  );
  // A job created through /api/2.0 long ago: top-level task fields, format SINGLE_TASK.
  jobs.create(
    {
      name: 'Legacy weekly report',
      new_cluster: { spark_version: '7.3.x-scala2.12', node_type_id: 'Standard_DS3_v2', num_workers: 1 },
      notebook_task: { notebook_path: '/Users/bob@contoso.com/Weekly KPIs' },
      libraries: [{ pypi: { package: 'openpyxl' } }],
      max_retries: 1,
      schedule: { quartz_cron_expression: '0 0 6 ? * MON', timezone_id: 'UTC', pause_status: 'PAUSED' },
    },
    { singleTaskAllowed: true, creator: 'bob@contoso.com', createdTime: BASE_TIME - 400 * 24 * 3600_000 },
  );
}
