import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';

/** Export into git with a bare remote: what git itself could do to the snapshot. */

async function cloneOf(remote: string): Promise<string> {
  const dir = path.join(await tempDir(), 'clone');
  await simpleGit().raw(['clone', '--quiet', remote, dir]);
  return dir;
}

describe('git rules never change a snapshot', () => {
  test('workspace .gitignore/.gitattributes/.gitmodules and the repository .gitignore drop or rewrite nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const ws = primary.state.workspace;
      ws.putFile('/Shared/gi/.gitignore', '*.csv\n*.txt\n');
      ws.putFile('/Shared/gi/data.csv', 'a,b\n1,2\n');
      ws.putFile('/Shared/gi/.gitattributes', '*.txt text\n*.csv filter=missing\n');
      ws.putFile('/Shared/gi/crlf.txt', Buffer.from('one\r\ntwo\r\n'));
      ws.putFile('/Shared/.gitmodules', '[submodule "x"]\n\tpath = x\n\turl = https://example.invalid/x\n');
      ws.putFile('/Shared/logs/run.log', 'started\n');

      const base = await tempDir();
      const { repo, remote } = await makeRepoWithRemote(base);
      const git = simpleGit(repo);
      // The repository's own rules ignore what the workspace holds.
      await fs.writeFile(path.join(repo, '.gitignore'), '*.log\n*.csv\n');
      await git.add('.gitignore');
      await git.commit('ignore logs');
      // A person's file in the snapshot folder still follows the repository's rules.
      await fs.mkdir(path.join(repo, 'databricks'), { recursive: true });
      await fs.writeFile(path.join(repo, 'databricks/local.log'), 'mine\n');

      const result = await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' });
      expect(result.changed).toBe(true);

      const written = await readTree(path.join(repo, 'databricks/workspace'));
      const clone = await cloneOf(remote);
      const cloned = await readTree(path.join(clone, 'databricks/workspace'));
      expect([...cloned.keys()]).toEqual([...written.keys()]);
      for (const [file, bytes] of written) expect(cloned.get(file)?.equals(bytes)).toBe(true);
      expect(cloned.get('Shared/gi/crlf.txt')?.toString()).toBe('one\r\ntwo\r\n');
      expect(cloned.get('Shared/gi/data.csv')?.toString()).toBe('a,b\n1,2\n');
      expect(cloned.get('Shared/logs/run.log')?.toString()).toBe('started\n');
      expect(cloned.get('Shared/gi/%2Egitignore')?.toString()).toBe('*.csv\n*.txt\n');
      expect(cloned.has('Shared/%2Egitmodules')).toBe(true);
      expect((await git.raw(['ls-files', '--', 'databricks/local.log'])).trim()).toBe('');

      // A second export sees nothing to do, and the names read back as the workspace has them.
      expect(
        (await exportWorkspace(clientFor(primary), repo, { commit: 'true', push: 'true' })).changed,
      ).toBe(false);
      const applied = await applySnapshot(clientFor(secondary), path.join(clone, 'databricks'));
      expect(applied.failed).toBe(0);
      expect(secondary.state.workspace.get('/Shared/gi/.gitignore')?.content?.toString()).toBe(
        '*.csv\n*.txt\n',
      );
      expect(secondary.state.workspace.get('/Shared/gi/crlf.txt')?.content?.toString()).toBe(
        'one\r\ntwo\r\n',
      );
      expect(secondary.state.workspace.get('/Shared/.gitmodules')).toBeDefined();
    });
  });
});

describe('a snapshot file edited by hand', () => {
  test('is exported again, committed or not; untouched files are still not downloaded', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print("daily")');
      ws.putNotebook('/Shared/etl/weekly', 'SQL', 'select 1');
      ws.putFile('/Shared/etl/conf.json', '{"a": 1}\n');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      await exportWorkspace(clientFor(primary), repo, inputs);
      const git = simpleGit(repo);
      const notebook = path.join(repo, 'databricks/workspace/Shared/etl/daily.py');
      const file = path.join(repo, 'databricks/workspace/Shared/etl/conf.json');
      const original = await fs.readFile(notebook, 'utf8');

      // Edited and committed by a person.
      await fs.writeFile(notebook, original + '\nprint("hand edit")\n');
      await git.add('.');
      await git.commit('hand edit');
      // Edited and left in the working tree.
      await fs.writeFile(file, '{"a": 2}\n');

      primary.clearRequests();
      const again = await exportWorkspace(clientFor(primary), repo, inputs);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(2);
      expect(again.changes).toMatchObject({ added: 0, modified: 1, deleted: 0 });
      expect(await fs.readFile(notebook, 'utf8')).toBe(original);
      expect(await fs.readFile(file, 'utf8')).toBe('{"a": 1}\n');
      expect((await git.status()).isClean()).toBe(true);

      // Repaired: the next export downloads nothing.
      primary.clearRequests();
      expect((await exportWorkspace(clientFor(primary), repo, inputs)).changed).toBe(false);
      expect(primary.countRequests({ path: '/api/2.0/workspace/export' })).toBe(0);
    });
  });
});
