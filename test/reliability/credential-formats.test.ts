import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { REDACTED, redactText, scanBytes, scanText } from '../../src/security/credentials.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const PAT = ['da', 'pi', '0123456789abcdef0123456789abcdef'].join('');
const OAUTH_SECRET = ['do', 'se', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'].join('');
const REFRESH = ['do', 'au', '1f7fc5fa20f4e15babad695413ca421c'].join('');
const ACCOUNT_KEY = `${'Q'.repeat(40)}${'b9+/'.repeat(11)}${'Z'.repeat(2)}==`;
const CLIENT_SECRET = ['Xy8Q', '~', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'].join('');
const PGP_BODY = 'lQOYBGWf3cEBCADJq1Pz7m9ZkqC5b3W8a2f0bD1Tq6Jx4vN9uR2sY7hK0eLpM3oQ';

describe('credential formats that passed the scanner before (issue 13, item 7)', () => {
  test.each<[string, string, string | undefined, string | undefined]>([
    ['Databricks OAuth secret', `client_secret = "${OAUTH_SECRET}"`, 'databricks-oauth-secret', OAUTH_SECRET],
    ['Databricks OAuth refresh token', `refresh=${REFRESH}`, 'databricks-oauth-secret', REFRESH],
    [
      'Oracle thin JDBC user/password@host',
      'url = "jdbc:oracle:thin:scott/Tiger-Pass1@db.example.com:1521/ORCL"',
      'connection-string-password',
      'Tiger-Pass1',
    ],
    [
      'Oracle thin JDBC user/password@//host',
      'url = "jdbc:oracle:thin:etl/S3cr3t-Val@//db.example.com:1521/svc"',
      'connection-string-password',
      'S3cr3t-Val',
    ],
    [
      'PGP private key block',
      `key = """-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${PGP_BODY}\n=a1B2\n-----END PGP PRIVATE KEY BLOCK-----"""`,
      'private-key',
      PGP_BODY,
    ],
    [
      'Azure key under a concatenated conf name',
      `spark.conf.set("fs.azure.account.key." + storage_account + ".dfs.core.windows.net", "${ACCOUNT_KEY}")`,
      undefined,
      ACCOUNT_KEY,
    ],
    [
      'Azure key under an f-string conf name',
      `spark.conf.set(f"fs.azure.account.key.{acct}.dfs.core.windows.net", "${ACCOUNT_KEY}")`,
      undefined,
      ACCOUNT_KEY,
    ],
    [
      'Azure key under a conf name held in a variable',
      `conf_key = "fs.azure.account.key.%s.dfs.core.windows.net" % acct\nspark.conf.set(conf_key, "${ACCOUNT_KEY}")`,
      'azure-storage-key',
      ACCOUNT_KEY,
    ],
    [
      'Azure key under a Scala s-string conf name',
      `spark.conf.set(s"fs.azure.account.key.$acct.dfs.core.windows.net", "${ACCOUNT_KEY}")`,
      undefined,
      ACCOUNT_KEY,
    ],
    [
      'Azure service principal secret under a concatenated conf name',
      `spark.conf.set("fs.azure.account.oauth2.client.secret." + acct + ".dfs.core.windows.net", "${CLIENT_SECRET}")`,
      'azure-conf-secret',
      CLIENT_SECRET,
    ],
    [
      'Azure key under a spark.hadoop conf key in a cluster spec',
      `{"spark_conf": {"spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net": "${ACCOUNT_KEY}"}}`,
      'azure-storage-key',
      ACCOUNT_KEY,
    ],
    // Not credentials.
    [
      'a secret-scope read under a concatenated conf name',
      'spark.conf.set("fs.azure.account.key." + acct + ".dfs.core.windows.net", dbutils.secrets.get("kv", "k"))',
      undefined,
      undefined,
    ],
    [
      'Oracle thin JDBC without credentials',
      'url = "jdbc:oracle:thin:@//db.example.com:1521/svc"',
      undefined,
      undefined,
    ],
    [
      'code that names the key header',
      'if line.startswith("-----BEGIN PGP PRIVATE KEY BLOCK-----"):\n    keys += 1',
      undefined,
      undefined,
    ],
    ['a dose-like word', 'dosage = "dose0123"', undefined, undefined],
  ])('%s', (_name, text, detector, secret) => {
    const found = scanText(text, 'workspace/x.py');
    if (secret === undefined) {
      expect(found).toEqual([]);
      return;
    }
    if (detector) expect(found.map((f) => f.detector)).toContain(detector);
    else expect(found.length).toBeGreaterThan(0);
    const redacted = redactText(text, found);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toContain(secret);
    expect(scanText(redacted, 'workspace/x.py')).toEqual([]);
  });
});

describe('UTF-16 content and content with NUL bytes are scanned, not skipped as binary', () => {
  const text = `# settings\ntoken = "${PAT}"\nhost = "adb-1.azuredatabricks.net"\n`;
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(text, 'utf16le').swap16();

  test.each<[string, Buffer, (redacted: Buffer) => string]>([
    [
      'UTF-16LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      (b) => b.subarray(2).toString('utf16le'),
    ],
    [
      'UTF-16BE with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      (b) => Buffer.from(b.subarray(2)).swap16().toString('utf16le'),
    ],
    ['UTF-16LE without a BOM', le, (b) => b.toString('utf16le')],
  ])('%s: found, and redacted in its own encoding', (_name, bytes, decode) => {
    const { findings, redacted } = scanBytes(bytes, 'workspace/Shared/settings.txt');
    expect(findings.map((f) => f.detector)).toEqual(['databricks-token']);
    const out = redacted();
    expect(out.subarray(0, 2).equals(bytes.subarray(0, 2))).toBe(true);
    expect(decode(out)).toBe(text.replace(PAT, REDACTED));
  });

  test('binary content: the text between NULs is scanned; redaction keeps every other byte and the length', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0]),
      Buffer.from(`conf=${PAT}`, 'latin1'),
      Buffer.from([0, 1, 2, 3, 0xfe, 0]),
    ]);
    const { findings, redacted } = scanBytes(bytes, 'dbfs/FileStore/jars/etl.jar');
    expect(findings.map((f) => f.detector)).toEqual(['databricks-token']);
    const out = redacted();
    expect(out.length).toBe(bytes.length);
    const at = bytes.indexOf(PAT);
    expect(out.subarray(at, at + PAT.length).toString()).toBe('*'.repeat(PAT.length));
    expect(Buffer.concat([out.subarray(0, at), out.subarray(at + PAT.length)])).toEqual(
      Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + PAT.length)]),
    );
  });

  test('export: a UTF-16 workspace file fails the export (fail) and is committed redacted (redact)', async () => {
    await withEmulators(async (primary) => {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
      primary.state.workspace.putFile('/Shared/conf/settings.txt', bytes);
      primary.state.workspace.putFile(
        '/Shared/conf/blob.bin',
        Buffer.concat([Buffer.from([0, 0, 7]), Buffer.from(OAUTH_SECRET), Buffer.from([0])]),
      );
      const failed = await exportWorkspace(clientFor(primary), await tempDir()).catch((e: Error) => e);
      expect(String(failed)).toMatch(
        /workspace\/Shared\/conf\/settings\.txt:2: Databricks personal access token/,
      );
      expect(String(failed)).toMatch(/workspace\/Shared\/conf\/blob\.bin:1: Databricks OAuth secret/);
      expect(String(failed)).not.toContain(PAT);

      const dir = await tempDir();
      await exportWorkspace(clientFor(primary), dir, { 'on-credentials': 'redact' });
      const written = await fs.readFile(path.join(dir, 'databricks/workspace/Shared/conf/settings.txt'));
      expect(written.subarray(2).toString('utf16le')).toBe(text.replace(PAT, REDACTED));
      const blob = await fs.readFile(path.join(dir, 'databricks/workspace/Shared/conf/blob.bin'));
      expect(blob.toString('latin1')).not.toContain(OAUTH_SECRET);
      expect(blob.length).toBe(3 + OAUTH_SECRET.length + 1);
    });
  });
});
