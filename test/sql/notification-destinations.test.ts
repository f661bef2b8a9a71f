import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { planJson } from '../../src/report/plan-render.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, readTree, tempDir, withEmulators } from '../helpers/harness.js';
import { jobsByName, writes } from '../jobs/helpers.js';

const URL = 'https://hooks.example.com/services/T000/B000/s3cr3t-path';
const PASSWORD = 'webhook-pa55word';
const SLACK = 'https://hooks.slack.com/services/T1/B2/slack-s3cr3t';
const VALUES = [URL, PASSWORD, SLACK];

async function apply(
  emulator: Emulator,
  dir: string,
  options: { secretValues?: Record<string, string>; prune?: boolean; dryRun?: boolean } = {},
) {
  const log = new MemoryLog();
  const report = new RunReport();
  const result = await runApply(
    await SnapshotSource.fromDirectory(dir),
    { client: clientFor(emulator, 8, log), log, report },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...options },
  );
  return { ...result, report, log };
}

/** A primary with a webhook (URL and password), a Slack and an email destination, and a job naming two. */
function seedPrimary(primary: Emulator): { webhook: string; slack: string } {
  const store = primary.state.notificationDestinations;
  const webhook = store.create({
    display_name: 'Ops webhook',
    config: { generic_webhook: { url: URL, password: PASSWORD } },
  }).id;
  const slack = store.create({ display_name: 'Data team Slack', config: { slack: { url: SLACK } } }).id;
  store.create({ display_name: 'On call mail', config: { email: { addresses: ['oncall@contoso.com'] } } });
  primary.state.jobs.create(
    {
      name: 'Nightly load',
      tasks: [
        {
          task_key: 'load',
          notebook_task: { notebook_path: '/Shared/load' },
          webhook_notifications: { on_failure: [{ id: slack }] },
        },
      ],
      webhook_notifications: { on_failure: [{ id: webhook }], on_success: [{ id: slack }] },
    },
    { singleTaskAllowed: false },
  );
  return { webhook, slack };
}

const secrets = {
  'notification_destinations/ops_webhook/url': URL,
  'notification_destinations/ops_webhook/password': PASSWORD,
  'notification_destinations/data_team_slack/url': SLACK,
};

describe('notification destinations emulator', () => {
  it('answers the *_set flags, never the input-only values, and keeps the type', async () => {
    await withEmulators(async (primary) => {
      const client = clientFor(primary);
      const created = await client.post<JsonObject>('/api/2.0/notification-destinations', {
        display_name: 'Hook',
        config: { generic_webhook: { url: URL, password: PASSWORD } },
      });
      const id = String(created.id);
      const got = await client.get<JsonObject>(`/api/2.0/notification-destinations/${id}`);
      expect(got).toEqual({
        id,
        display_name: 'Hook',
        destination_type: 'WEBHOOK',
        config: { generic_webhook: { url_set: true, password_set: true } },
      });
      expect(JSON.stringify(got)).not.toContain(PASSWORD);
      const list = await client.get<JsonObject>('/api/2.0/notification-destinations');
      expect(list).toEqual({ results: [{ id, display_name: 'Hook', destination_type: 'WEBHOOK' }] });
      await expect(
        client.request('PATCH', `/api/2.0/notification-destinations/${id}`, {
          body: { config: { slack: { url: SLACK } } },
        }),
      ).rejects.toThrow(/type cannot be changed/);
      await expect(
        client.post('/api/2.0/notification-destinations', {
          display_name: 'No url',
          config: { generic_webhook: { password: 'x' } },
        }),
      ).rejects.toThrow(/requires url/);
      expect(primary.state.notificationDestinations.secretsOf(id)).toEqual({ url: URL, password: PASSWORD });
    });
  });
});

describe('notification destinations kind', () => {
  it('round-trips without a secret in the snapshot, plan or log; the job with webhooks restores', async () => {
    await withEmulators(async (primary, secondary) => {
      seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = path.join(repo, 'databricks');

      const webhookFile = parseJson(
        await fs.readFile(path.join(dir, 'notification-destinations/ops_webhook.json'), 'utf8'),
      );
      expect(webhookFile).toEqual({
        display_name: 'Ops webhook',
        config: { generic_webhook: { url_set: true, password_set: true } },
      });
      const job = parseJson(
        await fs.readFile(path.join(dir, 'jobs/nightly_load.json'), 'utf8'),
      ) as JsonObject;
      expect(job.webhook_notifications).toEqual({
        on_failure: [{ id: '${resources.notification_destinations.ops_webhook.id}' }],
        on_success: [{ id: '${resources.notification_destinations.data_team_slack.id}' }],
      });
      const tasks = job.tasks as JsonObject[];
      expect(tasks[0].webhook_notifications).toEqual({
        on_failure: [{ id: '${resources.notification_destinations.data_team_slack.id}' }],
      });
      for (const [rel, bytes] of await readTree(repo, (r) => r.startsWith('.git')))
        for (const value of VALUES) expect(`${rel}: ${bytes.toString('utf8')}`).not.toContain(value);

      const plan = await apply(secondary, dir, { secretValues: secrets, dryRun: true });
      const planText = JSON.stringify(planJson(plan.plan));
      for (const value of VALUES) expect(planText).not.toContain(value);

      const applied = await apply(secondary, dir, { secretValues: secrets });
      expect(applied.failed).toBe(0);
      expect(applied.report.manual).toEqual([]);
      const store = secondary.state.notificationDestinations;
      const byName = new Map(store.all().map((d) => [d.display_name, d.id]));
      expect([...byName.keys()].sort()).toEqual(['Data team Slack', 'On call mail', 'Ops webhook']);
      expect(store.secretsOf(byName.get('Ops webhook') as string)).toEqual({ url: URL, password: PASSWORD });
      expect(store.secretsOf(byName.get('Data team Slack') as string)).toEqual({ url: SLACK });
      const restored = jobsByName(secondary).get('Nightly load')?.settings;
      expect(restored?.webhook_notifications).toEqual({
        on_failure: [{ id: byName.get('Ops webhook') }],
        on_success: [{ id: byName.get('Data team Slack') }],
      });
      const logged = `${applied.log.text()}\n${JSON.stringify(applied.report)}\n${JSON.stringify(planJson(applied.plan))}`;
      for (const value of VALUES) expect(logged).not.toContain(value);

      // Idempotent: the second apply only reads, and never sends a value again.
      secondary.clearRequests();
      const again = await apply(secondary, dir, { secretValues: secrets });
      expect(again.plan.line).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete/);
      expect(writes(secondary).filter((w) => !w.includes('/workspace/'))).toEqual([]);
    });
  });

  it('without the values, the destinations that need them and the job are manual steps, not failures', async () => {
    await withEmulators(async (primary, secondary) => {
      seedPrimary(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = path.join(repo, 'databricks');
      const applied = await apply(secondary, dir, {
        secretValues: {
          'notification_destinations/ops_webhook/url': URL,
          'notification_destinations/ops_webhok/password': 'x',
        },
      });
      expect(applied.failed).toBe(0);
      expect(secondary.state.notificationDestinations.all().map((d) => d.display_name)).toEqual([
        'On call mail',
      ]);
      expect(jobsByName(secondary).has('Nightly load')).toBe(false);
      expect(applied.report.manual.map((m) => `${m.key}: ${m.reason}`)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^ops_webhook: set password of the notification destination 'Ops webhook' by hand .*"notification_destinations\/ops_webhook\/password" in the 'secrets' input/,
          ),
          expect.stringMatching(
            /^data_team_slack: set url of the notification destination 'Data team Slack'/,
          ),
        ]),
      );
      expect(applied.report.warnings.map((w) => w.reason)).toEqual(
        expect.arrayContaining([
          "secrets input: 'notification_destinations/ops_webhok/password' names no secret field of a notification destination in the snapshot; its value is not used",
        ]),
      );
      // A value that comes in later completes the restore.
      const later = await apply(secondary, dir, { secretValues: secrets });
      expect(later.failed).toBe(0);
      expect(jobsByName(secondary).has('Nightly load')).toBe(true);
    });
  });

  it('refuses a file holding a secret value, and prune deletes what the snapshot lacks', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.notificationDestinations.create({
        display_name: 'Mail',
        config: { email: { addresses: ['a@contoso.com'] } },
      });
      const extra = secondary.state.notificationDestinations.create({
        display_name: 'Old pager',
        config: { pagerduty: { integration_key: 'pd-key' } },
      }).id;
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = path.join(repo, 'databricks');

      const kept = await apply(secondary, dir);
      expect(kept.plan.line).toMatch(/1 not deleted: prune is off/);
      const pruned = await apply(secondary, dir, { prune: true });
      expect(pruned.failed).toBe(0);
      expect(secondary.state.notificationDestinations.all().map((d) => d.id)).not.toContain(extra);

      const file = path.join(dir, 'notification-destinations/leaky.json');
      await fs.writeFile(
        file,
        JSON.stringify({ display_name: 'Leaky', config: { generic_webhook: { url: 'https://x' } } }, null, 2),
      );
      secondary.clearRequests();
      await expect(apply(secondary, dir)).rejects.toThrow(
        /notification-destinations\/leaky\.json.*'config\.generic_webhook\.url' is a secret and does not belong in the snapshot/,
      );
      expect(writes(secondary)).toEqual([]);
    });
  });
});
