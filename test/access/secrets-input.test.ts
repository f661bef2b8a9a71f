import { seedSample } from '../../src/emulator/sample-all.js';
import { runPlanOrApply } from '../../src/modes/restore.js';
import { closestSecretName } from '../../src/resources/secret-scopes.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import * as path from 'node:path';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { mapSampleStorage } from '../helpers/uc.js';

describe('secrets input names that match no secret of the snapshot', () => {
  test.each<[string, string | undefined]>([
    ['etl/storage_account_key', 'etl/storage-account-key'],
    ['ETL/JDBC-PASSWORD', 'etl/jdbc-password'],
    ['etl/jdbc-pasword', 'etl/jdbc-password'],
    ['etl2/jdbc-password', 'etl/jdbc-password'],
    ['etl/api-token', undefined],
    ['other/key', undefined],
  ])('%s -> %s', (name, close) => {
    expect(closestSecretName(name, ['etl/jdbc-password', 'etl/storage-account-key', 'app/token'])).toBe(
      close,
    );
  });

  test('apply warns in the log and the summary, names the closest key, never prints a value', async () => {
    await withEmulators(async (primary, secondary) => {
      seedSample(primary);
      const repo = await tempDir();
      await exportWorkspace(clientFor(primary), repo);
      await mapSampleStorage(path.join(repo, 'databricks'));
      const secrets = {
        'etl/storage_account_key': 'value-one-Xq1',
        'nowhere/thing': 'value-two-Xq2',
        'etl/jdbc-password': 'value-three-Xq3',
      };
      const settings = parseSettings(
        (name) => ({ mode: 'apply', secrets: JSON.stringify(secrets) })[name],
        repo,
      );
      const log = new MemoryLog();
      const result = await runPlanOrApply(settings, { client: clientFor(secondary), log });
      expect(result.failed).toBe(0);
      const warnings = log
        .text()
        .split('\n')
        .filter((l) => l.startsWith('warning: secrets input'));
      expect(warnings).toEqual([
        "warning: secrets input: 'etl/storage_account_key' names no secret in the snapshot (did you mean 'etl/storage-account-key'?); its value is not used",
        "warning: secrets input: 'nowhere/thing' names no secret in the snapshot; its value is not used",
      ]);
      expect(result.report.warnings.map((w) => w.key)).toEqual(
        expect.arrayContaining(['etl/storage_account_key', 'nowhere/thing']),
      );
      expect(log.text()).not.toMatch(/Xq[123]/);
      expect(JSON.stringify(result.report)).not.toMatch(/Xq[123]/);
      // The right name is put; the mistyped one is not put under either name.
      expect(secondary.state.secrets.value('etl', 'jdbc-password')).toBe('value-three-Xq3');
      expect(secondary.state.secrets.value('etl', 'storage-account-key')).toBeUndefined();
    });
  });
});
