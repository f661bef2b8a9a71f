import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { fieldKey, lineOf } from '../../src/snapshot/source.js';
import { seedClusterAndJob } from '../helpers/seed-job.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** A primary with a cluster and a job on it, exported: the job file references the cluster. */
async function snapshotWithJob(primary: Emulator): Promise<string> {
  seedClusterAndJob(primary, '/Shared/report');
  const dir = await tempDir();
  await exportWorkspace(clientFor(primary), dir);
  return path.join(dir, 'databricks');
}

/** Replaces `from` with `to` in a snapshot file; returns the 1-based line where it is. */
async function edit(snapshot: string, rel: string, from: string, to: string): Promise<number> {
  const file = path.join(snapshot, rel);
  const text = await fs.readFile(file, 'utf8');
  expect(text).toContain(from);
  const line = text.split('\n').findIndex((l) => l.includes(from)) + 1;
  await fs.writeFile(file, text.replace(from, to));
  return line;
}

describe('snapshot errors name the file and the line', () => {
  test('an unresolved reference, a malformed reference and a type error', async () => {
    await withEmulators(async (primary, secondary) => {
      const good = await snapshotWithJob(primary);
      const refused = async (snapshot: string, message: string) => {
        secondary.clearRequests();
        await expect(applySnapshot(clientFor(secondary), snapshot)).rejects.toThrow(message);
        expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      };
      const copy = async () => {
        const dir = path.join(await tempDir(), 'databricks');
        await fs.cp(good, dir, { recursive: true });
        return dir;
      };
      const jobFile = 'jobs/nightly.json';

      const unresolved = await copy();
      const line = await edit(unresolved, jobFile, 'clusters.shared_etl', 'clusters.no_such_cluster');
      expect(line).toBeGreaterThan(1);
      await refused(
        unresolved,
        `1 unresolved reference(s), nothing applied: ${jobFile}:${line}: \${resources.clusters.no_such_cluster.id} is neither in the snapshot nor in the target`,
      );

      const malformed = await copy();
      const at = await edit(malformed, jobFile, 'clusters.shared_etl.id', 'clusters.shared etl.id');
      await refused(
        malformed,
        `${jobFile}:${at}: malformed reference '\${resources.clusters.shared etl.id}'`,
      );

      const wrongType = await copy();
      const typed = await edit(
        wrongType,
        'clusters/shared_etl.json',
        '"cluster_name": "shared-etl"',
        '"cluster_name": 42',
      );
      expect(typed).toBeGreaterThan(1);
      await refused(wrongType, `clusters/shared_etl.json:${typed}: 'cluster_name' is required`);

      // A job with its schedule in the main file: the line of the field.
      const scheduled = await copy();
      const where = await edit(
        scheduled,
        jobFile,
        '"max_concurrent_runs": 1',
        '"max_concurrent_runs": 1,\n  "schedule": { "quartz_cron_expression": "0 0 1 * * ?", "timezone_id": "UTC" }',
      );
      await refused(scheduled, `${jobFile}:${where + 1}: 'schedule' belongs in the .schedule.json file`);
    });
  });

  test('lineOf and fieldKey', () => {
    const text = '{\n  "name": "x",\n  "members": {\n    "users": 3\n  }\n}\n';
    expect(lineOf(text, '"members"')).toBe(3);
    expect(lineOf(text, 'absent')).toBeUndefined();
    expect(lineOf(text, fieldKey("'members.users' must be a list of names") ?? 'x')).toBe(4);
    expect(lineOf(text, fieldKey("a job needs a 'name'") ?? 'x')).toBe(2);
    expect(fieldKey('unknown field(s) color, size')?.source).toBe('"color"\\s*:');
    expect(fieldKey('must hold a JSON object')).toBeUndefined();
  });
});
