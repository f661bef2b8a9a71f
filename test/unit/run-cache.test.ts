import { describe, expect, it } from '@jest/globals';
import { RunCache } from '../../src/resources/kind.js';
import { slot } from '../../src/util/memo.js';

describe('RunCache', () => {
  const COUNT = slot<{ n: number }>('count');
  const READ = slot<Promise<string>>('read');
  const SEEN = slot<Set<string>>('seen');

  it('makes a value once per run, and each run its own', () => {
    const a = new RunCache();
    const b = new RunCache();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(a.get(COUNT, make)).toBe(a.get(COUNT, make));
    expect(b.get(COUNT, make)).toEqual({ n: 2 });
    expect(a.get(COUNT, make)).toEqual({ n: 1 });
    expect(new RunCache().peek(COUNT)).toBeUndefined();
  });

  it('forgets a failed read, so that the next caller reads again, and keeps a good one', async () => {
    const run = new RunCache();
    await expect(run.read(READ, () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(run.peek(READ)).toBeUndefined();
    await expect(run.read(READ, () => Promise.resolve('directory'))).resolves.toBe('directory');
    await expect(run.read(READ, () => Promise.resolve('read again'))).resolves.toBe('directory');
  });

  it('says a thing once per run', () => {
    const plan = new RunCache();
    expect(plan.firstTime(SEEN, 'job\0alice')).toBe(true);
    expect(plan.firstTime(SEEN, 'job\0alice')).toBe(false);
    expect(plan.firstTime(SEEN, 'job\0bob')).toBe(true);
    expect(new RunCache().firstTime(SEEN, 'job\0alice')).toBe(true);
  });
});
