import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

/**
 * Issue 12 #9: the legacy databricks-cli's `dbfs cp` (0.15-0.18) uploads with a multipart `dbfs/put` whose
 * `overwrite` form field is Python's str(bool), `True`/`False` (databricks_cli/sdk/service.py
 * `DbfsService.put`, commit 21258ee, #371). The service accepts it; so must the emulator.
 */
describe('dbfs/put multipart, as the legacy CLI sends it', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  async function put(
    path: string,
    body: string,
    overwrite: string,
  ): Promise<{ status: number; json: unknown }> {
    const form = new FormData();
    form.append('path', path);
    form.append('overwrite', overwrite);
    form.append('file', new Blob([body]), 'setup.sh');
    const response = await fetch(`${emulator.url}/api/2.0/dbfs/put`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.token}` },
      body: form,
    });
    return { status: response.status, json: await response.json() };
  }

  const read = (path: string) => emulator.state.dbfs.entries.get(path)?.data.toString('utf8');

  it('overwrite True/False (and any case of true/false) is a boolean; anything else is refused', async () => {
    const path = '/databricks/init-scripts/legacy.sh';
    expect(await put(path, 'v1', 'False')).toEqual({ status: 200, json: {} });
    expect(read(path)).toBe('v1');
    const exists = await put(path, 'v2', 'False');
    expect(exists.status).toBe(400);
    expect(exists.json).toMatchObject({ error_code: 'RESOURCE_ALREADY_EXISTS' });
    expect(read(path)).toBe('v1');
    expect(await put(path, 'v3', 'True')).toEqual({ status: 200, json: {} });
    expect(read(path)).toBe('v3');
    expect(await put(path, 'v4', 'true')).toEqual({ status: 200, json: {} });
    expect(read(path)).toBe('v4');
    const bad = await put(path, 'v5', 'yes');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect(read(path)).toBe('v4');
  });
});
