import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runExport } from '../../src/modes/export.js';
import { REDACTED } from '../../src/security/credentials.js';
import { parseSettings } from '../../src/settings.js';
import { MaskingLog, MemoryLog } from '../../src/util/log.js';
import { planJson } from '../../src/report/plan-render.js';
import type { Plan } from '../../src/plan/plan.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { allText, gitLog } from './helpers.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const PAT = ['da', 'pi', 'fedcba9876543210fedcba9876543210'].join('');
const OAUTH = ['do', 'se', '00112233445566778899aabbccddeeff'].join('');

async function exportWith(
  emulator: Parameters<typeof clientFor>[0],
  repo: string,
  policy: 'fail' | 'redact',
): Promise<{ error?: Error; log: MemoryLog; result?: Awaited<ReturnType<typeof runExport>> }> {
  const settings = parseSettings(
    (name) => ({ mode: 'export', commit: 'true', push: 'false', 'on-credentials': policy })[name],
    repo,
  );
  const log = new MemoryLog();
  try {
    return { log, result: await runExport(settings, { client: clientFor(emulator, 8, log), log }) };
  } catch (error) {
    return { log, error: error as Error };
  }
}

/**
 * A token as an object's name (issue 13, item 7) would land in the snapshot's file names, in
 * .export-state.json, in plan.json and in the logs. The object is refused under its redacted name.
 */
describe('a credential in the name of a workspace object', () => {
  test('export: fail names it redacted and commits nothing; redact skips it; the token is written nowhere', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/etl/clean', 'PYTHON', 'print(1)');
      ws.putNotebook(`/Shared/etl/${PAT}`, 'PYTHON', 'print(2)');
      ws.putFile(`/Shared/${OAUTH}/inside.txt`, 'held by a folder named with a secret\n');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const head = await gitLog(repo);

      const failed = await exportWith(primary, repo, 'fail');
      expect(failed.error?.message).toMatch(
        new RegExp(
          `workspace/Shared/\\[REDACTED by databricks-dr\\]:1: Databricks OAuth secret in its name.*` +
            `workspace/Shared/etl/\\[REDACTED by databricks-dr\\]:1: Databricks personal access token in its name`,
        ),
      );
      expect(await gitLog(repo)).toEqual(head);
      for (const text of [failed.error?.message ?? '', failed.log.text()]) {
        expect(text).not.toContain(PAT);
        expect(text).not.toContain(OAUTH);
      }

      const redacted = await exportWith(primary, repo, 'redact');
      expect(redacted.error).toBeUndefined();
      expect(redacted.result?.report.skipped.map((s) => s.key).sort()).toEqual([
        `/Shared/${REDACTED}`,
        `/Shared/etl/${REDACTED}`,
      ]);
      await fs.access(path.join(repo, 'databricks/workspace/Shared/etl/clean.py'));
      const history = await simpleGit(repo).raw(['log', '-p', '--all', '--name-only']);
      const everything = [
        await allText(path.join(repo, 'databricks')),
        (await fs.readdir(path.join(repo, 'databricks'), { recursive: true })).join('\n'),
        history,
        redacted.log.text(),
        JSON.stringify(redacted.result?.report),
      ].join('\n');
      expect(everything).toContain('.export-state.json');
      expect(everything).not.toContain(PAT);
      expect(everything).not.toContain(OAUTH);
    });
  });

  test('plan: an object so named in the target is left out of the plan and of its log, shown redacted', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl/clean', 'PYTHON', 'print(1)');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      secondary.state.workspace.putNotebook(`/Shared/etl/${PAT}`, 'PYTHON', 'print(2)');
      const log = new MemoryLog();
      const planned = await applySnapshot(clientFor(secondary, 8, log), path.join(dir, 'databricks'), {
        dryRun: true,
        prune: true,
        log,
      });
      expect(
        JSON.stringify(planned.plan, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      ).not.toContain(PAT);
      expect(log.text()).not.toContain(PAT);
      expect(log.text()).toContain(
        `/Shared/etl/${REDACTED}: its name holds a credential; left out of the plan`,
      );
      // Prune never deletes it either: it is not in the plan, and its folder holds what the plan leaves out.
      expect(planned.plan.changes.filter((c) => c.action === 'delete')).toEqual([]);
    });
  });
});

describe('a credential in the name of a job, and in what leaves the run', () => {
  test('a job named by a token: export writes no file, state or log line holding it', async () => {
    await withEmulators(async (primary) => {
      primary.state.jobs.create(
        {
          name: PAT,
          max_concurrent_runs: 1,
          tasks: [{ task_key: 'a', notebook_task: { notebook_path: '/x' } }],
        },
        { singleTaskAllowed: false, creator: 'ana@contoso.com', createdTime: Date.UTC(2025, 0, 1) },
      );
      const repo = await tempDir();
      const settings = parseSettings(
        (name) => ({ mode: 'export', commit: 'false', push: 'false', 'on-credentials': 'redact' })[name],
        repo,
      );
      const memory = new MemoryLog();
      const log = new MaskingLog(memory);
      await runExport(settings, { client: clientFor(primary, 8, memory), log });
      const names = (await fs.readdir(path.join(repo, 'databricks'), { recursive: true })).join('\n');
      expect(names).toContain('jobs');
      for (const text of [names, await allText(path.join(repo, 'databricks')), memory.text()])
        expect(text).not.toContain(PAT);
      expect(memory.text()).toContain(
        `jobs/${REDACTED}.json:1: Databricks personal access token in its name`,
      );
    });
  });

  test('the masking log and the plan file redact token formats whatever carries them', () => {
    const memory = new MemoryLog();
    new MaskingLog(memory).warning(`jobs ${PAT}: could not be read`);
    expect(memory.text()).toBe(`warning: jobs ${REDACTED}: could not be read`);
    const plan = {
      line: 'Plan: 0 to create, 0 to update, 1 to delete',
      counts: {},
      hasChanges: true,
      changes: [{ kind: 'jobs', key: PAT, action: 'delete', changes: [], dependsOn: [] }],
    } as unknown as Plan;
    const text = JSON.stringify(planJson(plan));
    expect(text).not.toContain(PAT);
    expect(text).toContain(`"key":"${REDACTED}"`);
  });
});
