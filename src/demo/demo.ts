import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { DatabricksClient } from '../databricks/client.js';
import { startEmulator } from '../emulator/index.js';
import { seedSampleWorkspace } from '../emulator/sample.js';
import { runExport } from '../modes/export.js';
import { exportSummaryText } from '../report/render.js';
import { parseSettings } from '../settings.js';
import type { Log } from '../util/log.js';

export interface DemoOptions {
  dir?: string;
  print: (line: string) => void;
  log: Log;
}

/** Makes a git repository with a bare remote, as a GitHub checkout would be. */
export async function makeRepoWithRemote(base: string): Promise<{ repo: string; remote: string }> {
  const remote = path.join(base, 'remote.git');
  const repo = path.join(base, 'dr-repo');
  await fs.mkdir(repo, { recursive: true });
  await simpleGit().raw(['init', '--quiet', '--bare', '-b', 'main', remote]);
  const git = simpleGit(repo);
  await git.raw(['init', '--quiet', '-b', 'main']);
  await git.addConfig('user.name', 'databricks-dr demo');
  await git.addConfig('user.email', 'demo@example.invalid');
  await fs.writeFile(path.join(repo, 'README.md'), '# Databricks DR record\n');
  await git.add('README.md');
  await git.commit('initial commit');
  await git.addRemote('origin', remote);
  await git.raw(['push', '--quiet', '-u', 'origin', 'main']);
  return { repo, remote };
}

/**
 * The README's first command: a DR drill on the emulator. An emulated primary is seeded with a realistic
 * workspace and exported into a fresh git repository that pushes to a bare remote.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { print, log } = options;
  const base = options.dir
    ? path.resolve(options.dir)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'databricks-dr-demo-'));
  await fs.mkdir(base, { recursive: true });
  const primary = await startEmulator();
  try {
    await seedSampleWorkspace(primary);
    print(`Emulated primary workspace: ${primary.url}`);
    const { repo, remote } = await makeRepoWithRemote(base);
    print(`Git repository: ${repo} (remote ${remote})`);
    const settings = parseSettings(
      (name) => ({ mode: 'export', host: primary.url, push: 'true' })[name],
      repo,
    );
    const client = new DatabricksClient({
      host: primary.url,
      credentials: { headers: async () => ({ Authorization: `Bearer ${primary.token}` }) },
      concurrency: settings.concurrency,
      log,
    });
    const result = await runExport(settings, { client, log });
    print(exportSummaryText(result));
    print(`Snapshot: ${result.snapshotDir}`);
    const again = await runExport(settings, { client, log });
    print(
      `Second export of the unchanged workspace: ${again.changed ? 'committed again (unexpected!)' : 'no commit'}`,
    );
    return again.changed ? 1 : 0;
  } finally {
    await primary.stop();
  }
}
