import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import { makeRepoWithRemote } from '../../src/demo/demo.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runExport } from '../../src/modes/export.js';
import { REDACTED, redactText, scanText } from '../../src/security/credentials.js';
import { parseSettings } from '../../src/settings.js';
import { EXPORT_STATE_FILE } from '../../src/snapshot/store.js';
import { MemoryLog } from '../../src/util/log.js';
import { exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';
import { mapSampleStorage } from '../helpers/uc.js';
import { allText, exportRedacting, fastClient, gitLog, seedEveryKind } from './helpers.js';

const PAT = 'dapi0123456789abcdef0123456789abcdef';
const ACCOUNT_KEY = `${'A'.repeat(40)}${'b9+/'.repeat(11)}${'C'.repeat(2)}==`;
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
// Built from parts so that no scanner (ours or a host's) mistakes this file for a leak.
const GH = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
const GH_PAT = ['github', '_pat_', '11ABCDEFG0123456789abc', '_', 'x'.repeat(30), 'Y9'.repeat(15)].join('');
const SLACK = ['xoxb', '-123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('');
const GOOGLE = ['AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'].join('');
const JWT = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiJhbGljZSIsImV4cCI6MTl9',
  'c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc',
].join('.');

describe('credential detectors', () => {
  test.each<[string, string, string | undefined]>([
    ['Databricks PAT', `token = "${PAT}"`, 'databricks-token'],
    ['Databricks PAT with suffix', `x=${PAT}-2`, 'databricks-token'],
    [
      'Azure connection string',
      `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${ACCOUNT_KEY};`,
      'azure-storage-key',
    ],
    [
      'Azure conf key',
      `spark.conf.set("fs.azure.account.key.acct.dfs.core.windows.net", "${ACCOUNT_KEY}")`,
      'azure-storage-key',
    ],
    [
      'SAS signature',
      'https://a.blob.core.windows.net/c?sv=2022-11-02&se=2025-01-01&sp=r&sig=abcdEFGH1234%2Bxyz0987654321%3D',
      'sas-signature',
    ],
    ['AWS access key', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws-access-key'],
    ['AWS secret key', `fs.s3a.secret.key=${AWS_SECRET}`, 'aws-secret-key'],
    [
      'PEM private key',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      'private-key',
    ],
    ['sig= without sv/se is not a SAS', 'https://x.example/?sig=abcdEFGH1234abcdEFGH', undefined],
    ['a dapi-like word that is too short', 'dapi0123', undefined],
    ['a normal notebook', 'df = spark.read.table("orders")\nprint(df.count())', undefined],
    ['GitHub classic token', `api_token = "${GH}"`, 'github-token'],
    ['GitHub fine-grained token', `headers = {"x": "${GH_PAT}"}`, 'github-token'],
    ['Slack bot token', `client = WebClient(token="${SLACK}")`, 'slack-token'],
    ['Google API key', `key = "${GOOGLE}"`, 'google-api-key'],
    ['JWT as a bearer token', `headers = {"Authorization": "Bearer ${JWT}"}`, 'jwt'],
    ['JWT given to a token key', `id_token = "${JWT}"`, 'jwt'],
    [
      'JDBC password',
      'url = "jdbc:sqlserver://db:1433;database=x;user=etl;password=Hunter2-Plain!;"',
      'connection-string-password',
    ],
    [
      'JDBC password (query)',
      'u = "jdbc:postgresql://db/x?user=etl&password=Hunter2"',
      'connection-string-password',
    ],
    ['URL with a password', 'uri = "mongodb+srv://etl:Hunter2pw@cluster0.example.net/db"', 'url-password'],
    // False positives kept out: code that talks about tokens is not a token.
    ['a prefix check', 'if token.startswith("ghp_"): pass', undefined],
    ['a Slack token in the docs', 'SLACK_TOKEN = "xoxb-your-bot-token-goes-here"', undefined],
    ['a JWT alone (a sample id token)', `sample = "${JWT}"`, undefined],
    ['JDBC with a format placeholder', 'url = f"jdbc:postgresql://db/x?user=u&password={pw}"', undefined],
    ['URL with a variable', 'uri = f"postgresql://{user}:{password}@{host}/db"', undefined],
    ['URL with a port', 'see http://localhost:8080/x', undefined],
  ])('%s', (_name, text, detector) => {
    const found = scanText(text, 'workspace/x.py');
    if (detector === undefined) expect(found).toEqual([]);
    else {
      expect(found.map((f) => f.detector)).toContain(detector);
      const redacted = redactText(text, found);
      expect(redacted).toContain(REDACTED);
      expect(redacted).not.toMatch(/Hunter2|ghp_A|xoxb-1|AIzaSy|eyJzdWIi|github_pat_1/);
      expect(scanText(redacted, 'workspace/x.py')).toEqual([]);
    }
  });

  test('spark_conf and spark_env_vars: plain secrets are found, secret references and harmless keys are not', () => {
    const json = JSON.stringify(
      {
        name: 'etl',
        spark_conf: {
          'spark.hadoop.fs.azure.account.oauth2.client.secret': 'hunter2',
          'spark.hadoop.fs.azure.account.oauth2.client.id': 'abc',
          'spark.sql.shuffle.partitions': '64',
          'spark.hadoop.javax.jdo.option.ConnectionPassword': '{{secrets/metastore/password}}',
          'fs.azure.sas.token.provider.type': 'org.apache.hadoop.fs.azurebfs.sas.FixedSASTokenProvider',
        },
        spark_env_vars: {
          DB_PASSWORD: 'p4ss',
          PYSPARK_PYTHON: '/databricks/python3/bin/python3',
          API_TOKEN: '{{secrets/s/k}}',
        },
      },
      null,
      2,
    );
    const found = scanText(json, 'clusters/etl.json');
    expect(found.map((f) => f.field)).toEqual([
      'spark_conf.spark.hadoop.fs.azure.account.oauth2.client.secret',
      'spark_env_vars.DB_PASSWORD',
    ]);
    expect(found[0].line).toBe(4);
    const redacted = JSON.parse(redactText(json, found)) as {
      spark_conf: Record<string, string>;
      spark_env_vars: Record<string, string>;
    };
    expect(redacted.spark_conf['spark.hadoop.fs.azure.account.oauth2.client.secret']).toBe(REDACTED);
    expect(redacted.spark_env_vars.DB_PASSWORD).toBe(REDACTED);
    expect(redacted.spark_conf['spark.sql.shuffle.partitions']).toBe('64');
  });
});

describe('credential scanning on export', () => {
  test('fail (default) names the file, line and field and commits nothing; redact replaces and warns', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/clean', 'PYTHON', 'print(1)');
      const { repo } = await makeRepoWithRemote(await tempDir());
      const inputs = { commit: 'true', push: 'false' };
      await exportWorkspace(fastClient(primary), repo, inputs);
      const head = await gitLog(repo);

      primary.state.workspace.putNotebook('/Shared/leaky', 'PYTHON', `print(1)\ntoken = "${PAT}"\n`);
      primary.state.compute.createCluster({
        cluster_name: 'leaky-cluster',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
        spark_env_vars: { DB_PASSWORD: 'p4ss' },
      });
      await expect(exportWorkspace(fastClient(primary), repo, inputs)).rejects.toThrow(
        /credential\(s\) found.*clusters\/leaky_cluster\.json:6: .*'spark_env_vars\.DB_PASSWORD'; workspace\/Shared\/leaky\.py:3: Databricks personal access token/,
      );
      expect(await gitLog(repo)).toEqual(head);
      expect(await allText(path.join(repo, 'databricks'))).not.toContain(PAT);

      const { result, log } = await exportRedacting(primary, repo);
      expect(result.changed).toBe(true);
      const text = await allText(path.join(repo, 'databricks'));
      expect(text).not.toContain(PAT);
      expect(text).not.toContain('p4ss');
      expect(await fs.readFile(path.join(repo, 'databricks/workspace/Shared/leaky.py'), 'utf8')).toContain(
        `token = "${REDACTED}"`,
      );
      expect(result.report.warnings.map((w) => w.key)).toEqual(
        expect.arrayContaining(['workspace/Shared/leaky.py']),
      );
      expect(log.text()).toMatch(
        /warning: workspace\/Shared\/leaky\.py:3: Databricks personal access token: redacted/,
      );
      expect(await simpleGit(repo).raw(['log', '-p'])).not.toContain(PAT);
      expect(() => parseSettings((n) => ({ mode: 'export', 'on-credentials': 'ignore' })[n], repo)).toThrow(
        /Input 'on-credentials' must be fail or redact, got 'ignore'/,
      );
    });
  });
});

describe('redacting text that is not UTF-8', () => {
  test('a Latin-1 CSV keeps every byte but those of the value replaced', async () => {
    await withEmulators(async (primary) => {
      const head = Buffer.from([
        ...Buffer.from('name,city\nRen'),
        0xe9,
        ...Buffer.from(',Montr'),
        0xe9,
        0x61,
        0x6c,
      ]);
      const tail = Buffer.from([...Buffer.from('\nCl'), 0xe9, 0x6d, 0x65, 0x6e, 0x63, 0x65, 0x0a]);
      const csv = Buffer.concat([head, Buffer.from(`\ntoken=${PAT}`), tail]);
      primary.state.workspace.putFile('/Shared/people.csv', csv);
      primary.state.dbfs.write('/databricks/init/people.csv', csv);
      const { repo } = await makeRepoWithRemote(await tempDir());
      const { result } = await exportRedacting(primary, repo);
      const want = Buffer.concat([head, Buffer.from(`\ntoken=${REDACTED}`), tail]);
      for (const file of ['workspace/Shared/people.csv', 'dbfs/databricks/init/people.csv']) {
        const committed = await simpleGit(repo).binaryCatFile(['blob', `HEAD:databricks/${file}`]);
        expect(committed.toString('hex')).toBe(want.toString('hex'));
      }
      expect(result.report.warnings.map((w) => w.reason)).toEqual([
        expect.stringMatching(/people\.csv:3: Databricks personal access token: redacted/),
        expect.stringMatching(/people\.csv:3: Databricks personal access token: redacted/),
      ]);
    });
  });
});

describe('credential scanning of DBFS files', () => {
  const SCRIPT = '/databricks/init/setup.sh';
  const FILE = 'dbfs/databricks/init/setup.sh';
  const LEAKY = `#!/bin/bash\n# caf\u00e9 setup\nexport DATABRICKS_TOKEN=${PAT}\necho done\n`;
  const reads = (emulator: Emulator) =>
    emulator.requests.filter((r) => r.path === '/api/2.0/dbfs/read' && r.query.path === SCRIPT);
  const committed = async (repo: string) => simpleGit(repo).raw(['show', `HEAD:databricks/${FILE}`]);
  const redacted = LEAKY.replace(PAT, REDACTED);

  test('a token in a legacy init script fails the export naming the file; redact replaces it and warns', async () => {
    await withEmulators(async (primary) => {
      primary.state.workspace.putNotebook('/Shared/clean', 'PYTHON', 'print(1)');
      primary.state.dbfs.write(SCRIPT, Buffer.from(LEAKY));
      const { repo } = await makeRepoWithRemote(await tempDir());
      const head = await gitLog(repo);
      const fail = (inputs: Record<string, string> = {}) =>
        expect(
          exportWorkspace(fastClient(primary), repo, { commit: 'true', push: 'false', ...inputs }),
        ).rejects.toThrow(
          /credential\(s\) found.*dbfs\/databricks\/init\/setup\.sh:3: Databricks personal access token/,
        );
      await fail();
      expect(await gitLog(repo)).toEqual(head);
      expect(await allText(repo)).not.toContain(PAT);

      const { result, log } = await exportRedacting(primary, repo);
      expect(result.changed).toBe(true);
      expect(await committed(repo)).toBe(redacted);
      expect(result.report.warnings.map((w) => w.key)).toContain(FILE);
      expect(log.text()).toMatch(
        /warning: dbfs\/databricks\/init\/setup\.sh:3: Databricks personal access token: redacted/,
      );

      // Unchanged in DBFS, same policy: taken from the previous snapshot, not read again.
      primary.clearRequests();
      const again = await exportRedacting(primary, repo);
      expect(again.result.changed).toBe(false);
      expect(reads(primary)).toEqual([]);
      expect(await fs.readFile(path.join(repo, 'databricks', FILE), 'utf8')).toBe(redacted);

      // Edited by hand in the repository: read again from DBFS and scanned.
      await fs.writeFile(path.join(repo, 'databricks', FILE), LEAKY);
      await simpleGit(repo).add('.').commit('edited by hand');
      primary.clearRequests();
      await exportRedacting(primary, repo);
      expect(reads(primary)).not.toEqual([]);
      expect(await committed(repo)).toBe(redacted);

      // What was redacted is not what fail judges: the policy changed, so the file is read again and fails.
      await fail();
      expect(await allText(repo)).not.toContain(PAT);

      // A snapshot written before DBFS files were scanned (no policy recorded): read again and scanned.
      const stateFile = path.join(repo, 'databricks', EXPORT_STATE_FILE);
      const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as {
        kinds: { dbfs_files: Record<string, Record<string, string>> };
      };
      const entry = state.kinds.dbfs_files[SCRIPT];
      state.kinds.dbfs_files[SCRIPT] = {
        size: entry.size,
        modification_time: entry.modification_time,
        file: entry.file,
      };
      await fs.writeFile(stateFile, JSON.stringify(state));
      await fs.writeFile(path.join(repo, 'databricks', FILE), LEAKY);
      await simpleGit(repo).add('.').commit('as an older version exported it');
      primary.clearRequests();
      await exportRedacting(primary, repo);
      expect(reads(primary)).not.toEqual([]);
      expect(await committed(repo)).toBe(redacted);
    });
  });

  test('clean DBFS files, text in any encoding and binary, are exported byte for byte', async () => {
    await withEmulators(async (primary) => {
      const latin1 = Buffer.concat([
        Buffer.from('#!/bin/bash\r\n# '),
        Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xff, 0x80]),
        Buffer.from('\r\necho ok\n'),
      ]);
      const jar = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < jar.length; i++) jar[i] = (i * 31 + (i >> 9)) & 0xff;
      primary.state.dbfs.write('/databricks/init/latin1.sh', latin1);
      primary.state.dbfs.write('/databricks/init/tool.jar', jar);
      const { repo } = await makeRepoWithRemote(await tempDir());
      for (const policy of ['fail', 'redact']) {
        const result = await exportWorkspace(fastClient(primary), repo, {
          commit: 'true',
          push: 'false',
          'on-credentials': policy,
        });
        expect(result.report.warnings).toEqual([]);
        const snap = path.join(repo, 'databricks');
        expect((await fs.readFile(path.join(snap, 'dbfs/databricks/init/latin1.sh'))).equals(latin1)).toBe(
          true,
        );
        expect((await fs.readFile(path.join(snap, 'dbfs/databricks/init/tool.jar'))).equals(jar)).toBe(true);
      }
    });
  });
});

describe('the token never appears in logs, files or history', () => {
  test('export, apply and failures with a verbose log', async () => {
    await withEmulators(async (primary, secondary) => {
      seedEveryKind(primary);
      const { repo, remote } = await makeRepoWithRemote(await tempDir());
      const log = new MemoryLog();
      const client = fastClient(primary, { log });
      primary.faults.set({ errorRate: { rate: 0.2 } });
      const settings = parseSettings((n) => ({ mode: 'export', commit: 'true', push: 'true' })[n], repo);
      await runExport(settings, { client, log });
      const { applySnapshot } = await import('../helpers/harness.js');
      await mapSampleStorage(path.join(repo, 'databricks'));
      await applySnapshot(fastClient(secondary, { log }), path.join(repo, 'databricks'));
      primary.faults.set({ failPaths: [{ match: '/api/2.0/workspace/list', status: 403 }] });
      await runExport(settings, { client, log }).catch((e: Error) => log.error(e.message));
      const everything = [
        log.text(),
        await allText(repo),
        await simpleGit(repo).raw(['log', '-p', '--all']),
        await simpleGit(remote).raw(['log', '-p', '--all']),
      ].join('\n');
      expect(log.lines.length).toBeGreaterThan(5);
      for (const token of [primary.token, secondary.token]) expect(everything).not.toContain(token);
    });
  });

  test('two exports racing to push: both finish, no commit lost, history linear', async () => {
    await withEmulators(async (primary, secondary) => {
      primary.state.workspace.putNotebook('/Shared/a', 'PYTHON', 'print("a")');
      secondary.state.workspace.putNotebook('/Shared/b', 'PYTHON', 'print("b")');
      const base = await tempDir();
      const { remote } = await makeRepoWithRemote(base);
      const clone = async (name: string) => {
        const dir = path.join(base, name);
        await simpleGit().clone(remote, dir);
        const g = simpleGit(dir);
        await g.addConfig('user.name', name);
        await g.addConfig('user.email', `${name}@example.invalid`);
        return dir;
      };
      const [one, two] = [await clone('one'), await clone('two')];
      const run = (dir: string, emulator: typeof primary, snapshotPath: string) =>
        runExport(
          parseSettings(
            (n) => ({ mode: 'export', commit: 'true', push: 'true', path: snapshotPath })[n],
            dir,
          ),
          { client: fastClient(emulator), log: new MemoryLog() },
        );
      const [r1, r2] = await Promise.all([run(one, primary, 'prod'), run(two, secondary, 'dr')]);
      expect(r1.pushed && r2.pushed).toBe(true);
      const log = (await simpleGit(remote).raw(['log', '--format=%H %P %s', 'main'])).trim().split('\n');
      expect(log).toHaveLength(3);
      for (const line of log)
        expect(line.split(' ').filter((x) => /^[0-9a-f]{40}$/.test(x)).length).toBeLessThanOrEqual(2);
      const files = (await simpleGit(remote).raw(['ls-tree', '-r', '--name-only', 'main'])).split('\n');
      expect(files).toEqual(
        expect.arrayContaining(['prod/workspace/Shared/a.py', 'dr/workspace/Shared/b.py']),
      );
    });
  });
});
