import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { connect } from '../../src/databricks/connect.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

/**
 * Issue 12 #8: http_timeout_seconds, retry_timeout_seconds and rate_limit (DATABRICKS_RATE_LIMIT), from a
 * profile or the environment, are honoured as the Go SDK does (databricks-sdk-go config/config.go).
 */
describe('client settings from the profile and the environment', () => {
  let emulator: Emulator;
  let home: string;
  const LIST = '/api/2.1/clusters/list';

  beforeAll(async () => {
    emulator = await startEmulator();
    home = await tempDir('dr-home-');
  });
  afterAll(() => emulator.stop());

  async function clientWith(profile: Record<string, string>, inputs: Record<string, string> = {}, env = {}) {
    const lines = Object.entries({ host: emulator.url, token: emulator.token, ...profile }).map(
      ([k, v]) => `${k} = ${v}`,
    );
    await fs.writeFile(path.join(home, '.databrickscfg'), `[DEFAULT]\n${lines.join('\n')}\n`);
    const log = new MemoryLog();
    const settings = parseSettings((name) => ({ mode: 'plan', ...inputs })[name], '/nonexistent');
    return { client: connect(settings, { env, log, homeDir: home }), log };
  }

  const failure = (work: Promise<unknown>) =>
    work.then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    );

  it('http_timeout_seconds bounds each attempt and retry_timeout_seconds all of them', async () => {
    emulator.faults.set({ hang: { match: LIST, ms: 8_000 } });
    try {
      const { client, log } = await clientWith({ http_timeout_seconds: '1', retry_timeout_seconds: '2' });
      expect(log.text()).toMatch(/Client settings: http_timeout_seconds 1 \(from profile \[DEFAULT\]/);
      const message = await failure(client.get(LIST));
      expect(message).toMatch(
        /no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s \(gave up after \d s of retries\)/,
      );

      // The timeout-seconds input wins over the profile.
      const input = await clientWith(
        { http_timeout_seconds: '1', retry_timeout_seconds: '1' },
        { 'timeout-seconds': '2' },
      );
      expect(await failure(input.client.get(LIST))).toMatch(/within 2 s/);
    } finally {
      emulator.faults.set({ hang: undefined });
    }
  }, 30_000);

  it('without them: 60 s per attempt, 5 minutes of retries (the Go SDK defaults), no rate limit', async () => {
    const { client, log } = await clientWith({});
    expect(log.text()).not.toContain('Client settings');
    const options = (
      client as unknown as { options: { timeoutMs: number; retry: { budgetMs: number }; rateLimit?: number } }
    ).options;
    expect(options.timeoutMs).toBe(60_000);
    expect(options.retry.budgetMs).toBe(300_000);
    expect(options.rateLimit).toBeUndefined();
  });

  it('a negative retry_timeout_seconds retries without a time limit, as the Go SDK', async () => {
    const { client } = await clientWith({ retry_timeout_seconds: '-1' });
    const options = (client as unknown as { options: { retry: { budgetMs: number } } }).options;
    expect(options.retry.budgetMs).toBe(Infinity);
  });

  // The margin is wide on purpose: requests paced at 2/s must reach the server five at once to exceed a
  // burst of 4, which needs the machine to stall the client for two seconds. A loaded CI runner bunches
  // a few requests; it does not make pacing wrong.
  it('DATABRICKS_RATE_LIMIT paces every request: a workspace allowing 5/s throttles nothing at 2/s', async () => {
    emulator.faults.set({ rateLimit: { rps: 5, burst: 4 } });
    try {
      const unpaced = await clientWith({});
      await Promise.all(Array.from({ length: 8 }, () => unpaced.client.get(LIST)));
      expect(unpaced.client.stats.throttled).toBeGreaterThan(0);

      // A fresh bucket: the unpaced client's last retries emptied this one, so the paced client's first
      // request would be refused for what the other client did.
      emulator.faults.set({ rateLimit: { rps: 5, burst: 4 } });
      const paced = await clientWith({}, {}, { DATABRICKS_RATE_LIMIT: '2' });
      expect(paced.log.text()).toContain('Client settings: rate_limit 2 (from DATABRICKS_RATE_LIMIT)');
      await Promise.all(Array.from({ length: 8 }, () => paced.client.get(LIST)));
      expect(paced.client.stats.throttled).toBe(0);
      expect(paced.client.stats.requests).toBe(8);

      // From the profile too.
      const profiled = await clientWith({ rate_limit: '3' });
      expect(profiled.log.text()).toContain('rate_limit 3 (from profile [DEFAULT]');
    } finally {
      emulator.faults.set({ rateLimit: undefined });
    }
  }, 30_000);
});
