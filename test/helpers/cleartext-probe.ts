/**
 * Run inside test/helpers/in-netns.sh (192.0.2.2 on the namespace's loopback): a workspace on a
 * non-loopback address over plain http, reached through connect() and the CLI. Prints one JSON line.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect } from '../../src/databricks/connect.js';
import { runCli } from '../../src/cli/run.js';
import { startEmulator } from '../../src/emulator/index.js';
import { parseSettings } from '../../src/settings.js';
import { MemoryLog } from '../../src/util/log.js';

const ADDRESS = '192.0.2.2';

async function main(): Promise<void> {
  // A bare TCP listener: it sees any byte sent to it, whether or not it is valid HTTP.
  const received: string[] = [];
  const listener = net.createServer((socket) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolve) => listener.listen(0, ADDRESS, resolve));
  const listenerUrl = `http://${ADDRESS}:${(listener.address() as net.AddressInfo).port}`;
  const emulator = await startEmulator({ host: ADDRESS });
  const env = { DATABRICKS_TOKEN: emulator.token };
  const settingsFor = (host: string, extra: Record<string, string> = {}) =>
    parseSettings((name) => ({ mode: 'plan', host, ...extra })[name], '/nonexistent');
  const out: Record<string, unknown> = { emulatorUrl: emulator.url };
  try {
    // 1. Refused: nothing may reach the listener.
    const refusedLog = new MemoryLog();
    try {
      const client = connect(settingsFor(listenerUrl, { token: 'dapi-probe-token' }), {
        env: {},
        log: refusedLog,
        homeDir: '/nonexistent',
      });
      await client.get('/api/2.0/preview/scim/v2/Me').catch(() => undefined);
      out.refused = null;
    } catch (error) {
      out.refused = (error as Error).message;
    }
    // 2. The CLI says it in its own words, and sends nothing either.
    const stderr: string[] = [];
    // An existing folder: the CLI refuses a --repo that does not exist before it looks at the host.
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'dr-cleartext-'));
    out.cliExit = await runCli(['plan', '--host', listenerUrl, '--repo', repo], {
      env: { DATABRICKS_TOKEN: 'dapi-probe-token' },
      stdout: () => undefined,
      stderr: (line) => stderr.push(line),
      isTTY: false,
      homeDir: '/nonexistent',
    });
    out.cliStderr = stderr.join('\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    out.receivedBeforeAllowed = received.join('');
    // 3. Allowed explicitly: the request is made (the token travels, as the user accepted) with a warning.
    const allowedLog = new MemoryLog();
    const allowed = connect(settingsFor(emulator.url, { 'allow-insecure-http': 'true' }), {
      env,
      log: allowedLog,
      homeDir: '/nonexistent',
    });
    const me = (await allowed.get('/api/2.0/preview/scim/v2/Me')) as { userName?: string };
    out.allowedUser = me.userName;
    out.allowedLog = allowedLog.text();
    out.emulatorRequests = emulator.requests.length;
  } finally {
    await emulator.stop();
    listener.close();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((error: unknown) => {
  process.stdout.write(JSON.stringify({ crashed: String((error as Error).stack ?? error) }) + '\n');
  process.exitCode = 1;
});
