import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { seedSample } from '../../src/emulator/sample-all.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { mapSampleStorage } from '../helpers/uc.js';

test("permissions: none reads no ACL, keeps the recorded grants, and apply leaves the target's alone", async () => {
  await withEmulators(async (primary, secondary) => {
    seedSample(primary);
    const dir = await tempDir();
    await exportWorkspace(clientFor(primary), dir);
    const file = path.join(dir, 'databricks/permissions/workspace.json');
    const recorded = await fs.readFile(file, 'utf8');
    expect(recorded).toContain('data-engineers');

    // A grant changes in the primary; a run without permissions neither reads nor records it.
    const folder = primary.state.workspace.get('/Shared/Onboarding');
    primary.state.permissions.direct('directories', String(folder?.object_id), () => []).clear();
    primary.clearRequests();
    const quick = await exportWorkspace(clientFor(primary), dir, { permissions: 'none' });
    expect(primary.requests.filter((r) => r.path.startsWith('/api/2.0/permissions/'))).toEqual([]);
    expect(await fs.readFile(file, 'utf8')).toBe(recorded);
    expect(quick.report.warnings.map((w) => w.kind)).toContain('permissions');

    // The next full export records it.
    await exportWorkspace(clientFor(primary), dir);
    expect(await fs.readFile(file, 'utf8')).not.toContain('Shared/Onboarding');

    await mapSampleStorage(path.join(dir, 'databricks'));
    secondary.clearRequests();
    const applied = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'), {
      permissions: 'none',
    });
    expect(applied.failed).toBe(0);
    expect(secondary.requests.filter((r) => r.path.startsWith('/api/2.0/permissions/'))).toEqual([]);
  });
});
