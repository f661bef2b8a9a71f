import { simpleGit } from 'simple-git';
import { runCli } from '../../src/cli/run.js';
import { tempDir } from './harness.js';

/** The CLI core in process (the bundled bin is only rebuilt after a merge), with the terminal captured. */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    env,
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    isTTY: false,
    homeDir: await tempDir('dr-home-'),
  });
  return { code, stdout, stderr };
}

/** A clone of `remote` in `dir`, committing as `name`: a second person pushing to the snapshot's remote. */
export async function cloneAs(remote: string, dir: string, name: string): Promise<string> {
  await simpleGit().raw(['clone', '--quiet', remote, dir]);
  await simpleGit(dir).addConfig('user.name', name);
  await simpleGit(dir).addConfig('user.email', `${name}@example.invalid`);
  return dir;
}
