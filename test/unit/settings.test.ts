import { parseSettings, parseList } from '../../src/settings.js';

const lookup = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('settings', () => {
  test('defaults', () => {
    const s = parseSettings(lookup({ mode: 'export' }), '/repo');
    expect(s).toMatchObject({
      mode: 'export',
      snapshotPath: 'databricks',
      workspacePaths: ['/'],
      exclude: [],
      commit: true,
      push: true,
      concurrency: 8,
      repoDir: '/repo',
    });
  });

  test('lists, booleans, host normalization', () => {
    const s = parseSettings(
      lookup({
        mode: 'EXPORT',
        host: 'adb-1.2.azuredatabricks.net/',
        'workspace-paths': '/Users\n/Shared, /Repos, /Users/a@b.com/etl, /Workspace/Shared/',
        exclude: '/Users/*/scratch/**\n# comment\n',
        push: 'false',
        path: './dr/snap/',
      }),
      '/r',
    );
    expect(s.connection.host).toBe('https://adb-1.2.azuredatabricks.net');
    expect(s.workspacePaths).toEqual(['/Users', '/Shared', '/Repos']);
    expect(s.exclude).toEqual(['/Users/*/scratch/**']);
    expect(s.push).toBe(false);
    expect(s.snapshotPath).toBe('dr/snap');
  });

  test.each([
    [{}, /Input 'mode' is required/],
    [{ mode: 'restore' }, /Input 'mode' must be export, plan, apply or verify, got 'restore'/],
    [
      { mode: 'export', concurrency: 'many' },
      /Input 'concurrency' must be a whole number from 1 to 64, got 'many'/,
    ],
    [{ mode: 'export', concurrency: '0' }, /Input 'concurrency'/],
    [{ mode: 'export', commit: 'yes please' }, /Input 'commit' must be true or false, got 'yes please'/],
    [{ mode: 'export', path: '../outside' }, /Input 'path' must be a path inside the repository/],
    [{ mode: 'export', path: '/abs' }, /Input 'path'/],
    [{ mode: 'export', path: '.git' }, /Input 'path'/],
    [
      { mode: 'export', path: '.' },
      /^Input 'path' must be a path inside the repository like 'databricks' \(not the repository itself\), got '\.'$/,
    ],
    [{ mode: 'export', path: './' }, /Input 'path' .*\(not the repository itself\), got '\.\/'$/],
    [{ mode: 'export', path: 'a/../..' }, /Input 'path' .*\(no '\.' or '\.\.'\), got 'a\/\.\.\/\.\.'$/],
    [{ mode: 'export', path: 'snap/./x' }, /Input 'path' .*\(no '\.' or '\.\.'\)/],
    [{ mode: 'export', path: 'snap\\..\\..' }, /Input 'path' .*\(no '\.' or '\.\.'\)/],
    [{ mode: 'export', path: '/etc/dr' }, /Input 'path' .*\(not an absolute path\), got '\/etc\/dr'$/],
    [{ mode: 'export', path: '/' }, /Input 'path' .*\(not an absolute path\)/],
    [{ mode: 'export', path: 'C:\\dr' }, /Input 'path' .*\(not an absolute path\)/],
    [{ mode: 'export', path: 'x/.GIT/hooks' }, /Input 'path' .*\(not inside '\.git'\)/],
    [
      { mode: 'plan', 'plan-file': '../plan.json' },
      /Input 'plan-file' must be a path inside the repository like 'plan\.json'/,
    ],
    [
      { mode: 'plan', 'plan-file': 'databricks/jobs/nightly.json' },
      /^Input 'plan-file' must be outside the snapshot folder 'databricks' \(a plan must not replace a snapshot file\), got 'databricks\/jobs\/nightly\.json'$/,
    ],
    [
      { mode: 'plan', path: 'dr/snap', 'plan-file': './DR/Snap' },
      /^Input 'plan-file' must be outside the snapshot folder 'dr\/snap'/,
    ],
    [
      { mode: 'export', 'workspace-paths': 'Users' },
      /Input 'workspace-paths' must hold absolute workspace paths/,
    ],
    [{ mode: 'export', host: 'ftp://x' }, /Input 'host' must be an https:\/\/ workspace URL/],
  ])('%j is refused', (inputs, message) => {
    expect(() => parseSettings(lookup(inputs as Record<string, string>), '/r')).toThrow(message);
  });

  test.each([
    ['dr/snap', 'dr/snap'],
    ['./dr//snap/', 'dr/snap'],
    ['snap[1]*', 'snap[1]*'],
    ['.databricks', '.databricks'],
    ['a\\b', 'a/b'],
  ])('path %j -> %j', (path, snapshotPath) => {
    expect(parseSettings(lookup({ mode: 'export', path }), '/r').snapshotPath).toBe(snapshotPath);
  });

  test('parseList', () => {
    expect(parseList(' a, b\n\nc ,#x')).toEqual(['a', 'b', 'c']);
  });
});
