import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { clientFor, readTree, tempDir, withEmulators } from '../helpers/harness.js';
import { runAction, type ActionRun } from '../helpers/action.js';

const SCIM = '/api/2.0/preview/scim/v2';
const VALUES = { 'app/db-password': 'pw-Zq81-never-printed', 'app/api-key': 'key-Xy77-never-printed' };

/** Every byte a run left behind: stdout, stderr, outputs, job summary, and the files under `base`. */
async function everything(base: string, runs: ActionRun[]): Promise<string> {
  const files = await readTree(base, (rel) => rel.split('/').includes('.git'));
  return [
    ...runs.flatMap((r) => [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs)]),
    ...[...files.values()].map((b) => b.toString('utf8')),
  ].join('\n');
}

/** The job summary of dist/index.js: what a reviewer reads before and after an apply. */
describe('the job summary of the bundled action', () => {
  test('plan and dry run show the warnings, the manual checklist and a link to the restored commit', async () => {
    await withEmulators(async (primary, secondary) => {
      const c = clientFor(primary);
      await c.post('/api/2.0/secrets/scopes/create', { scope: 'app' });
      await c.post('/api/2.0/secrets/put', { scope: 'app', key: 'db-password', string_value: 'x' });
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = {
        GITHUB_WORKSPACE: repo,
        GITHUB_SERVER_URL: 'https://git.example',
        GITHUB_REPOSITORY: 'octo/dr',
      };
      primary.state.dbfs.write('/databricks/init/big.sh', Buffer.alloc(1024 * 1024 + 1, '#'));
      const exported = await runAction(
        { mode: 'export', host: primary.url, token: primary.token, 'dbfs-max-mb': '1' },
        base,
        env,
      );
      expect(exported.code).toBe(0);
      const sha = exported.outputs['commit-sha'];
      // A file over the limit is on the checklist, not only under Skipped, and names the real input.
      expect(exported.summary).toContain(
        '| dbfs_files | `/databricks/init/big.sh` | 1048577 bytes: larger than the dbfs-max-mb limit (1 MB); copy it by hand |',
      );
      expect(exported.summary).toContain(
        '### Manual checklist\n\n- [ ] dbfs_files `/databricks/init/big.sh`: copy dbfs:/databricks/init/big.sh (1048577 bytes) to the target by hand',
      );
      expect(exported.summary).toContain('- [ ] DBFS mounts');
      // A nightly export is not a cutover: nothing about pointing users anywhere.
      expect(exported.summary).not.toContain('secondary workspace URL');

      const common = { host: secondary.url, token: secondary.token, ref: 'main' };
      for (const inputs of [
        { mode: 'plan', ...common },
        { mode: 'apply', 'dry-run': 'true', ...common },
      ]) {
        const run = await runAction(inputs, base, env);
        expect(run.code).toBe(0);
        expect(run.summary).toContain(
          `Snapshot: commit [\`${sha.slice(0, 12)}\`](https://git.example/octo/dr/commit/${sha})`,
        );
        expect(run.summary).toContain('### Warnings (1)');
        expect(run.summary).toMatch(
          /\| secret_scopes \| `app` \| secret 'app\/db-password' has no value in the 'secrets' input/,
        );
        expect(run.summary).toContain('### Manual checklist');
        expect(run.summary).toMatch(/- \[ \] secret_scopes `app`: .*db-password/);
        expect(run.summary).toContain(
          '- [ ] Point users, BI tools and upstream systems at the secondary workspace URL.',
        );
        expect(run.summary).not.toContain('### Applied');
      }
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);

      // Without GITHUB_REPOSITORY there is nothing to link to: the full sha.
      const bare = await runAction({ mode: 'plan', ...common }, base, { GITHUB_WORKSPACE: repo });
      expect(bare.summary).toContain(`Snapshot: commit \`${sha}\``);
    });
  });

  test('apply: kinds table, Failed and Skipped sections, checklist; a user missing from the tenant is a manual step, not a failure', async () => {
    await withEmulators(async (primary, secondary) => {
      const c = clientFor(primary);
      await c.post(`${SCIM}/Users`, { userName: 'ghost@example.com' });
      primary.state.workspace.putNotebook('/Shared/ok', 'PYTHON', 'print(1)');
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      await runAction({ mode: 'export', host: primary.url, token: primary.token }, base, env);
      secondary.state.scim.tenantUsers = new Set(['admin@example.com']);

      const apply = { mode: 'apply', host: secondary.url, token: secondary.token };
      const first = await runAction(apply, base, env);
      expect(first.stdout.split('\n').filter((l) => l.startsWith('::error::'))).toEqual([]);
      expect(first.code).toBe(0);
      expect(first.outputs.failed).toBe('0');
      expect(first.summary).toContain('### Applied');
      expect(first.summary).toContain('| kind | created | updated | deleted | skipped | failed |');
      expect(first.summary).toContain('| users | 0 | 0 | 0 | 1 | 0 |');
      expect(first.summary).toMatch(
        /### Skipped \(1\)[^#]*\| users \| `ghost_example_com` \| the target workspace refused to create the user 'ghost@example.com'/,
      );
      expect(first.summary).toMatch(/- \[ \] users `ghost_example_com`: add the user 'ghost@example.com'/);
      expect(first.summary).toMatch(
        /### Warnings \(1\)[^#]*\| users \| `ghost_example_com` \| user 'ghost@example.com' not created/,
      );
      expect(first.summary).not.toContain('### Failed');

      // The next apply, a cutover say, is not held up by the same known step; a real failure still fails.
      primary.state.workspace.putNotebook('/Shared/broken', 'PYTHON', 'print(2)');
      await runAction({ mode: 'export', host: primary.url, token: primary.token }, base, env);
      secondary.faults.set({
        failPaths: [
          {
            match: '/Shared/broken',
            status: 400,
            errorCode: 'INVALID_PARAMETER_VALUE',
            message: 'refused on purpose',
            methods: ['POST'],
          },
        ],
      });
      const second = await runAction(apply, base, env);
      expect(second.code).toBe(1);
      expect(second.outputs.failed).toBe('1');
      expect(second.summary).toMatch(
        /### Failed \(1\)\n\n\| kind \| object \| reason \|\n\| --- \| --- \| --- \|\n\| workspace \| `\/Shared\/broken` \| .*refused on purpose/,
      );
      expect(second.summary).toContain('| workspace | 0 | 0 | 0 | 0 | 1 |');
      expect(second.summary).toContain('| users | 0 | 0 | 0 | 1 | 0 |');
      expect(second.summary).toContain('### Manual checklist');
      expect(second.stdout).toContain(
        '::error::apply finished with 1 failure(s); first: workspace /Shared/broken',
      );
    });
  });

  test('secret values from the secrets input are masked one by one and written nowhere but the target', async () => {
    await withEmulators(async (primary, secondary) => {
      const c = clientFor(primary);
      await c.post('/api/2.0/secrets/scopes/create', { scope: 'app' });
      for (const key of ['db-password', 'api-key'])
        await c.post('/api/2.0/secrets/put', { scope: 'app', key, string_value: 'primary-only' });
      const base = await tempDir();
      const { repo } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      const exported = await runAction(
        { mode: 'export', host: primary.url, token: primary.token },
        base,
        env,
      );
      const secrets = JSON.stringify(VALUES);
      const runs = [exported];
      for (const mode of ['plan', 'apply'])
        runs.push(await runAction({ mode, host: secondary.url, token: secondary.token, secrets }, base, env));
      for (const run of runs.slice(1)) {
        expect(run.code).toBe(0);
        for (const value of Object.values(VALUES)) expect(run.stdout).toContain(`::add-mask::${value}`);
      }
      expect(secondary.state.secrets.value('app', 'db-password')).toBe(VALUES['app/db-password']);
      expect(secondary.state.secrets.value('app', 'api-key')).toBe(VALUES['app/api-key']);
      const seen = (await everything(base, runs)).replace(/::add-mask::.*\n/g, '');
      for (const value of [...Object.values(VALUES), 'primary-only']) expect(seen).not.toContain(value);
      expect(runs[2].summary).not.toContain("has no value in the 'secrets' input");
    });
  });
});
