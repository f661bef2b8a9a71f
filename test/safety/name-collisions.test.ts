import { SnapshotWriter } from '../../src/snapshot/store.js';

/**
 * Two workspace objects whose snapshot files a runner's file system stores as one: the second write
 * replaced the first without a word, and the snapshot committed lacked an object (which apply with prune
 * then deletes in the target). Case was handled; these were not.
 */
describe('names one file system stores as one file collide', () => {
  const real = process.platform;
  const on = (platform: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value: platform });
  afterEach(() => on(real));

  test.each<[NodeJS.Platform, string, string]>([
    ['darwin', 'workspace/Shared/Caf\u00e9.py', 'workspace/Shared/Cafe\u0301.py'],
    ['darwin', 'workspace/Shared/R\u00e9sum\u00e9/a.py', 'workspace/Shared/Re\u0301sume\u0301/b.py'],
    ['win32', 'workspace/Shared/report', 'workspace/Shared/report.'],
    ['win32', 'workspace/Shared/report', 'workspace/Shared/report .'],
    ['win32', 'workspace/Shared/dir/a.py', 'workspace/Shared/dir./b.py'],
  ])('on %s: %j and %j', (platform, first, second) => {
    on(platform);
    const out = new SnapshotWriter('/nonexistent');
    const folder = first.endsWith('a.py') && second.endsWith('b.py');
    if (folder) {
      expect(out.reserve(first.replace(/\/a\.py$/, ''), 'first', true)).toBeUndefined();
      expect(out.reserve(second.replace(/\/b\.py$/, ''), 'second', true)).toBeUndefined();
      // Two folders that are one: a file of the first and one of the same name in the second collide.
      expect(out.reserve(first, 'first')).toBeUndefined();
      expect(out.reserve(second.replace(/b\.py$/, 'a.py'), 'second')?.owner).toBe('first');
    } else {
      expect(out.reserve(first, 'first')).toBeUndefined();
      expect(out.reserve(second, 'second')?.owner).toBe('first');
    }
  });

  test('on linux the names stay apart', () => {
    on('linux');
    const out = new SnapshotWriter('/nonexistent');
    expect(out.reserve('workspace/Shared/Caf\u00e9.py')).toBeUndefined();
    expect(out.reserve('workspace/Shared/Cafe\u0301.py')).toBeUndefined();
    expect(out.reserve('workspace/Shared/report')).toBeUndefined();
    expect(out.reserve('workspace/Shared/report.')).toBeUndefined();
  });
});
