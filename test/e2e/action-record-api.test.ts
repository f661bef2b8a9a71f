import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runAction } from '../helpers/action.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

/** dist/index.js with the record-api input. */
test('the action records every exchange into the record-api folder, without the token', async () => {
  await withEmulators(async (primary) => {
    primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)\n');
    const base = await tempDir();
    const { repo } = await makeRepoWithRemote(base);
    primary.clearRequests();
    const run = await runAction(
      {
        mode: 'export',
        host: primary.url,
        token: primary.token,
        push: 'false',
        'record-api': '../recording',
      },
      base,
      { GITHUB_WORKSPACE: repo },
    );
    expect(run.code).toBe(0);
    const dir = path.join(base, 'recording');
    const files = (await fs.readdir(dir)).sort();
    expect(files.length).toBe(primary.requests.length);
    expect(run.stdout).toContain(`recorded ${files.length} API exchange(s) in ${dir} (secrets redacted)`);
    for (const f of files) expect(await fs.readFile(path.join(dir, f), 'utf8')).not.toContain(primary.token);

    const inside = await runAction(
      { mode: 'export', host: primary.url, token: primary.token, 'record-api': 'databricks/rec' },
      base,
      { GITHUB_WORKSPACE: repo },
    );
    expect(inside.code).toBe(1);
    expect(inside.stdout).toContain(
      "::error::Input 'record-api' must be a folder outside the snapshot folder 'databricks' (export would commit it), got 'databricks/rec'",
    );
  });
});
