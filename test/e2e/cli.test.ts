import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { tempDir, withEmulators } from '../helpers/harness.js';
import { runProcess, type ProcessRun } from '../helpers/process.js';

/** The bundled CLI, run as a person runs it, with the Databricks CLI's environment and profiles. */
async function cli(args: string[], env: Record<string, string>): Promise<ProcessRun> {
  return runProcess(process.execPath, [path.resolve('bin/databricks-dr.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('databricks-dr CLI', () => {
  test('export with DATABRICKS_HOST/TOKEN, then plan and apply with --profile from ~/.databrickscfg', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/report', 'SQL', 'select 42');
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const home = await tempDir();
      await fs.writeFile(
        path.join(home, '.databrickscfg'),
        `[DEFAULT]\nhost = https://adb-1.2.azuredatabricks.net\ntoken = dapi-not-this-one\n\n[secondary]\nhost = ${secondary.url}\ntoken = ${secondary.token}\n`,
      );

      const exported = await cli(['export', '--repo', repo], {
        HOME: home,
        DATABRICKS_HOST: primary.url,
        DATABRICKS_TOKEN: primary.token,
      });
      expect(exported.stderr).not.toContain(primary.token);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(/Snapshot: \d+ added, 0 changed, 0 removed; commit [0-9a-f]{40}/);
      expect(await fs.readFile(path.join(repo, 'databricks/workspace/Shared/report.sql'), 'utf8')).toBe(
        '-- Databricks notebook source\nselect 42',
      );
      // The CLI pushes only when asked.
      expect((await simpleGit(repo).status()).ahead).toBe(1);

      const plan = await cli(['plan', '--profile', 'secondary', '--repo', repo, '--plan-file', 'plan.json'], {
        HOME: home,
      });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain('Plan: 1 to create, 0 to update, 0 to delete');
      expect(plan.stdout).toContain('+ workspace /Shared/report');
      expect(JSON.parse(await fs.readFile(path.join(repo, 'plan.json'), 'utf8')).has_changes).toBe(true);

      const apply = await cli(['apply', '--profile', 'secondary', '--repo', repo], { HOME: home });
      expect(apply.code).toBe(0);
      expect(apply.stdout).toContain('Applied: 1 created, 0 updated, 0 deleted, 0 skipped, 0 failed');
      expect(secondary.state.workspace.get('/Shared/report')?.language).toBe('SQL');
    });
  });

  test('usage errors and a missing profile are one clear line', async () => {
    const home = await tempDir();
    const unknown = await cli(['restore'], { HOME: home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("databricks-dr: unknown command 'restore' (see databricks-dr --help)");
    await fs.writeFile(
      path.join(home, '.databrickscfg'),
      '[primary]\nhost = https://x.azuredatabricks.net\ntoken = dapi1\n',
    );
    const missing = await cli(['export', '--profile', 'nope', '--no-commit', '--repo', home], { HOME: home });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope/);
    expect(missing.stderr).toMatch(/primary/);
  });
});
