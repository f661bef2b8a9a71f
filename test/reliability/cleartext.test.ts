import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { isLoopback } from '../../src/databricks/connect.js';

/**
 * Issue 13 #8: plain http to a host that is not loopback would carry the bearer token in clear text. The
 * probe runs in a private network namespace (test/helpers/in-netns.sh) where 192.0.2.2 is a local,
 * non-loopback address, so the refusal is tested against a host that really listens there.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const NETNS = path.join(ROOT, 'test/helpers/in-netns.sh');
const available = spawnSync(NETNS, ['true']).status === 0;

describe('plain http', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['LOCALHOST.', true],
    ['[::1]', true],
    ['[::ffff:7f00:1]', true],
    ['192.0.2.2', false],
    ['10.0.0.1', false],
    ['127.0.0.1.example.com', false],
    ['localhost.example.com', false],
    ['[::2]', false],
  ])('isLoopback(%j) is %j', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });

  (available ? it : it.skip)(
    `to a non-loopback host is refused before any byte is sent, unless allow-insecure-http${available ? '' : ' (skipped: no network namespace can be made here)'}`,
    () => {
      const run = spawnSync(NETNS, ['node', '--import', 'tsx', 'test/helpers/cleartext-probe.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      expect(out.crashed).toBeUndefined();
      expect(out.refused).toMatch(
        /^Refusing to send credentials in clear text to http:\/\/192\.0\.2\.2:\d+ \(from input 'host'\): use https:\/\/, or allow it with input 'allow-insecure-http'/,
      );
      expect(out.cliExit).toBe(1);
      expect(out.cliStderr).toMatch(
        /clear text to http:\/\/192\.0\.2\.2:\d+ \(from --host\).*--allow-insecure-http/,
      );
      expect(out.receivedBeforeAllowed).toBe('');
      expect(out.allowedUser).toBe('admin@example.com');
      expect(out.allowedLog).toContain('warning: Sending credentials in clear text to http://192.0.2.2:');
      expect(out.emulatorRequests).toBe(1);
    },
  );
});
