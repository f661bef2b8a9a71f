import { promises as fs } from 'node:fs';
import { load as loadYaml } from 'js-yaml';

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; strategy?: { matrix?: { node?: number[] } } }>;
};

async function load(name: string): Promise<Workflow> {
  return loadYaml(await fs.readFile(`.github/workflows/${name}`, 'utf8')) as Workflow;
}

/** The project's own workflows: CI on GitHub runs what .ci/run runs; a version tag releases. */
describe('.github/workflows', () => {
  test('CI runs .ci/run on pushes and pull requests, on the maintained Node.js LTS lines, read-only', async () => {
    const wf = await load('ci.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.ci.strategy?.matrix?.node).toEqual([22, 24]);
    // The oldest line CI tests is the oldest the package says it supports (Node 20 is past its end of life).
    const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22');
    expect(wf.jobs.ci.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });

  test('a version tag checks the tag and dist/, creates the release and moves the major tag', async () => {
    const wf = await load('release.yml');
    expect(wf.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(wf.permissions).toEqual({ contents: 'write' });
    const runs = wf.jobs.release.steps.map((s) => s.run ?? '').join('\n');
    const order = [
      'package.json',
      'bash .ci/run',
      'gh release create',
      'git push --force origin "refs/tags/$major"',
    ];
    const at = order.map((text) => runs.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // .ci/run fails when dist/ differs from a fresh build: a release can never ship stale JavaScript.
    expect(await fs.readFile('.ci/run', 'utf8')).toContain('dist/ is not up to date');
  });
});
