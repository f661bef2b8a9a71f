import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runExport } from '../../src/modes/export.js';
import { runVerify } from '../../src/modes/verify.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { runAction } from '../helpers/action.js';
import { cli } from '../helpers/cli.js';
import { applySnapshot, clientFor, tempDir } from '../helpers/harness.js';
import { commitSampleMapping } from '../helpers/uc.js';
import { UC_MAPPING } from '../../src/resources/unity-catalog-mapping.js';

/** The sample workspace exported and committed, as the nightly export leaves it. */
async function exportedSample(): Promise<string> {
  const primary = await startEmulator();
  try {
    seedSample(primary);
    const { repo } = await makeRepoWithRemote(await tempDir('dr-verify-'));
    const settings = parseSettings((name) => ({ mode: 'export', push: 'false' })[name], repo);
    await runExport(settings, { client: clientFor(primary), log: new MemoryLog() });
    return repo;
  } finally {
    await primary.stop();
  }
}

const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

/** Commits a job that names a warehouse the snapshot does not hold, on line 28 of its file. */
async function breakReference(repo: string): Promise<void> {
  const file = path.join(repo, 'databricks/jobs/refresh_orders.json');
  const text = await fs.readFile(file, 'utf8');
  expect(text.split('\n')[27]).toContain('${resources.sql_warehouses.analytics_warehouse.id}');
  await fs.writeFile(file, text.replace('analytics_warehouse.id', 'gone_warehouse.id'));
  git(repo, 'commit', '-qam', 'a hand edit that names a warehouse nobody exported');
}

/** A host that must not be contacted: it counts what reaches it. */
async function trap(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let clean: string;
/** The same with the Unity Catalog region mapping filled in, as a real plan or apply needs it. */
let mapped: string;
beforeAll(async () => {
  clean = await exportedSample();
  mapped = await exportedSample();
  await commitSampleMapping(mapped);
}, 120_000);

describe('verify', () => {
  test('export records the node types and runtimes the snapshot uses', async () => {
    const catalog = JSON.parse(
      await fs.readFile(path.join(clean, 'databricks/workspace-catalog.json'), 'utf8'),
    ) as Record<string, string[]>;
    expect(catalog.node_types).toEqual(['Standard_DS3_v2', 'Standard_DS4_v2']);
    expect(catalog.spark_versions).toContain('15.4.x-scala2.12');
  });

  test('a clean snapshot passes, with its recovery point, estimate, readiness and manual steps', async () => {
    const result = await runVerify({ repoDir: clean, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    expect(result.problems).toEqual([]);
    expect(result.notHeld).toEqual([]);
    expect(result.restorable).toBe(true);
    expect(result.catalogRecorded).toBe(true);
    expect(result.recoveryPoint?.commit).toBe(git(clean, 'rev-parse', 'HEAD').trim());
    // A notification destination's webhook url and username are never answered either (issue 15).
    expect(result.placeholders).toEqual([
      'etl/jdbc-password',
      'etl/storage-account-key',
      'notification_destinations/on_call_webhook/url',
      'notification_destinations/on_call_webhook/username',
    ]);
    const manual = result.report.manual.map((m) => `${m.kind} ${m.key}`);
    expect(manual).toContain('secret_scopes etl');
    expect(manual).toContain('notification_destinations on_call_webhook');
    // The region mapping the export left empty: verify kept the storage as it is, and says so.
    const mapping = result.report.manual.filter((m) => m.kind === UC_MAPPING);
    expect(mapping.length).toBeGreaterThan(0);
    expect(mapping[0].reason).toMatch(/verify kept it as it is .* a real restore refuses/);
    const jobs = result.readiness.find((r) => r.kind === 'jobs');
    expect(jobs).toEqual({ kind: 'jobs', objects: 4, restorable: 4, skipped: 0, why: [], manual: 0 });
    expect(result.estimate?.requests).toBeGreaterThan(100);
    expect(result.estimate?.bottleneck).toBeDefined();
  });

  test('the estimate matches the requests of an actual apply into an empty workspace within 10%', async () => {
    const result = await runVerify({ repoDir: clean, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    const target = await startEmulator({ seed: 7 });
    try {
      const applied = await applySnapshot(clientFor(target), path.join(mapped, 'databricks'), {
        secretValues: { 'etl/jdbc-password': 'a', 'etl/storage-account-key': 'b' },
      });
      expect(applied.failed).toBe(0);
      const actual = target.requests.length;
      const estimated = result.estimate?.requests ?? 0;
      expect(Math.abs(estimated - actual) / actual).toBeLessThanOrEqual(0.1);
    } finally {
      await target.stop();
    }
  });

  test('a snapshot with a broken reference fails, naming file:line', async () => {
    const repo = await exportedSample();
    await breakReference(repo);
    const result = await runVerify({ repoDir: repo, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    expect(result.restorable).toBe(false);
    expect(result.problems).toEqual([
      'jobs/refresh_orders.json:28: ${resources.sql_warehouses.gone_warehouse.id} is neither in the snapshot nor in the target',
    ]);
    const jobs = result.readiness.find((r) => r.kind === 'jobs');
    expect(jobs).toMatchObject({ objects: 4, restorable: 3, skipped: 1 });
    // The revision before the edit still restores: verify reads any revision.
    const before = await runVerify(
      { repoDir: repo, snapshotPath: 'databricks', ref: 'HEAD~1' },
      { log: new MemoryLog() },
    );
    expect(before.restorable).toBe(true);
    expect(before.recoveryPoint?.commit).toBe(git(repo, 'rev-parse', 'HEAD~1').trim());
  });

  test('names what the emulated workspace holds of its own identity, and nothing else', async () => {
    const repo = await exportedSample();
    // A real primary's export ran as its own admin, not as the emulator's.
    for (const f of git(repo, 'ls-files', '-z', 'databricks').split('\0').filter(Boolean)) {
      const p = path.join(repo, f);
      const text = await fs.readFile(p, 'utf8');
      if (text.includes('admin@example.com'))
        await fs.writeFile(p, text.replaceAll('admin@example.com', 'ops@contoso.com'));
    }
    git(repo, 'mv', 'databricks/users/admin_example_com.json', 'databricks/users/ops_contoso_com.json');
    git(repo, 'commit', '-qam', 'as a real workspace has it');
    const result = await runVerify({ repoDir: repo, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    expect(result.problems).toEqual([]);
    expect(result.notHeld.map((n) => n.split(':')[0])).toEqual([
      'groups/admins.json',
      'secret-scopes/etl.json',
      'users/admin_example_com.json',
    ]);
  });
});

describe('verify from the CLI and the action', () => {
  test('the CLI contacts no workspace, even with one configured', async () => {
    const host = await trap();
    try {
      const env = { DATABRICKS_HOST: host.url, DATABRICKS_TOKEN: 'dapi-must-not-be-sent' };
      const ok = await cli(['verify', '--repo', clean], env);
      expect(ok.code).toBe(0);
      expect(ok.stdout.join('\n')).toMatch(/^Verify: restorable as is/);
      expect(ok.stdout.join('\n')).toMatch(
        /Restore time: [\d,]+ requests, at least .* at the published limits/,
      );
      const repo = await exportedSample();
      await breakReference(repo);
      const bad = await cli(['verify', '--repo', repo], env);
      expect(bad.code).toBe(1);
      expect(bad.stdout.join('\n')).toContain('not restorable: jobs/refresh_orders.json:28:');
      expect(host.hits).toEqual([]);
    } finally {
      await host.close();
    }
  });

  test('a plan carries the readiness table in plan.json and on the terminal', async () => {
    const target = await startEmulator({ seed: 9 });
    try {
      const run = await cli(['plan', '--repo', mapped, '--host', target.url, '--plan-file', 'plan.json'], {
        DATABRICKS_TOKEN: target.token,
      });
      expect(run.code).toBe(0);
      expect(run.stdout.join('\n')).toContain('  jobs: 4, 4 restorable, 0 skipped, 0 manual');
      const plan = JSON.parse(await fs.readFile(path.join(mapped, 'plan.json'), 'utf8')) as {
        readiness: unknown[];
      };
      expect(plan.readiness).toContainEqual({
        kind: 'jobs',
        objects: 4,
        restorable: 4,
        skipped: 0,
        skipped_why: [],
        manual_steps: 0,
      });
    } finally {
      await target.stop();
      await fs.rm(path.join(mapped, 'plan.json'), { force: true });
    }
  });

  test('a real apply states its measured time beside the estimate for the requests it sent', async () => {
    const target = await startEmulator({ seed: 11 });
    try {
      const run = await cli(['apply', '--repo', mapped, '--host', target.url], {
        DATABRICKS_TOKEN: target.token,
      });
      expect(run.code).toBe(0);
      const line = run.stdout.find((l) => l.startsWith('Restore time: measured '));
      expect(line).toMatch(/; estimate ([\d,]+) requests, at least .* at the published limits/);
      const sent = Number(/estimate ([\d,]+) requests/.exec(line ?? '')?.[1].replace(/,/g, ''));
      expect(sent).toBe(target.requests.length);
    } finally {
      await target.stop();
    }
  });

  test('the action: mode verify writes the summary, fails a broken snapshot, contacts no workspace', async () => {
    const host = await trap();
    try {
      const env = { DATABRICKS_HOST: host.url, DATABRICKS_TOKEN: 'dapi-must-not-be-sent' };
      const ok = await runAction({ mode: 'verify' }, clean, env, 'source');
      expect(ok.code).toBe(0);
      expect(ok.outputs.restorable).toBe('true');
      expect(ok.summary).toContain('## databricks-dr verify: restorable as is');
      expect(ok.summary).toContain('| jobs | 4 | 4 | 0 | 0 |');
      expect(ok.summary).toContain('**Recovery point:**');
      expect(ok.summary).toContain('placeholders for 4 key(s)');
      const repo = await exportedSample();
      await breakReference(repo);
      const bad = await runAction({ mode: 'verify' }, repo, env, 'source');
      expect(bad.code).not.toBe(0);
      expect(bad.outputs.restorable).toBe('false');
      expect(bad.summary).toContain('not restorable as is');
      expect(bad.stdout).toContain(
        '::error::the snapshot is not restorable as is: jobs/refresh_orders.json:28:',
      );
      expect(host.hits).toEqual([]);
    } finally {
      await host.close();
    }
  });

  test('the action: export with verify states the recovery point and the restore estimate', async () => {
    const primary = await startEmulator();
    try {
      seedSample(primary);
      const { repo } = await makeRepoWithRemote(await tempDir('dr-verify-action-'));
      const run = await runAction(
        { mode: 'export', verify: 'true', host: primary.url, token: primary.token },
        repo,
        {},
        'source',
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs.restorable).toBe('true');
      expect(run.summary).toContain('## databricks-dr export');
      expect(run.summary).toMatch(
        /\*\*Recovery point:\*\* .* UTC \(commit [0-9a-f]{12}\); no previous snapshot/,
      );
      expect(run.summary).toMatch(/\*\*Restore time:\*\* [\d,]+ requests, at least/);
    } finally {
      await primary.stop();
    }
  });

  test('export with verify: a snapshot that is not restorable is committed, and the run fails with the reasons', async () => {
    const primary = await startEmulator();
    try {
      seedSample(primary);
      // A webhook names a notification destination, which no API lets the tool copy (see
      // test/jobs/unrestorable.test.ts): the export writes it, apply would refuse it.
      primary.state.jobs.create(
        {
          name: 'Alerting',
          tasks: [{ task_key: 'run', notebook_task: { notebook_path: '/Shared/a' } }],
          webhook_notifications: { on_failure: [{ id: '0f1e2d3c-aaaa-bbbb-cccc-000000000001' }] },
        },
        { singleTaskAllowed: false },
      );
      const { repo } = await makeRepoWithRemote(await tempDir('dr-verify-action-'));
      const run = await runAction(
        { mode: 'export', verify: 'true', host: primary.url, token: primary.token },
        repo,
        {},
        'source',
      );
      expect(run.code).not.toBe(0);
      expect(run.outputs.changed).toBe('true');
      expect(run.outputs.restorable).toBe('false');
      expect(git(repo, 'log', '-1', '--format=%H').trim()).toBe(run.outputs['commit-sha']);
      expect(git(repo, 'status', '--porcelain', '--', 'databricks')).toBe('');
      expect(run.summary).toContain('## databricks-dr verify: not restorable as is');
      expect(run.summary).toMatch(/- jobs\/alerting\.json:\d+: webhook_notifications/);
      expect(run.summary).toMatch(/\| jobs \| 5 \| 4 \| 1 \(/);
      expect(run.stdout).toMatch(/::error::the snapshot is not restorable as is: jobs\/alerting\.json:\d+:/);
    } finally {
      await primary.stop();
    }
  });
});
