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
      'databricks-dr-fleet.yml',
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

  test('nightly export: cron, never overlapping itself or a restore into the primary, OIDC, no stored secret', async () => {
    const wf = await load('databricks-dr-export.yml');
    expect(wf.on).toHaveProperty('schedule');
    expect(wf.concurrency).toEqual({ group: 'databricks-dr-primary', 'cancel-in-progress': false });
    const restore = await load('databricks-dr-restore.yml');
    expect(restore.concurrency?.group).toBe('databricks-dr-${{ inputs.target }}');
    expect(wf.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(wf.jobs.export.environment).toBe('dr-snapshot');
    expect(actionSteps(wf)[0].with).toMatchObject({ mode: 'export', 'auth-type': 'github-oidc' });
    // Every snapshot is proven restorable when it is taken (issue 18).
    expect(actionSteps(wf)[0].with).toMatchObject({ verify: true });
    const text = await fs.readFile(path.join('workflows-examples', 'databricks-dr-export.yml'), 'utf8');
    expect(text).not.toMatch(/secrets\./);
  });

  test('every example runs its actions on Node 24 (checkout v5, upload-artifact v6, download-artifact v6)', async () => {
    for (const file of (await fs.readdir('workflows-examples')).filter((f) => f.endsWith('.yml'))) {
      const uses = Object.values((await load(file)).jobs).flatMap((j) => j.steps.map((s) => s.uses ?? ''));
      for (const u of uses.filter((x) => x.startsWith('actions/checkout@')))
        expect(u).toBe('actions/checkout@v5');
      for (const u of uses.filter((x) => x.startsWith('actions/upload-artifact@')))
        expect(u).toBe('actions/upload-artifact@v6');
      for (const u of uses.filter((x) => x.startsWith('actions/download-artifact@')))
        expect(u).toBe('actions/download-artifact@v6');
    }
  });

  test('restore: manual, a target choice each behind its own environment, every schedule input wired', async () => {
    const wf = await load('databricks-dr-restore.yml');
    const dispatch = wf.on.workflow_dispatch as {
      inputs: Record<string, { type?: string; options?: string[]; default?: unknown }>;
    };
    expect(Object.keys(dispatch.inputs)).toEqual(
      expect.arrayContaining(['target', 'ref', 'dry-run', 'activate-schedules', 'pause-schedules', 'prune']),
    );
    expect(dispatch.inputs.target).toMatchObject({
      type: 'choice',
      options: ['secondary', 'primary'],
      default: 'secondary',
    });
    expect(dispatch.inputs['dry-run'].default).toBe(true);
    expect(dispatch.inputs['pause-schedules']).toMatchObject({ type: 'boolean', default: false });
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    // Host and identity come from the chosen environment, never hard-wired to one workspace.
    expect(wf.jobs.restore.environment).toBe('dr-${{ inputs.target }}');
    expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const step = actionSteps(wf)[0];
    expect(step.with).toMatchObject({
      mode: 'apply',
      host: '${{ vars.DATABRICKS_HOST }}',
      'client-id': '${{ vars.DATABRICKS_CLIENT_ID }}',
      ref: '${{ inputs.ref || github.sha }}',
      'dry-run': '${{ inputs.dry-run }}',
      'activate-schedules': '${{ inputs.activate-schedules }}',
      'pause-schedules': '${{ inputs.pause-schedules }}',
      prune: '${{ inputs.prune }}',
    });
    const text = await fs.readFile(path.join('workflows-examples', 'databricks-dr-restore.yml'), 'utf8');
    expect(text).not.toMatch(/SECONDARY_HOST|PRIMARY_HOST/);
  });

  test('README fail-back runbook pauses the schedules of both workspaces before activating the primary', async () => {
    const readme = await fs.readFile('README.md', 'utf8');
    const failBack = readme.split('### Fail back')[1].split('\n### ')[0];
    const steps = failBack
      .split(/\n(?=\d+\. )/)
      .filter((l) => /^\d+\. /.test(l))
      .map((l) => l.replace(/\s+/g, ' '));
    const first = steps.findIndex(
      (l) => l.includes('`target: primary`') && l.includes('`pause-schedules: true`'),
    );
    const secondary = steps.findIndex((l) => l.includes('`target: secondary`'));
    const activate = steps.findIndex((l) => l.includes('`activate-schedules: true`'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(steps[secondary]).toContain('`target: secondary`, `pause-schedules: true`');
    expect(secondary).toBeGreaterThan(first);
    expect(activate).toBeGreaterThanOrEqual(secondary);
    const flat = steps.join(' ');
    expect(flat.indexOf('`target: secondary`, `pause-schedules: true`')).toBeLessThan(
      flat.indexOf('`target: primary`, `activate-schedules: true`'),
    );
  });

  test('pull-request plan: read-only contents, comments, never applies, only for branches of this repository', async () => {
    const wf = await load('databricks-dr-plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    const job = wf.jobs.plan as { if?: string; environment?: string };
    expect(job.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(job.environment).toBe('dr-plan');
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
