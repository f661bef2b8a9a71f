import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { seedSample } from '../../src/emulator/sample-all.js';
import { runExport, type ExportResult } from '../../src/modes/export.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { readTree } from '../helpers/harness.js';

/** The demo's primary (workspace tree, compute, jobs) plus a few notebooks and files of our own. */
export function seedEveryKind(emulator: Emulator): void {
  seedSample(emulator);
  const ws = emulator.state.workspace;
  for (let i = 0; i < 12; i++)
    ws.putNotebook(
      `/Shared/reliability/nb_${i}`,
      'PYTHON',
      `print(${i})\n# COMMAND ----------\nx = ${i * 7}\n`,
    );
  ws.putFile('/Shared/reliability/data.csv', 'a,b\n1,2\n');
}

/** A client with short, real backoff and a chosen per-attempt timeout. */
export function fastClient(
  emulator: Emulator,
  options: {
    timeoutMs?: number;
    maxAttempts?: number;
    token?: string;
    log?: MemoryLog;
    concurrency?: number;
  } = {},
): DatabricksClient {
  return new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${options.token ?? emulator.token}` }) },
    concurrency: options.concurrency ?? 8,
    log: options.log,
    retry: { baseDelayMs: 5, maxDelayMs: 100, maxAttempts: options.maxAttempts ?? 12, budgetMs: 30_000 },
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

export const skipBookkeeping = (rel: string) => rel === '.export-state.json';

export async function snapshotTree(dir: string): Promise<Map<string, Buffer>> {
  return readTree(path.join(dir, 'databricks'), skipBookkeeping);
}

export async function gitLog(repo: string): Promise<string[]> {
  return (await simpleGit(repo).raw(['log', '--format=%H %s'])).trim().split('\n');
}

/** Every file of a folder, as text (for "the token is nowhere" checks); .git objects are compressed, so skipped. */
export async function allText(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else parts.push(await fs.readFile(full, 'utf8'));
    }
  };
  await walk(dir);
  return parts.join('\n');
}

/** An export that commits (no push) with `on-credentials: redact`; its result and its log. */
export async function exportRedacting(
  emulator: Emulator,
  repo: string,
): Promise<{ result: ExportResult; log: MemoryLog }> {
  const settings = parseSettings(
    (name) => ({ mode: 'export', commit: 'true', push: 'false', 'on-credentials': 'redact' })[name],
    repo,
  );
  const log = new MemoryLog();
  return { result: await runExport(settings, { client: fastClient(emulator), log }), log };
}
