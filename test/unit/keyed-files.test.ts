import { describe, expect, it } from '@jest/globals';
import { isKey, keyedFiles } from '../../src/snapshot/keyed-files.js';

const folder = (...files: string[]) => ({ filesUnder: () => files });

describe('the one reader of a folder of keyed files', () => {
  it('gives each file its key and the longest suffix its name ends with', () => {
    expect(
      keyedFiles(folder('etl.json', 'etl.schedule.json', 'etl_2.json'), 'jobs', ['.json', '.schedule.json']),
    ).toEqual([
      { source: 'jobs/etl.json', key: 'etl', suffix: '.json' },
      { source: 'jobs/etl.schedule.json', key: 'etl', suffix: '.schedule.json' },
      { source: 'jobs/etl_2.json', key: 'etl_2', suffix: '.json' },
    ]);
  });

  it('refuses any other file, naming it and what belongs there', () => {
    expect(() => keyedFiles(folder('a.txt'), 'global-init-scripts', ['.json', '.sh'])).toThrow(
      'global-init-scripts/a.txt: only <key>.json and <key>.sh files belong in global-init-scripts/',
    );
    expect(() => keyedFiles(folder('sub/a.json'), 'users')).toThrow(
      'users/sub/a.json: only <key>.json files belong in users/',
    );
    expect(() => keyedFiles(folder('a.b.json'), 'users')).toThrow(
      "users/a.b.json: 'a.b' is not a valid key (letters, digits, _ and -)",
    );
  });

  it('lenient: skips what it would refuse', () => {
    expect(keyedFiles(folder('a.b.json', 'x.txt', 'ok.json'), 'users', ['.json'], true)).toEqual([
      { source: 'users/ok.json', key: 'ok', suffix: '.json' },
    ]);
  });

  it('keys: letters, digits, _ and -, 1 to 128 of them', () => {
    expect(['a', 'A-b_9', 'x'.repeat(128)].every(isKey)).toBe(true);
    expect(['', 'a.b', 'a/b', 'x'.repeat(129), 'ä'].some(isKey)).toBe(false);
  });
});
