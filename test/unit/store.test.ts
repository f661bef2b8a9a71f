import { SnapshotWriter } from '../../src/snapshot/store.js';

describe('SnapshotWriter.reserve: one place, one object', () => {
  test.each([
    ['the same file twice', [['w/a.py', false]], 'w/a.py', false, 'w/a.py'],
    ['a file where a folder is', [['w/a.py', true]], 'w/a.py', false, 'w/a.py'],
    ['a folder where a file is', [['w/a.py', false]], 'w/a.py', true, 'w/a.py'],
    ['a file under a file', [['w/a.py', false]], 'w/a.py/x.py', false, 'w/a.py'],
    ['a file where files are under', [['w/a.py/x.py', false]], 'w/a.py', false, 'w/a.py/x.py'],
    ['a folder twice is one folder', [['w/d', true]], 'w/d', true, undefined],
    ['a file in a reserved folder', [['w/d', true]], 'w/d/x', false, undefined],
    ['siblings', [['w/a', false]], 'w/b', false, undefined],
  ] as Array<[string, Array<[string, boolean]>, string, boolean, string | undefined]>)(
    '%s',
    (_, earlier, rel, folder, collidesWith) => {
      const out = new SnapshotWriter('/nonexistent');
      for (const [r, f] of earlier) expect(out.reserve(r, r, f)).toBeUndefined();
      expect(out.reserve(rel, rel, folder)?.owner).toBe(collidesWith);
    },
  );
});
