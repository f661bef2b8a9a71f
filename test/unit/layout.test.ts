import {
  decodeSegment,
  encodeSegment,
  exportRoots,
  extensionOf,
  fileForObject,
  languageOfExtension,
  normalizeWorkspacePath,
  objectForFile,
  isUnder,
} from '../../src/snapshot/layout.js';

const nb = (language: 'PYTHON' | 'SQL' | 'SCALA' | 'R') => ({ type: 'NOTEBOOK' as const, language });

describe('language <-> extension', () => {
  test.each([
    ['PYTHON', '.py'],
    ['SQL', '.sql'],
    ['SCALA', '.scala'],
    ['R', '.r'],
  ] as const)('%s <-> %s', (language, ext) => {
    expect(extensionOf(language)).toBe(ext);
    expect(languageOfExtension(ext)).toBe(language);
  });
  test('upper-case .R is R, others are not notebooks', () => {
    expect(languageOfExtension('.R')).toBe('R');
    expect(languageOfExtension('.txt')).toBeUndefined();
    expect(languageOfExtension('.ipynb')).toBeUndefined();
    expect(languageOfExtension('')).toBeUndefined();
  });
});

describe('workspace path -> snapshot file', () => {
  test.each([
    ['/Users/a@b.com/etl/daily', nb('PYTHON'), 'workspace/Users/a@b.com/etl/daily.py'],
    ['/Users/a@b.com/etl/report', nb('SQL'), 'workspace/Users/a@b.com/etl/report.sql'],
    ['/Shared/x', nb('SCALA'), 'workspace/Shared/x.scala'],
    ['/Shared/model', nb('R'), 'workspace/Shared/model.r'],
    ['/Shared/data.csv', { type: 'FILE' as const }, 'workspace/Shared/data.csv'],
    ['/Shared/helpers.py', { type: 'FILE' as const }, 'workspace/Shared/helpers.py'],
    ['/Shared/empty', { type: 'DIRECTORY' as const }, 'workspace/Shared/empty/.databricks-dr-dir'],
    ['/Users/chloé/データ 分析', nb('PYTHON'), 'workspace/Users/chloé/データ 分析.py'],
    ['/Shared/100%', { type: 'FILE' as const }, 'workspace/Shared/100%25'],
    ['/Shared/.git', { type: 'DIRECTORY' as const }, 'workspace/Shared/%2Egit/.databricks-dr-dir'],
    ['/Shared/.GIT', { type: 'FILE' as const }, 'workspace/Shared/%2EGIT'],
    ['/Shared/gi/.gitignore', { type: 'FILE' as const }, 'workspace/Shared/gi/%2Egitignore'],
    ['/Shared/.gitattributes', { type: 'FILE' as const }, 'workspace/Shared/%2Egitattributes'],
    ['/Shared/.gitmodules', { type: 'FILE' as const }, 'workspace/Shared/%2Egitmodules'],
    [
      '/Shared/.GitIgnore',
      { type: 'DIRECTORY' as const },
      'workspace/Shared/%2EGitIgnore/.databricks-dr-dir',
    ],
    ['/Shared/.gitignore', nb('PYTHON'), 'workspace/Shared/%2Egitignore.py'],
    ['/Shared/x.gitignore', { type: 'FILE' as const }, 'workspace/Shared/x.gitignore'],
  ])('%s', (path, kind, file) => {
    expect(fileForObject(path, kind)).toBe(file);
  });

  test('rejects paths no workspace has', () => {
    expect(() => fileForObject('relative/x', { type: 'FILE' })).toThrow(/absolute/);
    expect(() => fileForObject('/a/../b', { type: 'FILE' })).toThrow(/\.\./);
    expect(() => fileForObject('/', { type: 'FILE' })).toThrow(/root/);
  });
});

describe('snapshot file -> workspace object', () => {
  const py = Buffer.from('# Databricks notebook source\nprint(1)');
  test.each([
    ['Users/a/daily.py', py, '/Users/a/daily', 'NOTEBOOK'],
    ['Users/a/helpers.py', Buffer.from('def f(): pass\n'), '/Users/a/helpers.py', 'FILE'],
    ['Users/a/q.sql', Buffer.from('-- Databricks notebook source\nselect 1'), '/Users/a/q', 'NOTEBOOK'],
    ['Users/a/q.sql', py, '/Users/a/q.sql', 'FILE'],
    [
      'Users/a/s.scala',
      Buffer.from('// Databricks notebook source exported at Tue, 23 Feb 2016\n1'),
      '/Users/a/s',
      'NOTEBOOK',
    ],
    ['Users/a/m.r', Buffer.from('# Databricks notebook source\r\nx <- 1'), '/Users/a/m', 'NOTEBOOK'],
    ['Users/a/data.csv', Buffer.from('a,b\n'), '/Users/a/data.csv', 'FILE'],
    ['Users/a/empty/.databricks-dr-dir', Buffer.alloc(0), '/Users/a/empty', 'DIRECTORY'],
    ['Shared/%2Egit/x.txt', Buffer.from('x'), '/Shared/.git/x.txt', 'FILE'],
    ['Shared/100%25', Buffer.from('x'), '/Shared/100%', 'FILE'],
    ['Shared/gi/%2Egitignore', Buffer.from('*.csv\n'), '/Shared/gi/.gitignore', 'FILE'],
    ['Shared/%2Egitattributes', Buffer.from('* text\n'), '/Shared/.gitattributes', 'FILE'],
    ['Shared/%2Egitmodules', Buffer.from(''), '/Shared/.gitmodules', 'FILE'],
    // Snapshots written before these names were encoded still read back.
    ['Shared/gi/.gitignore', Buffer.from('*.csv\n'), '/Shared/gi/.gitignore', 'FILE'],
  ])('%s', (rel, content, path, type) => {
    const o = objectForFile(rel, content);
    expect(o.path).toBe(path);
    expect(o.kind.type).toBe(type);
  });

  test('round trip for odd names', () => {
    for (const name of [
      'a%b',
      '.git',
      '.databricks-dr-dir',
      'x.y.z',
      '%2E',
      'ü',
      '.gitignore',
      '.GITATTRIBUTES',
      '.gitmodules',
      '%2Egitignore',
    ]) {
      expect(decodeSegment(encodeSegment(name))).toBe(name);
    }
  });
});

describe('workspace paths', () => {
  test.each([
    ['/Workspace/Users/a', '/Users/a'],
    ['//Users//a/', '/Users/a'],
    ['/Workspace', '/'],
    ['/', '/'],
    ['Users/a', '/Users/a'],
  ])('%s -> %s', (input, output) => expect(normalizeWorkspacePath(input)).toBe(output));

  test.each([
    [['/Users', '/Users/a@b.com/etl'], ['/Users']],
    [['/Users/a@b.com/etl', '/Workspace/Users/'], ['/Users']],
    [
      ['/Shared', '/Users', '/Shared/'],
      ['/Shared', '/Users'],
    ],
    [
      ['/Users/ab', '/Users/a'],
      ['/Users/ab', '/Users/a'],
    ],
    [['/Repos', '/'], ['/']],
  ])('roots %j -> %j', (input, output) => expect(exportRoots(input)).toEqual(output));

  test('isUnder', () => {
    expect(isUnder('/Users/a/b', '/Users/a')).toBe(true);
    expect(isUnder('/Users/a', '/Users/a')).toBe(true);
    expect(isUnder('/Users/ab', '/Users/a')).toBe(false);
    expect(isUnder('/anything', '/')).toBe(true);
  });
});
