import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/run.js';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { cli } from '../helpers/cli.js';
import { tempDir, withEmulators } from '../helpers/harness.js';
import { commitSampleMapping } from '../helpers/uc.js';

describe('CLI errors name flags and environment variables, not action inputs', () => {
  test.each([
    [['export', '--concurrency', 'many'], "--concurrency must be a whole number from 1 to 64, got 'many'"],
    [
      ['export', '--path', '.'],
      "--path must be a path inside the repository like 'databricks' (not the repository itself), got '.'",
    ],
    [
      ['apply', '--activate-schedules', '--pause-schedules'],
      '--activate-schedules and --pause-schedules cannot both be true: pick cutover or fail back',
    ],
    [['plan', '--ref', 'a..b'], "--ref must be a branch, tag or commit sha, got 'a..b'"],
  ])('%j', async (argv, line) => {
    const repo = await tempDir();
    const result = await cli([...argv, '--repo', repo], {
      DATABRICKS_HOST: 'https://x.example',
      DATABRICKS_TOKEN: 'dapi1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([`databricks-dr: ${line}`]);
  });

  test('no host anywhere', async () => {
    const result = await cli(['export', '--no-commit', '--repo', await tempDir()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(
      /^databricks-dr: No Databricks host: set --host, DATABRICKS_HOST, or a profile in /,
    );
  });

  test('a refused token: what to check, as the terminal knows it', async () => {
    await withEmulators(async (primary) => {
      const result = await cli(['export', '--no-commit', '--repo', await tempDir()], {
        DATABRICKS_HOST: primary.url,
        DATABRICKS_TOKEN: 'dapi-wrong',
      });
      expect(result.code).toBe(1);
      const last = result.stderr[result.stderr.length - 1];
      expect(last).toMatch(/^databricks-dr: export failed, the snapshot and git history are unchanged: /);
      expect(last).toContain(`check DATABRICKS_TOKEN (or the profile's token) for ${primary.url}`);
      expect(result.stderr.join('\n')).not.toMatch(/input/);
    });
  });

  test('plan with a --ref that names no commit, and against a host that answers 404 to everything', async () => {
    await withEmulators(async (primary) => {
      seedSample(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const env = { DATABRICKS_HOST: primary.url, DATABRICKS_TOKEN: primary.token };
      expect((await cli(['export', '--repo', repo], env)).code).toBe(0);
      await commitSampleMapping(repo);
      const typo = await cli(['plan', '--repo', repo, '--ref', 'v1.0-typo'], env);
      expect(typo.code).toBe(1);
      expect(typo.stderr[typo.stderr.length - 1]).toMatch(
        /^databricks-dr: 'v1\.0-typo' is not a commit in .*: give a branch, tag or commit sha/,
      );

      const server = createServer((_req, res) => {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Not Found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const lost = await cli(['plan', '--repo', repo], {
          DATABRICKS_HOST: host,
          DATABRICKS_TOKEN: 'dapi1',
        });
        expect(lost.code).toBe(1);
        const line = lost.stderr[lost.stderr.length - 1];
        expect(line).toMatch(
          new RegExp(`^databricks-dr: plan failed: .*GET /api/[^ ]+ on ${host}: HTTP 404`),
        );
      } finally {
        server.close();
      }
    });
  });

  test("apply's summary on stdout speaks of the terminal too: secret values come from DATABRICKS_DR_SECRETS", async () => {
    await withEmulators(async (primary, secondary) => {
      seedSample(primary);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const env = { DATABRICKS_HOST: primary.url, DATABRICKS_TOKEN: primary.token };
      expect((await cli(['export', '--repo', repo], env)).code).toBe(0);
      await commitSampleMapping(repo);
      const applied = await cli(['apply', '--repo', repo], {
        DATABRICKS_HOST: secondary.url,
        DATABRICKS_TOKEN: secondary.token,
      });
      expect(applied.code).toBe(0);
      const out = applied.stdout.join('\n');
      expect(out).toMatch(
        /manual step: secret_scopes etl: .* or pass it as "etl\/jdbc-password" in DATABRICKS_DR_SECRETS/,
      );
      expect(out).not.toMatch(/input/);
    });
  });
});

describe('export --no-commit', () => {
  test('says the snapshot was written but not committed, and how many files changed; skipped objects are warnings', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print(1)');
      ws.putFile('/Shared/etl/conf.json', '{}\n');
      ws.putObject('/Shared/experiments/churn', 'MLFLOW_EXPERIMENT');
      const repo = await tempDir();
      const env = { DATABRICKS_HOST: primary.url, DATABRICKS_TOKEN: primary.token };
      const args = ['export', '--no-commit', '--repo', repo, '--workspace-paths', '/Shared'];
      const snapshot = `${repo}/databricks`;

      const first = await cli(args, env);
      expect(first.code).toBe(0);
      const written = (result: { stdout: string[] }) =>
        result.stdout
          .join('\n')
          .split('\n')
          .find((l) => l.startsWith('Snapshot:'));
      expect(written(first)).toMatch(
        new RegExp(
          `^Snapshot: written to ${snapshot}, not committed: [1-9]\\d* added, 0 changed, 0 removed files$`,
        ),
      );
      expect(first.stderr).toContain(
        'warning: skipped workspace /Shared/experiments/churn: MLFLOW_EXPERIMENT objects cannot be exported through the Workspace API',
      );

      ws.putNotebook('/Shared/etl/daily', 'PYTHON', 'print(2)');
      ws.remove('/Shared/etl/conf.json');
      ws.putFile('/Shared/etl/new.txt', 'new\n');
      expect(written(await cli(args, env))).toBe(
        `Snapshot: written to ${snapshot}, not committed: 1 added, 1 changed, 1 removed files`,
      );
      expect(written(await cli(args, env))).toBe(
        `Snapshot: written to ${snapshot}, not committed: 0 added, 0 changed, 0 removed files`,
      );
    });
  });
});

describe('the progress bar on a terminal', () => {
  test('log lines are printed above the bar, each on a cleared line of its own, none lost', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      primary.state.workspace.putObject('/Shared/experiments/churn', 'MLFLOW_EXPERIMENT');
      primary.faults.set({ latencyMs: 30 });
      const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
      let screen = '';
      terminal.on('data', (d: Buffer) => (screen += d.toString('utf8')));
      const stderr: string[] = [];
      const stdout: string[] = [];
      const code = await runCli(['export', '--no-commit', '--repo', await tempDir()], {
        env: { DATABRICKS_HOST: primary.url, DATABRICKS_TOKEN: primary.token },
        stdout: (l) => stdout.push(l),
        stderr: (l) => stderr.push(l),
        isTTY: true,
        homeDir: await tempDir(),
        progressStream: terminal,
      });
      expect(code).toBe(0);
      // Nothing went to the terminal around the bar while it was drawn.
      expect(stderr).toEqual([]);
      expect(screen).toMatch(/exporting \w*: \d+ objects, \d+s/);
      const logged = [
        'exporting workspace...',
        'exporting jobs...',
        'exporting permissions...',
        'warning: skipped workspace /Shared/experiments/churn: MLFLOW_EXPERIMENT objects cannot be exported through the Workspace API',
      ];
      for (const line of logged) {
        const at = screen.indexOf(`${line}\n`);
        expect(at).toBeGreaterThan(0);
        // Starts a line: after a newline, or after the bar's line was cleared.
        expect(screen[at - 1] === '\n' || screen.slice(at - 4, at) === '\u001b[2K').toBe(true);
      }
      expect(stdout.join('\n')).toContain('Snapshot: written to');
    });
  });
});

describe('databricks-dr emulator: token and faults from flags', () => {
  /** Starts the emulator through the CLI on port 0; `use` gets its URL and the banner, then it stops. */
  async function emulatorCli(flags: string[], use: (url: string, banner: string[]) => Promise<void>) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runCli(['emulator', '--port', '0', ...flags], {
      env: {},
      stdout: (l) => stdout.push(l),
      stderr: (l) => stderr.push(l),
      isTTY: false,
      stopped,
    });
    try {
      while (!stdout.some((l) => l.startsWith('Press Ctrl-C'))) {
        if (stderr.length) throw new Error(stderr.join('\n'));
        await new Promise((r) => setTimeout(r, 10));
      }
      const url = /listening on (\S+)/.exec(stdout[0])?.[1] ?? '';
      await use(url, stdout);
    } finally {
      stop();
      expect(await running).toBe(0);
    }
  }

  const get = (url: string, token: string) =>
    fetch(`${url}/api/2.0/workspace/list?path=/`, { headers: { Authorization: `Bearer ${token}` } });

  test('--token is the one token accepted: another gets 403; --rps 1 answers a second request at once with 429', async () => {
    await emulatorCli(['--token', 'dapi-from-the-flag', '--rps', '1'], async (url, banner) => {
      expect(banner).toContain('  token:     dapi-from-the-flag');
      expect(banner).toContain('  faults:    1/s for every request, then 429 with Retry-After');
      const wrong = await get(url, 'dapi-emulator-token');
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toEqual({ error_code: 403, message: 'Invalid access token.' });
      expect((await get(url, 'dapi-from-the-flag')).status).toBe(200);
      const throttled = await get(url, 'dapi-from-the-flag');
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('1');
      expect(await throttled.json()).toMatchObject({ error_code: 'RESOURCE_EXHAUSTED' });
    });
  });

  test('--per-endpoint throttles an endpoint on its own budget; --latency-ms and --error-rate 1', async () => {
    await emulatorCli(['--per-endpoint', '--latency-ms', '50'], async (url, banner) => {
      expect(banner).toContain('  faults:    50 ms added to every request');
      expect(banner).toContain('             no limit for every other request, then 429 with Retry-After');
      expect(banner.join('\n')).toContain('per endpoint: workspace/export 60/s, workspace/import 30/s');
      const token = 'dapi-emulator-token';
      // SCIM reads: 255 a minute, a bucket of 5 (one second's worth, rounded up).
      const scim = () =>
        fetch(`${url}/api/2.0/preview/scim/v2/Users`, { headers: { Authorization: `Bearer ${token}` } });
      const started = performance.now();
      const statuses = await Promise.all(Array.from({ length: 10 }, scim).map(async (r) => (await r).status));
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      // 5 at once, and a sixth only if the requests took over 1/4.25 s to arrive.
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      // Other endpoints are not limited.
      const others = await Promise.all(Array.from({ length: 20 }, () => get(url, token)));
      expect(others.map((r) => r.status)).toEqual(Array(20).fill(200));
    });
    await emulatorCli(['--error-rate', '1'], async (url, banner) => {
      expect(banner).toContain('  faults:    100% of requests answered 500 or 503');
      const res = await get(url, 'dapi-emulator-token');
      expect([500, 503]).toContain(res.status);
    });
  });

  test.each([
    [
      ['--token', 'a b'],
      "--token must be at least 4 visible characters without spaces, like dapi-test, got 'a b'",
    ],
    [['--latency-ms', '1.5'], "--latency-ms must be a whole number of milliseconds, like 200, got '1.5'"],
    [['--rps', '0'], "--rps must be a number of requests per second above 0, like 10 or 0.5, got '0'"],
    [['--rps', 'fast'], "--rps must be a number of requests per second above 0, like 10 or 0.5, got 'fast'"],
    [
      ['--error-rate', '5'],
      "--error-rate must be the share of requests answered 500 or 503, from 0 to 1, like 0.05, got '5'",
    ],
  ])('%j is refused in one line', async (flags, line) => {
    const result = await cli(['emulator', '--port', '0', ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([`databricks-dr: ${line}`]);
    expect(result.stdout).toEqual([]);
  });

  test('--token is refused outside the emulator: a workspace token never comes from the command line', async () => {
    const result = await cli(['export', '--token', 'dapi-secret', '--repo', await tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      'databricks-dr: --token is an option of emulator, not of export: export reads it from DATABRICKS_TOKEN (or a profile), never from the command line (see databricks-dr export --help)',
    ]);
  });
});
