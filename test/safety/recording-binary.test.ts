import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiRecorder } from '../../src/record/api-recorder.js';
import { MaskingLog, silentLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const PAT = ['da', 'pi', '0123456789abcdef0123456789abcdef'].join('');

async function record(exchange: Parameters<ApiRecorder['observer']>[0]): Promise<string> {
  const dir = await tempDir();
  const recorder = new ApiRecorder(dir, { mask: (t) => new MaskingLog(silentLog).mask(t) });
  recorder.observer(exchange);
  recorder.close();
  const [file] = await fs.readdir(dir);
  return fs.readFile(path.join(dir, file), 'utf8');
}

/** Every way the bytes of a file may show up in a recording: as they are, and in base64. */
function leaks(text: string, secret: Buffer): boolean {
  if (text.includes(PAT)) return true;
  const json = JSON.stringify(JSON.parse(text));
  for (const m of json.matchAll(/"([A-Za-z0-9+/]{16,}={0,2})"/g))
    if (Buffer.from(m[1], 'base64').includes(secret)) return true;
  return false;
}

/**
 * Issue 13 item 7 made the snapshot scan UTF-16 files and files with a NUL byte; `--record-api` still kept
 * such content verbatim ("binary content is kept"), so a token in a UTF-16 script, or next to a NUL, went
 * into the recording that is meant to be shared.
 */
describe('--record-api: content with NUL bytes is scanned as the snapshot scans it', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`$token = "${PAT}"\r\n`, 'utf16le')]);
  const withNul = Buffer.concat([Buffer.from('header\0\0'), Buffer.from(`token=${PAT}\n`)]);

  test.each([
    ['a UTF-16 file', utf16, Buffer.from(PAT, 'utf16le')],
    ['a file with a NUL byte', withNul, Buffer.from(PAT)],
  ])('%s imported (base64 in the request)', async (_name, bytes, secret) => {
    const text = await record({
      method: 'POST',
      path: '/api/2.0/workspace/import',
      body: JSON.stringify({ path: '/Shared/x.ps1', format: 'AUTO', content: bytes.toString('base64') }),
      status: 200,
      response: Buffer.from('{}'),
    });
    expect(leaks(text, secret)).toBe(false);
  });

  test.each([
    ['a UTF-16 file', utf16, Buffer.from(PAT, 'utf16le')],
    ['a file with a NUL byte', withNul, Buffer.from(PAT)],
  ])('%s exported (raw bytes in the answer)', async (_name, bytes, secret) => {
    const text = await record({
      method: 'GET',
      path: '/api/2.0/workspace/export',
      query: { path: '/Shared/x.ps1', direct_download: true },
      status: 200,
      response: bytes,
    });
    expect(leaks(text, secret)).toBe(false);
  });
});
