import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { diffJson } from '../../src/plan/diff.js';
import { resolveRefs } from '../../src/plan/references.js';
import { parseJson, sortKeys, stableJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { applyJobs, jobsByName, writes } from '../jobs/helpers.js';

/**
 * Issue 13 item 10: `__proto__` and `constructor` are ordinary keys in JSON (a notebook parameter, a tag).
 * Assigning one to a plain object sets its prototype instead of a key, and reading `constructor` of a plain
 * object finds Object: the key was lost on every write and shown as a change on every plan.
 */
const SETTINGS = `{
  "name": "Proto",
  "tags": {"constructor": "tag", "__proto__": "tag2"},
  "tasks": [{
    "task_key": "run",
    "notebook_task": {
      "notebook_path": "/Shared/etl",
      "base_parameters": {"__proto__": "p", "constructor": "c", "toString": "t", "hasOwnProperty": "h"}
    }
  }]
}`;

describe('__proto__ and constructor keys', () => {
  it('round-trip: export keeps them, apply writes them, the second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      await clientFor(primary).post('/api/2.2/jobs/create', parseJson(SETTINGS));
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
      const dir = path.join(repo, 'databricks');
      const file = parseJson(await fs.readFile(path.join(dir, 'jobs/proto.json'), 'utf8')) as JsonObject;
      const task = (file.tasks as JsonObject[])[0].notebook_task as JsonObject;
      expect(Object.keys(task.base_parameters as JsonObject).sort()).toEqual([
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
      ]);
      expect(Object.keys(file.tags as JsonObject).sort()).toEqual(['__proto__', 'constructor']);

      const first = await applyJobs(clientFor(secondary), dir);
      expect(first.failed).toBe(0);
      const restored = jobsByName(secondary).get('Proto')?.settings as JsonObject;
      const params = ((restored.tasks as JsonObject[])[0].notebook_task as JsonObject)
        .base_parameters as JsonObject;
      expect(Object.getOwnPropertyNames(params).sort()).toEqual([
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
      ]);

      secondary.clearRequests();
      const second = await applyJobs(clientFor(secondary), dir);
      expect(second.plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('diff, resolve and sort keep them as keys and pollute nothing', () => {
    const value = parseJson(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "a": "${resources.jobs.x.id}"}',
    ) as JsonObject;
    expect(diffJson(value, value)).toEqual([]);
    expect(diffJson({}, parseJson('{"constructor": "c"}'))).toEqual([{ path: 'constructor', after: 'c' }]);
    expect(diffJson(parseJson('{"__proto__": "a"}'), parseJson('{"__proto__": "b"}'))).toEqual([
      { path: '__proto__', before: 'a', after: 'b' },
    ]);
    const resolved = resolveRefs(value, () => 7).value as JsonObject;
    expect(Object.getOwnPropertyNames(resolved).sort()).toEqual(['__proto__', 'a', 'constructor']);
    expect(Object.getPrototypeOf(resolved)).not.toHaveProperty('polluted');
    expect(Object.getOwnPropertyNames(sortKeys(value) as object).sort()).toEqual([
      '__proto__',
      'a',
      'constructor',
    ]);
    expect(stableJson(value)).toContain('"__proto__": {');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
