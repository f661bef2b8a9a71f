import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runAction } from '../helpers/action.js';
import { startFakeGitHub } from '../helpers/fake-github.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

/** A repository and the runner environment of a pull_request event (PR #7 of octo/dr) on a fake API. */
async function pullRequest(api: string, extra: Record<string, string> = {}) {
  const base = await tempDir();
  const { repo } = await makeRepoWithRemote(base);
  const event = path.join(base, 'event.json');
  await fs.writeFile(event, JSON.stringify({ pull_request: { number: 7 } }));
  const env = {
    GITHUB_WORKSPACE: repo,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'octo/dr',
    GITHUB_API_URL: api,
    ...extra,
  };
  return { base, repo, env };
}

/** dist/index.js, run as GitHub runs it, against the emulator and real git. */
describe('the bundled action', () => {
  test('export, plan, apply and a second plan, with outputs, job summary and a masked token', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Users/ana@contoso.com/etl', 'PYTHON', 'print("hello")');
      primary.state.workspace.putFile('/Shared/prices.csv', 'a,b\n1,2\n');
      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      const common = { GITHUB_WORKSPACE: repo };

      const exported = await runAction(
        { mode: 'export', host: primary.url, token: primary.token },
        base,
        common,
      );
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.outputs.changed).toBe('true');
      expect(exported.outputs['commit-sha']).toMatch(/^[0-9a-f]{40}$/);
      expect((await simpleGit(remote).raw(['rev-parse', 'main'])).trim()).toBe(
        exported.outputs['commit-sha'],
      );
      expect(exported.summary).toContain('## databricks-dr export');
      expect(exported.summary).toMatch(/\| workspace \| \d+ \|/);
      expect(
        await fs.readFile(path.join(repo, 'databricks/workspace/Users/ana@contoso.com/etl.py'), 'utf8'),
      ).toBe('# Databricks notebook source\nprint("hello")');
      expect(exported.stdout).toContain(`::add-mask::${primary.token}`);
      expect(exported.stdout.split(`::add-mask::${primary.token}`).join('')).not.toContain(primary.token);
      expect(exported.stdout.split('::add-mask::').length).toBe(2);

      const again = await runAction(
        { mode: 'export', host: primary.url, token: primary.token },
        base,
        common,
      );
      expect(again.outputs.changed).toBe('false');
      expect(again.outputs['commit-sha']).toBe('');

      const plan = await runAction(
        { mode: 'plan', host: secondary.url, token: secondary.token },
        base,
        common,
      );
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain('Plan: 3 to create, 0 to update, 0 to delete');
      expect(plan.outputs['has-changes']).toBe('true');
      expect(plan.outputs['to-create']).toBe('3');
      const planJson = JSON.parse(await fs.readFile(plan.outputs['plan-file'], 'utf8'));
      expect(planJson.changes.map((c: { key: string }) => c.key)).toContain('/Users/ana@contoso.com/etl');
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      const apply = await runAction(
        { mode: 'apply', host: secondary.url, token: secondary.token },
        base,
        common,
      );
      expect(apply.code).toBe(0);
      expect(apply.outputs.created).toBe('3');
      expect(apply.outputs.failed).toBe('0');
      expect(secondary.state.workspace.get('/Users/ana@contoso.com/etl')?.object_type).toBe('NOTEBOOK');

      const after = await runAction(
        { mode: 'plan', host: secondary.url, token: secondary.token },
        base,
        common,
      );
      expect(after.outputs['has-changes']).toBe('false');
      expect(after.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete');
    });
  });

  test('bad input and bad credentials fail with one clear line', async () => {
    await withEmulators(async (primary) => {
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      const noMode = await runAction({ host: primary.url, token: primary.token }, base, env);
      expect(noMode.code).toBe(1);
      expect(noMode.stdout).toContain("::error::Input 'mode' is required: export, plan, apply or verify");

      const badConcurrency = await runAction(
        { mode: 'export', host: primary.url, token: 'x', concurrency: 'lots' },
        base,
        env,
      );
      expect(badConcurrency.stdout).toContain(
        "::error::Input 'concurrency' must be a whole number from 1 to 64, got 'lots'",
      );

      const badToken = await runAction(
        { mode: 'export', host: primary.url, token: 'dapi-wrong-token' },
        base,
        env,
      );
      expect(badToken.code).toBe(1);
      const error = badToken.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(error).toHaveLength(1);
      expect(error[0]).toMatch(/Invalid access token/);
      expect(badToken.stdout.replace('::add-mask::dapi-wrong-token', '')).not.toContain('dapi-wrong-token');
      expect((await simpleGit(repo).raw(['log', '--format=%s'])).trim().split('\n')).toHaveLength(1);
    });
  });

  test('on a pull request the plan is one sticky comment, updated on the next run', async () => {
    const github = await startFakeGitHub();
    const { comments, calls, url: api } = github;
    try {
      await withEmulators(async (primary, secondary) => {
        primary.state.workspace.putNotebook('/Shared/a', 'SQL', 'select 1');
        const { base, env } = await pullRequest(api);
        await runAction({ mode: 'export', host: primary.url, token: primary.token }, base, env);
        const inputs = {
          mode: 'plan',
          host: secondary.url,
          token: secondary.token,
          'github-token': 'ghs_test',
        };
        const first = await runAction(inputs, base, env);
        expect(first.code).toBe(0);
        expect(comments).toHaveLength(1);
        expect(comments[0].body).toContain('<!-- databricks-dr plan');
        expect(comments[0].body).toContain('Plan: 1 to create, 0 to update, 0 to delete');
        secondary.state.workspace.putNotebook('/Shared/a', 'SQL', 'select 1');
        const second = await runAction(inputs, base, env);
        expect(second.code).toBe(0);
        expect(comments).toHaveLength(1);
        expect(comments[0].body).toContain('Plan: 0 to create, 0 to update, 0 to delete');
        expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
        expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
        expect(first.stdout.replace('::add-mask::ghs_test', '')).not.toContain('ghs_test');
      });
    } finally {
      await github.close();
    }
  });

  test('a failed plan comment masks the token, the GitHub token and the values of the secrets input', async () => {
    const github = await startFakeGitHub();
    try {
      await withEmulators(async (primary, secondary) => {
        primary.state.secrets.createScope('app-secrets');
        primary.state.secrets.put('app-secrets', 'api-token', 'tok');
        const { base, repo, env } = await pullRequest(github.url);
        await runAction({ mode: 'export', host: primary.url, token: primary.token }, base, env);
        // A snapshot whose refusal quotes what it holds: an ACL principal made of the run's secrets.
        const value = 'pw-of-the-api-token-42';
        const multiLine = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----';
        const quoted = [secondary.token, 'ghs_masked_token', value, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'].join(
          '+',
        );
        const file = path.join(repo, 'databricks/secret-scopes/app_secrets.json');
        const scope = JSON.parse(await fs.readFile(file, 'utf8')) as { acls: Record<string, string> };
        scope.acls[quoted] = 'OWNER';
        await fs.writeFile(file, JSON.stringify(scope, null, 2));

        const failed = await runAction(
          {
            mode: 'plan',
            host: secondary.url,
            token: secondary.token,
            'github-token': 'ghs_masked_token',
            secrets: JSON.stringify({ 'app-secrets/api-token': value, 'app-secrets/key': multiLine }),
          },
          base,
          env,
        );
        expect(failed.code).toBe(1);
        expect(github.comments).toHaveLength(1);
        const body = github.comments[0].body;
        expect(body).toContain('**The plan failed: nothing was planned or applied.**');
        expect(body).toMatch(
          /secret-scopes\/app_secrets\.json:\d+: ACL of '\*\*\*\+\*\*\*\+\*\*\*\+\*\*\*' must be READ, WRITE or MANAGE/,
        );
        for (const secret of [secondary.token, 'ghs_masked_token', value, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'])
          expect(body).not.toContain(secret);
      });
    } finally {
      await github.close();
    }
  });

  test('the sticky comment: a plan too long for GitHub is cut with a link to the run; a failed plan replaces it', async () => {
    const github = await startFakeGitHub();
    try {
      await withEmulators(async (primary, secondary) => {
        primary.state.workspace.putNotebook('/Shared/a', 'SQL', 'select 1');
        // 400 objects with long paths that only the target has: 400 rows of blocked deletes.
        const long = 'a-rather-long-folder-name-for-this-test'.repeat(4);
        for (let i = 0; i < 400; i++)
          secondary.state.workspace.putNotebook(`/Shared/${long}/nb_${i}`, 'SQL', 'select 2');
        const { base, repo, env } = await pullRequest(github.url, {
          GITHUB_SERVER_URL: 'https://github.example',
          GITHUB_RUN_ID: '4242',
        });
        await runAction({ mode: 'export', host: primary.url, token: primary.token }, base, env);
        const inputs = { mode: 'plan', host: secondary.url, token: secondary.token, 'github-token': 'ghs_x' };
        const big = await runAction(inputs, base, env);
        expect(big.code).toBe(0);
        expect(big.summary.length).toBeGreaterThan(70_000);
        expect(big.stdout).not.toContain('::warning::cannot comment');
        expect(github.comments).toHaveLength(1);
        const capped = github.comments[0].body;
        expect(capped.length).toBeLessThanOrEqual(60_000);
        expect(capped).toContain('Plan: 1 to create, 0 to update, 0 to delete');
        expect(capped).toContain('more than a comment can hold: it is cut here');
        expect(capped).toContain('[this run](https://github.example/octo/dr/actions/runs/4242)');

        // A broken snapshot: the plan fails, and the comment says so instead of showing the last plan.
        await fs.writeFile(path.join(repo, 'databricks/snapshot.json'), '{ "format": 1,');
        const failed = await runAction(inputs, base, env);
        expect(failed.code).toBe(1);
        expect(failed.stdout).toMatch(/::error::snapshot\.json(:\d+)?: invalid JSON/);
        expect(github.comments).toHaveLength(1);
        const body = github.comments[0].body;
        expect(body).toContain('<!-- databricks-dr plan');
        expect(body).toContain('**The plan failed: nothing was planned or applied.**');
        expect(body).toMatch(/snapshot\.json(:\d+)?: invalid JSON/);
        expect(body).toContain('[the run](https://github.example/octo/dr/actions/runs/4242)');
        expect(body).not.toContain('Plan: 1 to create');
        expect(github.calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
      });
    } finally {
      await github.close();
    }
  });
});
