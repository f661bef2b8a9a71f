import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { REDACTED } from '../../src/security/credentials.js';
import { fileHashes, SnapshotReader, SnapshotWriter } from '../../src/snapshot/store.js';
import { tempDir } from '../helpers/harness.js';

describe('SnapshotWriter.reserve: one place, one object', () => {
  test.each([
    ['the same file twice', [['w/a.py', false]], 'w/a.py', false, 'w/a.py'],
    ['a file where a folder is', [['w/a.py', true]], 'w/a.py', false, 'w/a.py'],
    ['a folder where a file is', [['w/a.py', false]], 'w/a.py', true, 'w/a.py'],
    ['a file under a file', [['w/a.py', false]], 'w/a.py/x.py', false, 'w/a.py'],
    ['a file where files are under', [['w/a.py/x.py', false]], 'w/a.py', false, 'w/a.py/x.py'],
    ['a folder twice is one folder', [['w/d', true]], 'w/d', true, undefined],
    ['a file in a reserved folder', [['w/d', true]], 'w/d/x', false, undefined],
    ['siblings', [['w/a', false]], 'w/b', false, undefined],
  ] as Array<[string, Array<[string, boolean]>, string, boolean, string | undefined]>)(
    '%s',
    (_, earlier, rel, folder, collidesWith) => {
      const out = new SnapshotWriter('/nonexistent');
      for (const [r, f] of earlier) expect(out.reserve(r, r, f)).toBeUndefined();
      expect(out.reserve(rel, rel, folder)?.owner).toBe(collidesWith);
    },
  );
});

describe('SnapshotWriter.writeStream: streamed files are scanned as written ones', () => {
  const PAT = 'dapi0123456789abcdef0123456789abcdef';
  const chunksOf = (data: Buffer, size: number) => async (write: (chunk: Uint8Array) => Promise<void>) => {
    for (let i = 0; i < data.length; i += size) await write(data.subarray(i, i + size));
  };

  test('a token split across chunks is found; redact rewrites the file and hashes what it holds', async () => {
    const text = Buffer.from(`echo start\nexport DATABRICKS_TOKEN=${PAT}\n`);
    const failing = new SnapshotWriter(await tempDir());
    await failing.writeStream('dbfs/init.sh', chunksOf(text, 7));
    expect(failing.findings.map((f) => [f.file, f.finding.line])).toEqual([['dbfs/init.sh', 2]]);
    await expect(failing.finish()).rejects.toThrow(/dbfs\/init\.sh:2: Databricks personal access token/);

    const dir = await tempDir();
    const redacted: string[] = [];
    const out = new SnapshotWriter(dir, { credentials: 'redact', onRedact: (file) => redacted.push(file) });
    const hashes = await out.writeStream('dbfs/init.sh', chunksOf(text, 7));
    const held = await fs.readFile(path.join(dir, 'dbfs/init.sh'));
    expect(held.toString()).toBe(`echo start\nexport DATABRICKS_TOKEN=${REDACTED}\n`);
    expect(hashes).toEqual(fileHashes(held));
    expect(redacted).toEqual(['dbfs/init.sh']);
  });

  test('a binary file (a NUL in its first 8 KB) is written as it is', async () => {
    const dir = await tempDir();
    const data = Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4, 0]), Buffer.alloc(3 * 1024 * 1024, 0x41)]);
    const out = new SnapshotWriter(dir, { credentials: 'redact' });
    const hashes = await out.writeStream('dbfs/a.jar', chunksOf(data, 1024 * 1024));
    expect((await fs.readFile(path.join(dir, 'dbfs/a.jar'))).equals(data)).toBe(true);
    expect(hashes).toEqual(fileHashes(data));
    expect(out.findings).toEqual([]);
  });
});

describe('redaction changes only the bytes of the redacted values', () => {
  const PAT = 'dapi0123456789abcdef0123456789abcdef';
  // Latin-1 / CP1252: é is 0xE9, € is 0x80; neither is valid UTF-8 on its own.
  const before = Buffer.from([
    ...Buffer.from('name,city\nRen'),
    0xe9,
    ...Buffer.from(',Z'),
    0xfc,
    0x80,
    0x0a,
  ]);
  const after = Buffer.from([...Buffer.from(',x\n'), 0xe9, 0x0d, 0x0a]);
  const latin1 = Buffer.concat([before, Buffer.from(`token=${PAT}`), after]);
  const expected = Buffer.concat([before, Buffer.from(`token=${REDACTED}`), after]);
  const utf8 = Buffer.from(`name,city\nRené,Zürich €\ntoken=${PAT}\nété\n`);

  test.each([
    ['Latin-1', latin1, expected],
    ['UTF-8', utf8, Buffer.from(`name,city\nRené,Zürich €\ntoken=${REDACTED}\nété\n`)],
  ])('%s text, written, streamed and copied', async (_name, content, want) => {
    const dir = await tempDir();
    const out = new SnapshotWriter(dir, { credentials: 'redact' });
    const written = await out.write('workspace/Shared/people.csv', content);
    await out.writeStream('dbfs/people.csv', async (write) => {
      for (let i = 0; i < content.length; i += 5) await write(content.subarray(i, i + 5));
    });
    const previous = await tempDir();
    await fs.mkdir(path.join(previous, 'workspace'));
    await fs.writeFile(path.join(previous, 'workspace/copied.csv'), content);
    out.scanCopies = true;
    expect(await out.copyFrom(new SnapshotReader(previous), 'workspace/copied.csv')).toBe(true);

    for (const rel of ['workspace/Shared/people.csv', 'dbfs/people.csv', 'workspace/copied.csv'])
      expect((await fs.readFile(path.join(dir, rel))).toString('hex')).toBe(want.toString('hex'));
    expect(written).toEqual(fileHashes(want));
    expect(out.findings.map((f) => f.finding.line)).toEqual([3, 3, 3]);
    // The previous snapshot is left as it was.
    expect((await fs.readFile(path.join(previous, 'workspace/copied.csv'))).equals(content)).toBe(true);
  });
});
