import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import { INPUTS, flagOf, type Command } from '../../src/inputs.js';
import { cli } from '../helpers/cli.js';
import { tempDir, withEmulators } from '../helpers/harness.js';

const COMMANDS: Command[] = ['export', 'plan', 'apply', 'demo', 'live-drill', 'emulator', 'bench'];

describe('each command takes its own flags', () => {
  test('export --dry-run is refused in one line naming apply, and writes and commits nothing', async () => {
    await withEmulators(async (primary) => {
      const { repo } = await makeRepoWithRemote(await tempDir());
      const head = await simpleGit(repo).revparse(['HEAD']);
      const result = await cli(['export', '--dry-run', '--repo', repo], {
        DATABRICKS_HOST: primary.url,
        DATABRICKS_TOKEN: primary.token,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toEqual([
        'databricks-dr: --dry-run is an option of apply, not of export: export --no-commit writes the snapshot and counts the added, changed and removed files without committing (see databricks-dr export --help)',
      ]);
      expect(await simpleGit(repo).revparse(['HEAD'])).toBe(head);
      expect((await simpleGit(repo).status()).isClean()).toBe(true);
      await expect(fs.stat(path.join(repo, 'databricks'))).rejects.toThrow(/ENOENT/);
      // Nothing was asked of the workspace either.
      expect(primary.requests).toEqual([]);
    });
  });

  test.each([
    [['plan', '--port', '5', '--sample'], '--port is an option of emulator, not of plan'],
    [['emulator', '--prune'], '--prune is an option of plan, apply, not of emulator'],
    [['apply', '--no-commit'], '--no-commit is an option of export, not of apply'],
    [['export', '--bogus'], "unknown option '--bogus' for export"],
    [['plan', 'extra'], "plan takes no argument 'extra'"],
  ])('%j is refused in one line, exit 2', async (argv, line) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(
      new RegExp(`^databricks-dr: ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(result.stdout).toEqual([]);
  });
});

describe('help and version', () => {
  test.each(COMMANDS)(
    'databricks-dr %s --help: usage, every flag of the command with its default, an example',
    async (command) => {
      const result = await cli([command, '--help']);
      expect(result.code).toBe(0);
      const help = result.stdout.join('\n');
      expect(help).toMatch(new RegExp(`^databricks-dr ${command}: `));
      expect(help).toContain(`Usage: databricks-dr ${command} [flags]`);
      expect(help).toMatch(/\nExample:\n {2}\S/);
      for (const row of INPUTS.filter((r) => r.commands.includes(command) && flagOf(r)))
        expect(help).toMatch(
          new RegExp(`--${flagOf(row)}\\b.*${row.help.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        );
    },
  );

  test('every flag is in some help; the six the issue found in none are in the help of their commands', async () => {
    const helps = new Map<Command, string>();
    for (const c of COMMANDS) helps.set(c, (await cli([c, '--help'])).stdout.join('\n'));
    for (const row of INPUTS) {
      const flag = flagOf(row);
      if (!flag) continue;
      expect({ flag, inSomeHelp: row.commands.some((c) => helps.get(c)?.includes(`--${flag}`)) }).toEqual({
        flag,
        inSomeHelp: true,
      });
    }
    for (const flag of ['timeout-seconds', 'permissions', 'auth-type'])
      for (const c of ['export', 'plan', 'apply'] as const) expect(helps.get(c)).toContain(`--${flag}`);
    expect(helps.get('export')).toMatch(/--on-credentials fail\|redact .*\(default fail\)/);
    expect(helps.get('export')).toMatch(/--dbfs-max-mb MB .*\(default 100\)/);
    expect(helps.get('apply')).toContain('--force-secret-values');
    expect(helps.get('export')).toMatch(/--concurrency N .*\(default 8\)/);
    expect(helps.get('apply')).toContain('DATABRICKS_DR_SECRETS');
  });

  test('--version prints the version of package.json; --help lists the commands', async () => {
    const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({
      code: 0,
      stdout: [`databricks-dr ${pkg.version}`],
      stderr: [],
    });
    const usage = await cli(['--help']);
    expect(usage.code).toBe(0);
    for (const c of COMMANDS) expect(usage.stdout.join('\n')).toMatch(new RegExp(`\\n {2}${c} +\\S`));
    expect((await cli([])).code).toBe(2);
  });
});

describe('mistakes said plainly, in the words of the command line', () => {
  test('a --repo that does not exist', async () => {
    const missing = path.join(await tempDir(), 'no-such-folder');
    const result = await cli(['plan', '--repo', missing], { DATABRICKS_HOST: 'https://x.example' });
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([
      `databricks-dr: --repo ${missing} does not exist: give the folder of the git repository`,
    ]);
  });

  test('a host without a scheme in front of a plain http server fails at once on EPROTO, no retry, and says http:// or https://', async () => {
    await withEmulators(async (primary) => {
      const result = await cli(['export', '--no-commit', '-v', '--repo', await tempDir()], {
        DATABRICKS_HOST: primary.url.replace(/^http:\/\//, ''),
        DATABRICKS_TOKEN: primary.token,
      });
      expect(result.code).toBe(1);
      const last = result.stderr[result.stderr.length - 1];
      expect(last).toContain(`cannot reach https://${primary.url.replace(/^http:\/\//, '')} (EPROTO)`);
      expect(last).toContain(
        'write the host with its scheme, http:// for a plain http server or https:// for a workspace',
      );
      // The cause, not the clock: not one request was retried.
      expect(result.stderr.filter((l) => /retrying/.test(l))).toEqual([]);
    });
  });

  test.each([
    [
      200,
      'text/html',
      '<!doctype html><html><body>It works!</body></html>',
      'the answer is not JSON (text/html): is HOST a Databricks workspace URL? It has answered no JSON yet: ',
    ],
    [404, 'text/plain', 'Not Found', 'HTTP 404 NOT_DATABRICKS: HOST answered text/plain, not JSON: '],
  ])(
    'a web server that is not Databricks (%d %s): "this does not look like a Databricks workspace"',
    async (status, type, body, said) => {
      const server = createServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const result = await cli(['export', '--no-commit', '--repo', await tempDir()], {
          DATABRICKS_HOST: host,
          DATABRICKS_TOKEN: 'dapi1',
        });
        expect(result.code).toBe(1);
        expect(result.stderr[result.stderr.length - 1]).toContain(
          `${said.replace('HOST', host)}this does not look like a Databricks workspace; a workspace URL looks like https://`,
        );
      } finally {
        server.close();
      }
    },
  );

  test('a clear-text host is refused naming the flag it came from and the flag that allows it', async () => {
    const result = await cli(['plan', '--host', 'http://10.0.0.1', '--repo', await tempDir()], {
      DATABRICKS_TOKEN: 'dapi1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      'databricks-dr: Refusing to send credentials in clear text to http://10.0.0.1 (from --host): use https://, or allow it with --allow-insecure-http if every network hop to it is trusted',
    ]);
  });

  test('a push from a detached HEAD names the git command, not the checkout step of a workflow', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print(1)');
      const { repo } = await makeRepoWithRemote(await tempDir());
      await simpleGit(repo).raw(['checkout', '--quiet', '--detach']);
      const result = await cli(['export', '--push', '--repo', repo], {
        DATABRICKS_HOST: primary.url,
        DATABRICKS_TOKEN: primary.token,
      });
      expect(result.code).toBe(1);
      const last = result.stderr[result.stderr.length - 1];
      expect(last).toContain('cannot push from a detached HEAD: check out a branch (git switch <branch>)');
    });
  });

  test('a credential in the content: the CLI says --on-credentials redact, not the input', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook(
        '/Shared/leak',
        'PYTHON',
        'token = "dapi0123456789abcdef0123456789abcdef"',
      );
      const result = await cli(['export', '--no-commit', '--repo', await tempDir()], {
        DATABRICKS_HOST: primary.url,
        DATABRICKS_TOKEN: primary.token,
      });
      expect(result.code).toBe(1);
      const last = result.stderr[result.stderr.length - 1];
      expect(last).toContain('(move them to a secret scope, or set --on-credentials redact)');
      expect(last).not.toContain('on-credentials:');
    });
  });
});
