import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import yaml from 'js-yaml';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseOutputs, runAction } from '../helpers/action.js';
import { cloneAs } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

/**
 * The fleet example (workflows-examples/databricks-dr-fleet.yml) run as GitHub would run it, job by job:
 * its shell steps through bash with the runner's options, its export step through the bundled action with
 * the matrix values put in, each matrix job on its own clone of one remote and all of them at once, and the
 * artifacts of the outcome step handed to the summary job as download-artifact's merge-multiple does.
 */

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
};
type Job = {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  steps: Step[];
};
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

const workflow = yaml.load(
  await fs.readFile('workflows-examples/databricks-dr-fleet.yml', 'utf8'),
) as Workflow;

function step(job: string, name: string): Step {
  const found = workflow.jobs[job].steps.find((s) => s.id === name || s.name?.startsWith(name));
  if (!found) throw new Error(`no step ${name} in job ${job}`);
  return found;
}

/** Evaluates the `${{ ... }}` expressions the fleet workflow uses, from the values a job has. */
function evaluate(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in values)) throw new Error(`the test does not know the expression ${expr}`);
    return values[expr];
  });
}

/** A `run:` step as the runner runs it on Linux: bash --noprofile --norc -eo pipefail, in `cwd`. */
async function runStep(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(cwd, `.step-${Date.now()}-${Math.random()}.sh`);
  await fs.writeFile(file, script);
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  await fs.rm(file);
  return { code, stdout, stderr };
}

/** The `list` job on a checkout holding `fleet`: its output, or its failure. */
async function listJob(fleet: unknown): Promise<{ code: number; stdout: string; workspaces?: FleetEntry[] }> {
  const dir = await tempDir('dr-fleet-list-');
  await fs.mkdir(path.join(dir, '.github'));
  await fs.writeFile(path.join(dir, '.github/databricks-dr-fleet.json'), JSON.stringify(fleet));
  const output = path.join(dir, 'github-output');
  await fs.writeFile(output, '');
  const read = step('list', 'read');
  const run = await runStep(read.run ?? '', dir, { ...(read.env ?? {}), GITHUB_OUTPUT: output });
  const outputs = parseOutputs(await fs.readFile(output, 'utf8'));
  return {
    code: run.code,
    stdout: run.stdout,
    workspaces: outputs.workspaces ? (JSON.parse(outputs.workspaces) as FleetEntry[]) : undefined,
  };
}

interface FleetEntry {
  name: string;
  host: string;
  'client-id': string;
  'workspace-paths': string;
}

/** A GitHub OIDC token endpoint for the runner (ACTIONS_ID_TOKEN_REQUEST_URL), as in auth-flows.test.ts. */
async function startIdp(): Promise<{ env: Record<string, string>; close: () => void }> {
  const idp = http.createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer runner-request-token') {
      res.statusCode = 401;
      res.end('{}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vZHIifQ.c2lnbmF0dXJl' }));
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  return {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
    },
    close: () => idp.close(),
  };
}

describe('fleet example: many workspaces as a GitHub Actions matrix', () => {
  test('one job per listed workspace, its own folder and concurrency group, no fail-fast, OIDC only', () => {
    const exportJob = workflow.jobs.export;
    expect(exportJob.needs).toBe('list');
    expect(exportJob.strategy?.['fail-fast']).toBe(false);
    expect(exportJob.strategy?.matrix).toEqual({
      workspace: '${{ fromJSON(needs.list.outputs.workspaces) }}',
    });
    expect(exportJob.concurrency).toEqual({
      group: 'databricks-dr-${{ matrix.workspace.name }}',
      'cancel-in-progress': false,
    });
    expect(step('export', 'export').with).toMatchObject({
      mode: 'export',
      'auth-type': 'github-oidc',
      path: 'databricks/${{ matrix.workspace.name }}',
    });
    expect(workflow.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(workflow.jobs.summary.if).toBe("always() && needs.list.result == 'success'");
  });

  test('the list job refuses a bad list with one line, before any workspace is read', async () => {
    const ok = { name: 'emea-prod', host: 'https://adb-1.1.azuredatabricks.net', 'client-id': 'sp' };
    const empty = await listJob({ workspaces: [] });
    expect(empty.code).not.toBe(0);
    expect(empty.stdout).toContain(
      '::error file=.github/databricks-dr-fleet.json::set "workspaces" to a non-empty list',
    );

    const badName = await listJob({ workspaces: [ok, { ...ok, name: '../us' }] });
    expect(badName.code).not.toBe(0);
    expect(badName.stdout).toMatch(/::error .*each workspace needs a name .*; fix: \.\.\/us$/m);
    expect(badName.workspaces).toBeUndefined();

    const noClient = await listJob({ workspaces: [{ name: 'us', host: 'https://h' }] });
    expect(noClient.stdout).toMatch(/fix: us$/m);

    const repeated = await listJob({ workspaces: [ok, ok] });
    expect(repeated.code).not.toBe(0);
    expect(repeated.stdout).toContain('workspace names must be unique; repeated: emea-prod');

    const listed = await listJob({ workspaces: [ok, { ...ok, name: 'us', 'workspace-paths': '/Shared' }] });
    expect(listed.code).toBe(0);
    expect(listed.workspaces).toEqual([
      { ...ok, 'workspace-paths': '/' },
      { ...ok, name: 'us', 'workspace-paths': '/Shared' },
    ]);
  });

  test('the example list passes the list job', async () => {
    const example = JSON.parse(await fs.readFile('workflows-examples/databricks-dr-fleet.json', 'utf8')) as {
      workspaces: FleetEntry[];
    };
    const listed = await listJob(example);
    expect(listed.code).toBe(0);
    expect(listed.workspaces?.map((w) => w.name)).toEqual(example.workspaces.map((w) => w.name));
  });

  test('three workspaces at once: two commit their snapshots, the failed one blocks nobody, one summary', async () => {
    const emea = await startEmulator();
    const us = await startEmulator({ seed: 7 });
    const apac = await startEmulator({ seed: 9 });
    const idp = await startIdp();
    try {
      emea.state.workspace.putNotebook('/Shared/emea-etl', 'PYTHON', 'print("emea")');
      us.state.workspace.putNotebook('/Shared/us-etl', 'PYTHON', 'print("us")');
      emea.state.oauth.federated.add('emea-sp');
      us.state.oauth.federated.add('us-sp');
      // apac's service principal has no federation policy: its token exchange fails, as a real
      // misconfigured workspace would.
      const base = await tempDir('dr-fleet-');
      const { remote } = await makeRepoWithRemote(base);
      const entry = (name: string, e: Emulator, sp: string) => ({ name, host: e.url, 'client-id': sp });
      const listed = await listJob({
        workspaces: [
          entry('emea-prod', emea, 'emea-sp'),
          { ...entry('us-prod', us, 'us-sp'), 'workspace-paths': '/Shared' },
          entry('apac-prod', apac, 'apac-sp'),
        ],
      });
      expect(listed.code).toBe(0);
      const workspaces = listed.workspaces ?? [];

      const artifacts = await tempDir('dr-fleet-artifacts-');
      const exportStep = step('export', 'export');
      const recordStep = step('export', 'Record the outcome');
      // Every matrix job at once, each on its own runner (its own clone of the remote).
      const runs = await Promise.all(
        workspaces.map(async (ws) => {
          const values: Record<string, string> = {};
          for (const [k, v] of Object.entries(ws)) values[`matrix.workspace.${k}`] = v;
          const inputs: Record<string, string> = {};
          for (const [k, v] of Object.entries(exportStep.with ?? {})) inputs[k] = evaluate(String(v), values);
          const runner = await tempDir(`dr-fleet-${ws.name}-`);
          const repo = await cloneAs(remote, path.join(runner, 'repo'), 'github-actions');
          const run = await runAction(inputs, runner, { GITHUB_WORKSPACE: repo, ...idp.env });
          const stepValues: Record<string, string> = {
            ...values,
            'steps.export.outcome': run.code === 0 ? 'success' : 'failure',
          };
          for (const out of ['changed', 'commit-sha', 'exported', 'skipped'])
            stepValues[`steps.export.outputs.${out}`] = run.outputs[out] ?? '';
          const env: Record<string, string> = {};
          for (const [k, v] of Object.entries(recordStep.env ?? {})) env[k] = evaluate(v, stepValues);
          const recorded = await runStep(recordStep.run ?? '', repo, env);
          expect(recorded.code).toBe(0);
          // upload-artifact, then download-artifact with merge-multiple: every job's files in one folder.
          for (const f of await fs.readdir(path.join(repo, 'fleet-outcome')))
            await fs.copyFile(path.join(repo, 'fleet-outcome', f), path.join(artifacts, f));
          return { ws, run };
        }),
      );
      const byName = Object.fromEntries(runs.map((r) => [r.ws.name, r.run]));
      expect(byName['emea-prod'].code).toBe(0);
      expect(byName['us-prod'].code).toBe(0);
      expect(byName['apac-prod'].code).not.toBe(0);
      expect(byName['apac-prod'].stdout).toMatch(/::error::/);

      // Both snapshots reached the remote, each in its own folder, whichever pushed first.
      const check = await cloneAs(remote, path.join(base, 'check'), 'reader');
      expect(
        await fs.readFile(path.join(check, 'databricks/emea-prod/workspace/Shared/emea-etl.py'), 'utf8'),
      ).toBe('# Databricks notebook source\nprint("emea")');
      expect(
        await fs.readFile(path.join(check, 'databricks/us-prod/workspace/Shared/us-etl.py'), 'utf8'),
      ).toBe('# Databricks notebook source\nprint("us")');
      await expect(fs.stat(path.join(check, 'databricks/apac-prod'))).rejects.toThrow();
      const log = await simpleGit(check).log();
      const subjects = log.all.map((c) => c.message);
      expect(subjects.filter((m) => m.includes('nightly snapshot of emea-prod'))).toHaveLength(1);
      expect(subjects.filter((m) => m.includes('nightly snapshot of us-prod'))).toHaveLength(1);
      expect(byName['us-prod'].outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
      for (const name of ['emea-prod', 'us-prod'])
        expect(log.all.map((c) => c.hash)).toContain(byName[name].outputs['commit-sha']);

      // The summary job: one table, every listed workspace a row, the failed one named.
      const summaryDir = await tempDir('dr-fleet-summary-');
      await fs.rename(artifacts, path.join(summaryDir, 'fleet-outcome'));
      const summaryFile = path.join(summaryDir, 'summary.md');
      await fs.writeFile(summaryFile, '');
      const summaryStep = step('summary', 'One summary');
      const env: Record<string, string> = { GITHUB_STEP_SUMMARY: summaryFile };
      for (const [k, v] of Object.entries(summaryStep.env ?? {}))
        env[k] = evaluate(v, { 'needs.list.outputs.workspaces': JSON.stringify(workspaces) });
      const summarised = await runStep(summaryStep.run ?? '', summaryDir, env);
      expect(summarised.code).toBe(0);
      const summary = await fs.readFile(summaryFile, 'utf8');
      expect(summary).toContain('## databricks-dr fleet snapshot');
      expect(summary).toMatch(
        new RegExp(
          `^\\| emea-prod \\| success \\| \\d+ \\| 0 \\| true \\| ${byName['emea-prod'].outputs['commit-sha']} \\|$`,
          'm',
        ),
      );
      expect(summary).toMatch(/^\| us-prod \| success \| \d+ \| 0 \| true \| [0-9a-f]{40} \|$/m);
      expect(summary).toMatch(/^\| apac-prod \| failure \| - \| - \| false \| - \|$/m);
      expect(summary).toContain('2 of 3 workspaces exported.');
    } finally {
      idp.close();
      await Promise.all([emea.stop(), us.stop(), apac.stop()]);
    }
  }, 120_000);

  test('a workspace whose job left no outcome still gets a row', async () => {
    const dir = await tempDir('dr-fleet-summary-');
    await fs.mkdir(path.join(dir, 'fleet-outcome'));
    await fs.writeFile(path.join(dir, 'fleet-outcome/a.md'), '| a | success | 3 | 0 | false | - |\n');
    const summaryFile = path.join(dir, 'summary.md');
    await fs.writeFile(summaryFile, '');
    const summaryStep = step('summary', 'One summary');
    const run = await runStep(summaryStep.run ?? '', dir, {
      GITHUB_STEP_SUMMARY: summaryFile,
      WORKSPACES: JSON.stringify([{ name: 'a' }, { name: 'b' }]),
    });
    expect(run.code).toBe(0);
    const summary = await fs.readFile(summaryFile, 'utf8');
    expect(summary).toContain('| b | no outcome recorded | - | - | - | - |');
    expect(summary).toContain('1 of 2 workspaces exported.');
  });
});
