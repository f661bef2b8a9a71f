import * as path from 'node:path';
import { SnapshotSource } from '../../src/snapshot/source.js';
import { runApply } from '../../src/modes/apply.js';
import { RunReport } from '../../src/report/report.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { jobsByName, writes } from './helpers.js';

async function apply(
  client: ReturnType<typeof clientFor>,
  dir: string,
  options: { skipUnrestorable?: boolean; dryRun?: boolean } = {},
) {
  const report = new RunReport();
  const result = await runApply(
    await SnapshotSource.fromDirectory(dir),
    { client, log: new MemoryLog(), report },
    { prune: false, allowReplace: false, dryRun: false, startClusters: false, ...options },
  );
  return { ...result, report };
}

/**
 * A job with a webhook names a notification destination, which no API lets the tool copy: its file holds an
 * unexported marker. By default the snapshot is refused before anything is written; in an outage,
 * skip-unrestorable restores everything else and leaves that job, and what needs it, to manual steps.
 */
describe('skip-unrestorable', () => {
  it('restores everything else, skipping the job with a webhook and the job that runs it', async () => {
    await withEmulators(async (primary, secondary) => {
      const alerting = primary.state.jobs.create(
        {
          name: 'Alerting',
          tasks: [{ task_key: 'run', notebook_task: { notebook_path: '/Shared/a' } }],
          webhook_notifications: { on_failure: [{ id: '0f1e2d3c-aaaa-bbbb-cccc-000000000001' }] },
        },
        { singleTaskAllowed: false },
      );
      primary.state.jobs.create(
        {
          name: 'Orchestrator',
          tasks: [{ task_key: 'call', run_job_task: { job_id: alerting.job_id } }],
        },
        { singleTaskAllowed: false },
      );
      primary.state.jobs.create(
        { name: 'Plain', tasks: [{ task_key: 'run', notebook_task: { notebook_path: '/Shared/a' } }] },
        { singleTaskAllowed: false },
      );
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      const dir = path.join(repo, 'databricks');

      // By default: refused at the marker's line, naming the way out, nothing written.
      secondary.clearRequests();
      await expect(apply(clientFor(secondary), dir)).rejects.toThrow(
        /jobs\/alerting\.json:\d+: webhook_notifications\.on_failure\[0\]\.id is \$\{resources\.notification_destinations\.unexported_0f1e2d3c-aaaa-bbbb-cccc-000000000001\.id\}: .*set the 'skip-unrestorable' input/,
      );
      expect(writes(secondary)).toEqual([]);

      const plan = await apply(clientFor(secondary), dir, { skipUnrestorable: true, dryRun: true });
      expect(plan.plan.line).toMatch(/\(1 not restorable: see the manual steps\)$/);

      const applied = await apply(clientFor(secondary), dir, { skipUnrestorable: true });
      expect(applied.failed).toBe(0);
      expect([...jobsByName(secondary).keys()].sort()).toEqual(['Plain']);
      expect(applied.report.skipped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'jobs',
            key: 'alerting',
            reason: expect.stringMatching(/^not restorable: jobs\/alerting\.json:\d+: webhook_notifications/),
          }),
          expect.objectContaining({
            kind: 'jobs',
            key: 'orchestrator',
            reason: 'not applied: depends on jobs.alerting, which was not applied',
          }),
        ]),
      );
      expect(applied.report.manual).toContainEqual(
        expect.objectContaining({
          kind: 'jobs',
          key: 'alerting',
          // At the marker's line: where a person fixes it.
          reason: expect.stringMatching(
            /^restore jobs alerting by hand: jobs\/alerting\.json:\d+: webhook_notifications/,
          ),
        }),
      );

      // Nothing more to do until someone restores it: a second apply writes nothing.
      secondary.clearRequests();
      const again = await apply(clientFor(secondary), dir, { skipUnrestorable: true });
      expect(again.failed).toBe(0);
      expect(writes(secondary)).toEqual([]);
    });
  });
});
