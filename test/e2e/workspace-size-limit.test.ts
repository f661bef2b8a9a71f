import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MAX_CONTENT_BYTES } from '../../src/emulator/index.js';
import type { FailPathFault } from '../../src/emulator/faults.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * The Workspace API's 10 MB export limit, in every form the service answers it (evidence in
 * ApiError.isSizeLimit and test/fixtures/contract/workspace/): each such object is reported and skipped,
 * by export and by plan; any other refusal still fails the run.
 */
const OVER = Buffer.alloc(MAX_CONTENT_BYTES + 1, 'x');

/** Answers the export of one small notebook with one of the other forms of the size refusal. */
const sizeAnswers: Record<string, Omit<FailPathFault, 'match'>> = {
  'read-size': {
    status: 400,
    errorCode: 'MAX_READ_SIZE_EXCEEDED',
    message: 'Read size exceeds 10485760 bytes',
  },
  'error-info': {
    status: 400,
    body: JSON.stringify({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'The export is too large',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'MAX_NOTEBOOK_SIZE_EXCEEDED' },
      ],
    }),
  },
  legacy: { status: 400, errorCode: 'BAD_REQUEST', message: 'Size exceeds 10485760 bytes' },
  'notebook-code': {
    status: 400,
    errorCode: 'MAX_NOTEBOOK_SIZE_EXCEEDED',
    message: 'File size imported is 34974148 bytes), exceeded max size (10485760 bytes)',
  },
};

function faultsFor(root: string): FailPathFault[] {
  return Object.entries(sizeAnswers).map(([name, answer]) => ({
    match: `${root}/${name}`,
    methods: ['GET'],
    ...answer,
  }));
}

describe('objects over the 10 MB export limit', () => {
  test('export reports and skips each of them, whatever form the refusal takes, and keeps the rest', async () => {
    await withEmulators(async (primary) => {
      const ws = primary.state.workspace;
      ws.putFile('/Shared/big/huge.csv', OVER);
      ws.putNotebook('/Shared/big/huge-nb', 'PYTHON', OVER);
      ws.putNotebook('/Shared/big/small', 'PYTHON', 'print("small")');
      for (const name of Object.keys(sizeAnswers))
        ws.putNotebook(`/Shared/big/${name}`, 'PYTHON', 'print(1)');
      primary.faults.set({ failPaths: faultsFor('/Shared/big') });

      const dir = await tempDir();
      const result = await exportWorkspace(clientFor(primary), dir);

      const skipped = result.report.skipped.filter((s) => s.kind === 'workspace');
      expect(skipped.map((s) => s.key).sort()).toEqual(
        [...Object.keys(sizeAnswers), 'huge-nb', 'huge.csv'].map((n) => `/Shared/big/${n}`).sort(),
      );
      for (const s of skipped) expect(s.reason).toMatch(/over the Workspace API's 10 MB export limit/);
      const folder = path.join(dir, 'databricks/workspace/Shared/big');
      expect((await fs.readdir(folder)).sort()).toEqual(['small.py']);
    });
  });

  test('any other refusal of an export still fails it', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/big/other', 'PYTHON', 'print(1)');
      primary.faults.set({
        failPaths: [
          {
            match: '/Shared/big/other',
            methods: ['GET'],
            status: 400,
            errorCode: 'BAD_REQUEST',
            message: 'Invalid format',
          },
        ],
      });
      await expect(exportWorkspace(clientFor(primary), await tempDir())).rejects.toThrow(/Invalid format/);
    });
  });

  test('plan reads an oversized target object as unknown, whatever form the refusal takes', async () => {
    await withEmulators(async (primary, secondary) => {
      const names = Object.keys(sizeAnswers);
      for (const name of names)
        primary.state.workspace.putNotebook(`/Shared/big/${name}`, 'PYTHON', 'print(1)');
      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir);
      for (const name of names)
        secondary.state.workspace.putNotebook(`/Shared/big/${name}`, 'PYTHON', 'print(2)');
      secondary.faults.set({ failPaths: faultsFor('/Shared/big').map((f) => ({ ...f, times: 1 })) });

      const applied = await applySnapshot(clientFor(secondary), path.join(dir, 'databricks'), {
        dryRun: true,
      });
      expect(applied.failed).toBe(0);
      expect(
        applied.plan.changes
          .filter((c) => c.action !== 'no-op')
          .map((c) => [c.key, c.action])
          .sort(),
      ).toEqual(names.map((n) => [`/Shared/big/${n}`, 'update']).sort());
    });
  });
});
