import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { connect } from '../../src/databricks/connect.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';
import { TestProxy, tlsFront } from '../helpers/proxy.js';

/**
 * A self-hosted runner behind a corporate proxy: the workspace's name resolves nowhere but inside the
 * proxy, so every request that reaches the emulator went through it. The Databricks CLI's variables
 * (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) choose the route.
 */
const WORKSPACE = 'adb-7405.azuredatabricks.test';
const CREDENTIALS = 'dr-bot:proxy-pass-9431';

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('through a proxy', () => {
  test('the bundled action exports over a CONNECT tunnel with proxy credentials that are never printed', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("through the proxy")');
      const base = await tempDir();
      const front = await tlsFront(WORKSPACE, portOf(primary.url), base);
      const proxy = await new TestProxy({ [WORKSPACE]: front.port }, CREDENTIALS).start();
      try {
        const { repo, remote } = await makeRepoWithRemote(base);
        const run = await runAction(
          { mode: 'export', host: `https://${WORKSPACE}`, token: primary.token },
          base,
          {
            GITHUB_WORKSPACE: repo,
            HTTPS_PROXY: proxy.url(CREDENTIALS),
            NODE_EXTRA_CA_CERTS: front.caFile,
          },
        );
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.outputs.changed).toBe('true');
        expect((await simpleGit(remote).raw(['rev-parse', 'main'])).trim()).toBe(run.outputs['commit-sha']);
        expect(await fs.readFile(path.join(repo, 'databricks/workspace/Shared/etl.py'), 'utf8')).toBe(
          '# Databricks notebook source\nprint("through the proxy")',
        );
        // Every request was tunnelled, with the proxy's credentials; connections are kept alive.
        expect(proxy.seen.length).toBeGreaterThan(0);
        expect(proxy.seen.filter((s) => s.method !== 'CONNECT' || s.target !== `${WORKSPACE}:443`)).toEqual(
          [],
        );
        expect(proxy.seen.filter((s) => s.credentials !== CREDENTIALS)).toEqual([]);
        const answered = primary.requests.length;
        expect(answered).toBeGreaterThan(10);
        expect(proxy.seen.length).toBeLessThan(answered);
        // The route is said once, the password is masked before anything else is printed.
        expect(run.stdout).toMatch(
          new RegExp(
            `Connecting to https://${WORKSPACE} through the proxy http://dr-bot:\\*\\*\\*@127\\.0\\.0\\.1:\\d+`,
          ),
        );
        expect(run.stdout).toContain('::add-mask::proxy-pass-9431');
        expect(run.stdout.split('::add-mask::proxy-pass-9431').join('')).not.toContain('proxy-pass-9431');
        expect(run.summary).not.toContain('proxy-pass-9431');
      } finally {
        await proxy.close();
        await front.close();
      }
    });
  });

  test('a proxy that wants credentials it was not given: one line naming it, no retries, nothing committed', async () => {
    await withEmulators(async (primary) => {
      const base = await tempDir();
      const front = await tlsFront(WORKSPACE, portOf(primary.url), base);
      const proxy = await new TestProxy({ [WORKSPACE]: front.port }, CREDENTIALS).start();
      try {
        const { repo, remote } = await makeRepoWithRemote(base);
        const before = (await simpleGit(remote).raw(['rev-parse', 'main'])).trim();
        const run = await runAction(
          { mode: 'export', host: `https://${WORKSPACE}`, token: primary.token },
          base,
          {
            GITHUB_WORKSPACE: repo,
            HTTPS_PROXY: proxy.url(),
            NODE_EXTRA_CA_CERTS: front.caFile,
          },
        );
        expect(run.code).toBe(1);
        const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(
          /the proxy http:\/\/127\.0\.0\.1:\d+ answered HTTP 407 Proxy Authentication Required; put the proxy's user and password in HTTPS_PROXY \(http:\/\/<user>:<password>@host:port\)$/,
        );
        expect(primary.requests).toHaveLength(0);
        // Refused before anything was sent: a few first requests side by side, none tried again.
        expect(proxy.seen.length).toBeLessThanOrEqual(4);
        expect((await simpleGit(remote).raw(['rev-parse', 'main'])).trim()).toBe(before);
      } finally {
        await proxy.close();
        await front.close();
      }
    });
  });

  test('plain http goes to the proxy whole, token requests too; loopback goes direct', async () => {
    await withEmulators(async (primary) => {
      primary.state.oauth.clients.set('sp-app-id', 'sp-oauth-secret');
      const proxy = await new TestProxy({ 'workspace.test': portOf(primary.url) }).start();
      try {
        const settingsFor = (host: string) =>
          parseSettings(
            (name) =>
              ({
                mode: 'plan',
                host,
                'client-id': 'sp-app-id',
                'client-secret': 'sp-oauth-secret',
                // workspace.test is not loopback: plain http to it needs the user's say-so.
                'allow-insecure-http': 'true',
              })[name],
            '/nonexistent',
          );
        const log = new MemoryLog();
        const env = { HTTP_PROXY: proxy.url(), NO_PROXY: 'other.test' };
        const through = connect(settingsFor('http://workspace.test'), { env, log, homeDir: '/nonexistent' });
        const me = (await through.get('/api/2.0/preview/scim/v2/Me')) as { userName?: string };
        expect(me.userName).toBeDefined();
        expect(proxy.seen.map((s) => `${s.method} ${s.target}`)).toEqual([
          'GET http://workspace.test/oidc/.well-known/oauth-authorization-server',
          'POST http://workspace.test/oidc/v1/token',
          'GET http://workspace.test/api/2.0/preview/scim/v2/Me',
        ]);
        expect(log.text()).toContain(
          'Connecting to http://workspace.test through the proxy http://127.0.0.1:',
        );

        // The emulator itself, on 127.0.0.1, is never sent through the proxy.
        const direct = connect(settingsFor(primary.url), {
          env,
          log: new MemoryLog(),
          homeDir: '/nonexistent',
        });
        await direct.get('/api/2.0/preview/scim/v2/Me');
        expect(proxy.seen).toHaveLength(3);
      } finally {
        await proxy.close();
      }
    });
  });
});
