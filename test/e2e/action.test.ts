import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

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
      expect(noMode.stdout).toContain("::error::Input 'mode' is required: export, plan or apply");

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
    const comments: Array<{ id: number; body: string }> = [];
    const calls: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        calls.push(`${req.method} ${req.url}`);
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET' && req.url?.startsWith('/repos/octo/dr/issues/7/comments')) {
          res.end(JSON.stringify(comments.map((c) => ({ ...c, html_url: `http://x/c/${c.id}` }))));
        } else if (req.method === 'POST' && req.url === '/repos/octo/dr/issues/7/comments') {
          const c = { id: 100 + comments.length, body: JSON.parse(body).body };
          comments.push(c);
          res.statusCode = 201;
          res.end(JSON.stringify({ ...c, html_url: `http://x/c/${c.id}` }));
        } else if (req.method === 'PATCH' && req.url?.startsWith('/repos/octo/dr/issues/comments/')) {
          const id = Number(req.url.split('/').pop());
          const c = comments.find((x) => x.id === id);
          if (c) c.body = JSON.parse(body).body;
          res.end(JSON.stringify({ ...c, html_url: `http://x/c/${id}` }));
        } else {
          res.statusCode = 404;
          res.end('{"message":"Not Found"}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await withEmulators(async (primary, secondary) => {
        primary.state.workspace.putNotebook('/Shared/a', 'SQL', 'select 1');
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
        };
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
      server.close();
    }
  });
});
