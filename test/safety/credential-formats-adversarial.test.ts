import { REDACTED, redactText, scanName, scanText } from '../../src/security/credentials.js';

// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const PAT = ['da', 'pi', '0123456789abcdef0123456789abcdef'].join('');
const AWS_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'].join('');
// Azure AD (Entra) client secret: 3 characters, a digit, `Q~`, 31-34 more (gitleaks rule azure-ad-client-secret).
const ENTRA_SECRET = ['abc', '8Q', '~', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456'].join('');
const SLACK_HOOK = [
  'https://hooks.slack.com/services/',
  'T0123ABCD/B0123ABCD/',
  'AbCdEfGhIjKlMnOpQrStUvWx',
].join('');

/**
 * A second adversarial pass over the scanner after issue 13: formats and spellings real notebooks, init
 * scripts and names use that still passed, or were redacted only in part (the rest of the secret committed).
 */
describe('credential spellings that passed the scanner after issue 13', () => {
  test.each<[string, string, string]>([
    ['a PAT glued to a word by an underscore', `token_${PAT}`, PAT],
    ['a PAT followed by an underscore', `${PAT}_prod`, PAT],
    ['a URL-encoded PAT in a query', `https://h.example.com/hook?auth=%3D${PAT}`, PAT],
    [
      'a URL password holding an @',
      'uri = "postgresql://etl:Pa@ss-w0rd-Long@db.example.com:5432/sales"',
      'ss-w0rd-Long',
    ],
    [
      'a SQL Server password in braces (it may hold ;)',
      'url = "jdbc:sqlserver://db:1433;user=etl;password={S3cret;Passw0rdTail};encrypt=true"',
      'Passw0rdTail',
    ],
    ['an AWS secret set in os.environ', `os.environ["AWS_SECRET_ACCESS_KEY"] = "${AWS_SECRET}"`, AWS_SECRET],
    [
      'an AWS secret in a spark-defaults.conf line',
      `spark.hadoop.fs.s3a.secret.key ${AWS_SECRET}`,
      AWS_SECRET,
    ],
    ['an Azure AD client secret in a notebook', `client_secret = "${ENTRA_SECRET}"`, ENTRA_SECRET],
    ['a Slack incoming webhook', `requests.post("${SLACK_HOOK}", json=msg)`, 'AbCdEfGhIjKlMnOpQrStUvWx'],
  ])('%s', (_name, text, secret) => {
    const found = scanText(text, 'workspace/x.py');
    expect(found.length).toBeGreaterThan(0);
    const redacted = redactText(text, found);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toContain(secret);
    expect(scanText(redacted, 'workspace/x.py')).toEqual([]);
  });

  it('finds a PAT in an object name glued to a word', () => {
    expect(scanName(`etl_${PAT}`).length).toBe(1);
    expect(scanName(`/Shared/run${PAT}`).length).toBe(1);
  });

  test.each([
    ['a word with dapi inside', 'rapid = "dapis and more"'],
    ['an email address in a URL', 'see https://example.com/@team for details'],
    ['a secret-scope read for the client secret', 'client_secret = dbutils.secrets.get("kv", "sp")'],
  ])('is not a credential: %s', (_name, text) => {
    expect(scanText(text, 'workspace/x.py')).toEqual([]);
  });
});

/**
 * In a JSON file code is escaped: a Jupyter notebook (a workspace file `.ipynb`) writes
 * `os.environ[\"AWS_SECRET_ACCESS_KEY\"] = \"…\"`, and a PEM key is split into a list of lines. Those
 * passed every detector that needs a quote or a line break next to the secret.
 */
describe('credentials inside the escaped strings of a JSON file', () => {
  const ACCOUNT_KEY = `${'Q'.repeat(40)}${'b9+/'.repeat(11)}${'Z'.repeat(2)}==`;
  const KEY_BODY = 'MIIEowIBAAKCAQEAq1Pz7m9ZkqC5b3W8a2f0bD1Tq6Jx4vN9uR2sY7hK0eLpM3oQ';
  const notebook = (lines: string[]) =>
    JSON.stringify({ cells: [{ cell_type: 'code', source: lines }], nbformat: 4 }, null, 1);

  test.each<[string, string, string]>([
    [
      'an AWS secret set in os.environ',
      notebook(['import os\n', `os.environ["AWS_SECRET_ACCESS_KEY"] = "${AWS_SECRET}"\n`]),
      AWS_SECRET,
    ],
    [
      'an Azure key under a conf name',
      notebook([`spark.conf.set("fs.azure.account.key.acct.dfs.core.windows.net", "${ACCOUNT_KEY}")\n`]),
      ACCOUNT_KEY,
    ],
    [
      'a PEM key split into the lines of a cell',
      notebook([
        'key = """',
        ['-----BEGIN RSA', ' PRIVATE KEY-----\n'].join(''),
        `${KEY_BODY}\n`,
        ['-----END RSA', ' PRIVATE KEY-----\n'].join(''),
        '"""\n',
      ]),
      KEY_BODY,
    ],
  ])('%s', (_name, text, secret) => {
    for (const file of ['workspace/Shared/x.ipynb', 'dbfs/FileStore/conf.json']) {
      const found = scanText(text, file);
      expect(found.length).toBeGreaterThan(0);
      const redacted = redactText(text, found);
      expect(redacted).not.toContain(secret);
      // Still the same JSON document, with the secret replaced.
      expect(() => JSON.parse(redacted) as unknown).not.toThrow();
      expect(redacted).toContain(REDACTED);
      expect(scanText(redacted, file)).toEqual([]);
    }
  });

  it('a notebook without credentials has no findings', () => {
    const text = notebook(['import os\n', 'os.environ["AWS_REGION"] = "eu-west-1"\n', 'print("a\\\\b")\n']);
    expect(scanText(text, 'workspace/Shared/x.ipynb')).toEqual([]);
  });
});
