import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { cli } from '../helpers/cli.js';
import { seedClusterAndJob } from '../helpers/seed-job.js';
import { clientFor, exportWorkspace, readTree, tempDir, withEmulators } from '../helpers/harness.js';

/** `plan-file` writes one file in the repository, outside the snapshot folder, never through a link. */
describe('plan --plan-file', () => {
  test('refuses a committed symlink, a linked folder and the snapshot folder, and overwrites nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/etl', 'PYTHON', 'print(1)');
      seedClusterAndJob(primary, '/Shared/etl');
      const { repo } = await makeRepoWithRemote(await tempDir());
      await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'false' });
      const jobFile = (await fs.readdir(path.join(repo, 'databricks/jobs')))[0];
      const outside = await fs.realpath(await tempDir());
      await fs.writeFile(path.join(outside, 'victim.txt'), 'not yours\n');
      // Committed links: a file link and a folder link out of the repository, and a folder link into the snapshot.
      await fs.symlink(path.join(outside, 'victim.txt'), path.join(repo, 'plan.json'));
      await fs.symlink(outside, path.join(repo, 'reports'));
      await fs.symlink('databricks/jobs', path.join(repo, 'jobs-alias'));
      const git = simpleGit(repo);
      await git.add(['plan.json', 'reports', 'jobs-alias']);
      await git.commit('links');
      const snapshotBefore = await readTree(path.join(repo, 'databricks'));
      const env = { DATABRICKS_HOST: secondary.url, DATABRICKS_TOKEN: secondary.token };

      const refused = async (planFile: string, why: string) => {
        const result = await cli(['plan', '--repo', repo, '--plan-file', planFile], env);
        expect(result.stderr).toEqual([`databricks-dr: --plan-file must be ${why}, got '${planFile}'`]);
        expect(result.code).toBe(1);
      };
      await refused(
        'plan.json',
        'a file in the repository outside the snapshot folder (plan.json is a symbolic link)',
      );
      await refused(
        'reports/victim.txt',
        'a file in the repository outside the snapshot folder (reports is a symbolic link)',
      );
      await refused(
        'jobs-alias/x.json',
        'a file in the repository outside the snapshot folder (jobs-alias is a symbolic link)',
      );
      await refused(
        `databricks/jobs/${jobFile}`,
        "outside the snapshot folder 'databricks' (a plan must not replace a snapshot file)",
      );
      await refused(
        `Databricks/jobs/${jobFile}`,
        "outside the snapshot folder 'databricks' (a plan must not replace a snapshot file)",
      );
      expect(await fs.readFile(path.join(outside, 'victim.txt'), 'utf8')).toBe('not yours\n');
      expect(await readTree(path.join(repo, 'databricks'))).toEqual(snapshotBefore);

      // A plain path, in a folder not there yet, is written.
      const ok = await cli(['plan', '--repo', repo, '--plan-file', 'out/plan.json'], env);
      expect(ok.code).toBe(0);
      expect(JSON.parse(await fs.readFile(path.join(repo, 'out/plan.json'), 'utf8')).has_changes).toBe(true);
    });
  });
});
