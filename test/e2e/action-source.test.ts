import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

/**
 * The action's entry from source (src/index.ts -> src/main.ts), run as the runner runs the bundle: the other
 * end-to-end tests run the committed dist/index.js, so without this a broken src/main.ts would pass them all.
 */
describe('the action from source', () => {
  test('export then plan, with outputs, job summary and the token masked', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print("hello")');
      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      const env = { GITHUB_WORKSPACE: repo };
      const inputs = { host: primary.url, token: primary.token };

      const exported = await runAction({ mode: 'export', ...inputs }, base, env, 'source');
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.outputs.changed).toBe('true');
      expect((await simpleGit(remote).raw(['rev-parse', 'main'])).trim()).toBe(
        exported.outputs['commit-sha'],
      );
      expect(exported.summary).toContain('## databricks-dr export');
      expect(exported.stdout).toContain(`::add-mask::${primary.token}`);

      const planned = await runAction({ mode: 'plan', comment: 'false', ...inputs }, base, env, 'source');
      expect(planned.code).toBe(0);
      expect(planned.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to delete/);
    });
  });

  test('an input error fails the step with one line naming the input', async () => {
    const base = await tempDir();
    const run = await runAction({ mode: 'bogus' }, base, {}, 'source');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::Input 'mode' must be export, plan, apply or verify, got 'bogus'");
  });
});
