import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

/** The bundled action authenticating without a personal token, against the emulator's OAuth endpoints. */
describe('the action without a personal access token', () => {
  test('OAuth machine-to-machine: client id and secret become a masked access token', async () => {
    await withEmulators(async (primary) => {
      primary.state.oauth.clients.set('sp-app-id', 'sp-oauth-secret');
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print(1)');
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const run = await runAction(
        { mode: 'export', host: primary.url, 'client-id': 'sp-app-id', 'client-secret': 'sp-oauth-secret' },
        base,
        { GITHUB_WORKSPACE: repo },
      );
      expect(run.stdout).not.toMatch(/::error::/);
      expect(run.code).toBe(0);
      expect(run.outputs.changed).toBe('true');
      const issued = [...primary.state.oauth.issued];
      expect(issued).toHaveLength(1);
      // Both the client secret and the access token are masked before any request is logged.
      expect(run.stdout).toContain('::add-mask::sp-oauth-secret');
      expect(run.stdout).toContain(`::add-mask::${issued[0]}`);
      expect(primary.requests.filter((r) => r.path === '/oidc/v1/token')).toHaveLength(1);
      expect((await simpleGit(repo).raw(['log', '--format=%s'])).split('\n')[0]).toMatch(/snapshot of/);

      const wrong = await runAction(
        { mode: 'export', host: primary.url, 'client-id': 'sp-app-id', 'client-secret': 'not-the-secret' },
        base,
        { GITHUB_WORKSPACE: repo },
      );
      expect(wrong.code).toBe(1);
      const errors = wrong.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/invalid_client|Client authentication failed/);
      expect(errors[0]).not.toContain('not-the-secret');
    });
  });

  test('GitHub OIDC: the runner ID token is exchanged for a workspace token, no secret stored', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vZHIifQ.c2lnbmF0dXJl';
    const audiences: string[] = [];
    const idp = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      audiences.push(url.searchParams.get('audience') ?? '');
      if (req.headers.authorization !== 'Bearer runner-request-token') {
        res.statusCode = 401;
        res.end('{}');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: jwt }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    try {
      await withEmulators(async (primary) => {
        primary.state.oauth.federated.add('federated-sp');
        primary.state.workspace.putFile('/Shared/a.txt', 'a');
        const base = await tempDir();
        const { repo } = await makeRepoWithRemote(base);
        const run = await runAction(
          { mode: 'export', host: primary.url, 'auth-type': 'github-oidc', 'client-id': 'federated-sp' },
          base,
          {
            GITHUB_WORKSPACE: repo,
            ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/token?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
          },
        );
        expect(run.stdout).not.toMatch(/::error::/);
        expect(run.code).toBe(0);
        expect(run.outputs.changed).toBe('true');
        expect(audiences).toEqual([`${primary.url}/oidc/v1/token`]);
        expect(run.stdout).toContain(`::add-mask::${jwt}`);
        expect(run.stdout).toContain('::add-mask::runner-request-token');
      });
    } finally {
      idp.close();
    }
  });
});
