import { runCli } from '../../src/cli/run.js';
import { tempDir } from '../helpers/harness.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const PAT = ['da', 'pi', 'fedcba9876543210fedcba9876543210'].join('');

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, {
    env: { DATABRICKS_HOST: 'https://x.example', DATABRICKS_TOKEN: 'dapi1' },
    stdout: (l) => lines.push(l),
    stderr: (l) => lines.push(l),
    isTTY: false,
    homeDir: await tempDir('dr-home-'),
  });
  return { code, out: lines.join('\n') };
}

/**
 * A token pasted into the wrong flag or input (the host, a path, the ref: a common slip when wiring
 * secrets) was echoed whole by the error line that refused it. Every error line of the CLI (and the
 * action's failure message, which takes the same masking) has token-format credentials redacted.
 */
describe('a token given to the wrong flag is not echoed by the error', () => {
  test.each([
    ['--host', PAT],
    ['--host', `ftp://h/${PAT}`],
    ['--ref', `--${PAT}`],
    ['--path', `../${PAT}`],
    ['--workspace-paths', `relative/${PAT}`],
    ['--plan-file', `/etc/${PAT}`],
    ['--on-credentials', PAT],
    ['--max-removal', PAT],
  ])('%s', async (flag, value) => {
    const result = await cli(['plan', flag, value, '--repo', await tempDir()]);
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(/databricks-dr: /);
    expect(result.out).not.toContain(PAT.slice(4));
  });

  test('an unknown command or option named after a token', async () => {
    for (const argv of [[PAT], ['plan', `--${PAT}`]]) {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(result.out).not.toContain(PAT.slice(4));
    }
  });
});

describe('the action: a token given to the wrong input is not echoed by the failure', () => {
  it('host', async () => {
    const { run } = await import('../../src/main.js');
    const saved = { ...process.env };
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      process.env.INPUT_MODE = 'plan';
      process.env.INPUT_HOST = `ftp://h/${PAT}`;
      process.env.INPUT_TOKEN = 'dapi1';
      process.env.GITHUB_WORKSPACE = await tempDir();
      await run(process.env);
    } finally {
      process.stdout.write = write;
      process.env = saved;
      process.exitCode = undefined;
    }
    const out = written.join('');
    expect(out).toMatch(/::error::Input 'host' must be/);
    expect(out).not.toContain(PAT.slice(4));
  });
});
