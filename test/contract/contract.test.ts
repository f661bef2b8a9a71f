import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson } from '../../src/util/json.js';
import { tempDir } from '../helpers/harness.js';
import { differences, loadFixtures, substitute } from './contract.js';

/** The replay helper itself: a matcher that let everything through would make the contract suite vacuous. */
describe('contract helper', () => {
  test('the recorded body is a subset: missing, different and extra-length values are reported', () => {
    const got = parseJson('{"a":1,"b":{"c":"x","d":[1,2]},"e":"extra"}');
    expect(differences(parseJson('{"a":1,"b":{"c":"x"}}'), got)).toEqual([]);
    expect(differences(parseJson('{"a":2}'), got)).toEqual(['$.a: 1, recorded 2']);
    expect(differences(parseJson('{"z":1}'), got)).toEqual(['$.z: missing, recorded 1']);
    expect(differences(parseJson('{"b":{"d":[1]}}'), got)).toEqual(['$.b.d: 2 elements, recorded 1']);
  });

  test('ignore still requires presence; messagePattern replaces the message; absent refuses a field', () => {
    const got = parseJson('{"id":7,"message":"Job 12 does not exist.","has_more":true,"l":[{"t":1}]}');
    expect(differences(parseJson('{"id":1,"l":[{"t":5}]}'), got, { ignore: ['$.id', '$.l[*].t'] })).toEqual(
      [],
    );
    expect(differences(parseJson('{"x":1}'), got, { ignore: ['$.x'] })).toEqual(['$.x: missing']);
    expect(
      differences(parseJson('{"message":"?"}'), got, { messagePattern: '^Job \\d+ does not exist' }),
    ).toEqual([]);
    expect(differences(parseJson('{}'), got, { absent: ['$.has_more', '$.nope'] })).toEqual([
      '$.has_more: recorded absent, got true',
    ]);
  });

  test('contains: recorded elements in any order among others, each matching a distinct one', () => {
    const got = parseJson('{"l":[{"n":"a","v":[1]},{"n":"b","v":[2]},{"n":"c","v":[3]}]}');
    const match = { contains: ['$.l'] };
    expect(differences(parseJson('{"l":[{"n":"c","v":[3]},{"n":"a"}]}'), got, match)).toEqual([]);
    expect(differences(parseJson('{"l":[{"n":"a","v":[2]}]}'), got, match)).toEqual([
      '$.l: no element matches recorded [0] {"n":"a","v":[2]}',
    ]);
    expect(differences(parseJson('{"l":[{"n":"a"},{"n":"a"}]}'), got, match)).toHaveLength(1);
  });

  test('int64 ids beyond 2^53 compare digit for digit and placeholders keep their type', () => {
    const answers = [parseJson('{"job_id":9007199254740993,"o":{"p":"q"}}')];
    expect(substitute('${seed[0].job_id}', answers)).toBe(9007199254740993n);
    expect(substitute('/jobs/${seed[0].job_id}/${seed[0].o.p}', answers)).toBe('/jobs/9007199254740993/q');
    expect(
      differences(parseJson('{"j":9007199254740993}'), parseJson('{"j":9007199254740992}')),
    ).toHaveLength(1);
    expect(() => substitute('${seed[1].job_id}', answers)).toThrow(/seed\[1\]/);
  });

  test('a fixture without its sidecar is loaded with no source, which the replay suite fails', async () => {
    const dir = await tempDir('contract-');
    await fs.mkdir(path.join(dir, 'a'));
    const fixture = { description: 'd', request: { method: 'GET', path: '/x' }, response: { status: 200 } };
    await fs.writeFile(path.join(dir, 'a', 'f.json'), JSON.stringify(fixture));
    await fs.writeFile(path.join(dir, 'a', 'g.json'), JSON.stringify(fixture));
    await fs.writeFile(path.join(dir, 'a', 'g.source.txt'), 'Repository: x');
    const loaded = await loadFixtures(dir);
    expect(loaded.map((l) => [l.name, l.source !== undefined])).toEqual([
      ['a/f.json', false],
      ['a/g.json', true],
    ]);
    await fs.writeFile(path.join(dir, 'a', 'f.json'), '{"request":{}}');
    await expect(loadFixtures(dir)).rejects.toThrow(/a\/f.json: no "description"/);
  });
});
