import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import yaml from 'js-yaml';

type Step = { uses?: string; with?: Record<string, unknown>; id?: string };
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { steps: Step[]; environment?: string; permissions?: Record<string, string> }>;
};

const action = yaml.load(await fs.readFile('action.yml', 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

async function load(name: string): Promise<Workflow> {
  return yaml.load(await fs.readFile(path.join('workflows-examples', name), 'utf8')) as Workflow;
}

function actionSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.includes('databricks-dr')));
}

describe('workflows-examples', () => {
  test('every example uses only inputs that action.yml declares, and all required ones', async () => {
    const files = (await fs.readdir('workflows-examples')).filter((f) => f.endsWith('.yml'));
    expect(files.sort()).toEqual([
      'databricks-dr-export.yml',
      'databricks-dr-plan.yml',
      'databricks-dr-restore.yml',
    ]);
    const required = Object.entries(action.inputs)
      .filter(([, i]) => i.required)
      .map(([n]) => n);
    for (const file of files) {
      const steps = actionSteps(await load(file));
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        for (const input of Object.keys(step.with ?? {}))
          expect([file, input, input in action.inputs]).toEqual([file, input, true]);
        for (const input of required) expect(step.with).toHaveProperty(input);
      }
    }
  });

  test('nightly export: cron, never overlapping, may only write contents', async () => {
    const wf = await load('databricks-dr-export.yml');
    expect(wf.on).toHaveProperty('schedule');
    expect(wf.concurrency).toEqual({ group: 'databricks-dr-export', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({ contents: 'write' });
    expect(actionSteps(wf)[0].with?.mode).toBe('export');
  });

  test('restore: manual, behind an environment, with ref / dry-run / activate-schedules inputs wired', async () => {
    const wf = await load('databricks-dr-restore.yml');
    const dispatch = wf.on.workflow_dispatch as { inputs: Record<string, unknown> };
    expect(Object.keys(dispatch.inputs)).toEqual(
      expect.arrayContaining(['ref', 'dry-run', 'activate-schedules']),
    );
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(wf.jobs.restore.environment).toBe('dr-secondary');
    expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const step = actionSteps(wf)[0];
    expect(step.with).toMatchObject({
      mode: 'apply',
      ref: '${{ inputs.ref }}',
      'dry-run': '${{ inputs.dry-run }}',
      'activate-schedules': '${{ inputs.activate-schedules }}',
    });
  });

  test('pull-request plan: read-only contents, comments, never applies', async () => {
    const wf = await load('databricks-dr-plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = actionSteps(wf);
    expect(steps.map((s) => s.with?.mode)).toEqual(['plan']);
    expect(steps[0].with?.['github-token']).toBe('${{ github.token }}');
  });

  test('action.yml runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    for (const [name, input] of Object.entries(action.inputs))
      expect([name, typeof (input as { description?: string }).description]).toEqual([name, 'string']);
  });
});

describe('README', () => {
  test('documents every input and output, and its first commands exist', async () => {
    const readme = await fs.readFile('README.md', 'utf8');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      expect([name, readme.includes(`| \`${name}\``)]).toEqual([name, true]);
    const firstScreen = readme.split('\n').slice(0, 20).join('\n');
    expect(firstScreen).toContain('npm ci && npm start');
    expect(firstScreen).toContain('npm ci && npm test');
    const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node dist/cli/index.js demo');
    expect(pkg.scripts.test).toContain('jest');
  });
});
