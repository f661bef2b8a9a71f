import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { runExport } from '../../src/modes/export.js';
import { runVerify } from '../../src/modes/verify.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { clientFor, tempDir } from '../helpers/harness.js';

/** The sample workspace exported and committed, as the nightly export leaves it. */
async function exportedSample(): Promise<{ repo: string; commit: string }> {
  const primary = await startEmulator();
  try {
    seedSample(primary);
    const { repo } = await makeRepoWithRemote(await tempDir('dr-verify-'));
    const settings = parseSettings((name) => ({ mode: 'export', push: 'false' })[name], repo);
    const result = await runExport(settings, { client: clientFor(primary), log: new MemoryLog() });
    return { repo, commit: result.commitSha ?? 'HEAD' };
  } finally {
    await primary.stop();
  }
}

describe('verify', () => {
  it('proves a clean snapshot restorable', async () => {
    const { repo } = await exportedSample();
    const catalog = JSON.parse(
      await fs.readFile(path.join(repo, 'databricks/workspace-catalog.json'), 'utf8'),
    );
    console.log(catalog);
    const result = await runVerify({ repoDir: repo, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    console.log(
      result.problems,
      result.notHeld,
      result.estimate,
      result.readiness,
      result.recoveryPoint,
      result.placeholders,
    );
    expect(result.problems).toEqual([]);
    expect(result.restorable).toBe(true);
  });
});

describe('verify of a real workspace snapshot', () => {
  it('names what the emulated workspace holds of its own identity', async () => {
    const { repo } = await exportedSample();
    // A real primary's export runs as its own admin, not as the emulator's.
    const { execFileSync } = await import('node:child_process');
    const dir = path.join(repo, 'databricks');
    for (const f of execFileSync('git', ['ls-files', '-z', 'databricks'], { cwd: repo, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)) {
      const p = path.join(repo, f);
      const text = await fs.readFile(p, 'utf8');
      if (text.includes('admin@example.com'))
        await fs.writeFile(p, text.replaceAll('admin@example.com', 'ops@contoso.com'));
    }
    const u = await fs.readFile(path.join(dir, 'users/admin_example_com.json'), 'utf8');
    await fs.rm(path.join(dir, 'users/admin_example_com.json'));
    await fs.writeFile(path.join(dir, 'users/ops_contoso_com.json'), u);
    const result = await runVerify({ repoDir: repo, snapshotPath: 'databricks' }, { log: new MemoryLog() });
    console.log(result.problems, result.notHeld);
  });
});
