import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/harness.js';
import { runProcess, type ProcessRun } from '../helpers/process.js';

function run(command: string, args: string[], cwd: string): Promise<ProcessRun> {
  return runProcess(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
}

/**
 * The package as npm would publish it: `npm pack`, then an install of that tarball into an empty folder with
 * no registry and an empty cache (the CLI is one bundle, so the package has nothing else to fetch), then the
 * installed `databricks-dr` run from there.
 */
describe('the npm package', () => {
  test('packs the bundled CLI with its licenses and no sources or tests; installs offline and runs', async () => {
    const base = await tempDir();
    const packed = await run('npm', ['pack', '--json', '--pack-destination', base], process.cwd());
    expect([packed.code, packed.stderr]).toEqual([0, expect.any(String)]);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = info.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'bin/databricks-dr.js',
        'dist/cli/index.js',
        'dist/cli/licenses.txt',
        'package.json',
      ]),
    );
    expect(files.filter((f) => !/^(bin|dist\/cli)\//.test(f))).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    const pkg = JSON.parse(await fs.readFile('package.json', 'utf8')) as {
      version: string;
      private?: boolean;
      dependencies?: Record<string, string>;
    };
    expect(pkg.private).toBeUndefined();
    // Everything the CLI imports is inside dist/cli/index.js: an install fetches nothing else.
    expect(pkg.dependencies ?? {}).toEqual({});
    const licenses = await fs.readFile('dist/cli/licenses.txt', 'utf8');
    for (const bundled of ['lossless-json', 'simple-git', 'picomatch']) expect(licenses).toContain(bundled);

    const prefix = path.join(base, 'install');
    await fs.mkdir(prefix);
    const installed = await run(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--cache',
        path.join(base, 'empty-cache'),
        path.join(base, info.filename),
      ],
      prefix,
    );
    expect([installed.code, installed.stderr]).toEqual([0, expect.any(String)]);

    const bin = path.join(prefix, 'node_modules', '.bin', 'databricks-dr');
    const help = await run(bin, ['--help'], prefix);
    expect(help.code).toBe(0);
    for (const command of ['export', 'plan', 'apply', 'verify'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    const version = await run(bin, ['--version'], prefix);
    expect([version.code, version.stdout.trim()]).toEqual([0, `databricks-dr ${pkg.version}`]);
  });
});
