import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/** A primary with a user, a group holding them, a secret scope with an ACL and a global init script. */
async function exported(primary: Emulator): Promise<string> {
  const { scim, secrets, globalInitScripts } = primary.state;
  const ana = scim.createUser({ userName: 'ana@contoso.com', entitlements: ['workspace-access'] });
  scim.createGroup({ displayName: 'data-eng', members: [ana.id] });
  scim.createServicePrincipal({
    applicationId: '9f0621ee-b52b-11ea-b3de-0242ac130004',
    displayName: 'etl-bot',
  });
  secrets.createScope('app-secrets');
  secrets.put('app-secrets', 'api-token', 'tok');
  secrets.setAcl('app-secrets', 'ana@contoso.com', 'READ');
  globalInitScripts.create({
    name: 'Setup',
    script: Buffer.from('#!/bin/bash\necho setup\n'),
    enabled: true,
  });
  const dir = await tempDir();
  await exportWorkspace(clientFor(primary), dir);
  return path.join(dir, 'databricks');
}

/** A copy of the snapshot with `from` replaced by `to` in one file; returns the copy and the edited line. */
async function broken(snapshot: string, rel: string, from: string, to: string) {
  const dir = path.join(await tempDir(), 'databricks');
  await fs.cp(snapshot, dir, { recursive: true });
  const file = path.join(dir, rel);
  const text = await fs.readFile(file, 'utf8');
  expect(text).toContain(from);
  const line = text.split('\n').findIndex((l) => l.includes(from)) + 1;
  expect(line).toBeGreaterThan(1);
  await fs.writeFile(file, text.replace(from, to));
  return { dir, line };
}

type Refused = (rel: string, from: string, to: string, message: (line: number) => string) => Promise<void>;

/** Runs `fn` with a check that an edited copy of an exported snapshot is refused, writing nothing. */
async function withSnapshot(fn: (refused: Refused) => Promise<void>): Promise<void> {
  await withEmulators(async (primary, secondary) => {
    const good = await exported(primary);
    await fn(async (rel, from, to, message) => {
      const { dir, line } = await broken(good, rel, from, to);
      secondary.clearRequests();
      await expect(applySnapshot(clientFor(secondary), dir)).rejects.toThrow(message(line));
      expect(secondary.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });
}

describe('a refused file names file:line, and nothing is written to the target', () => {
  it('identities: users, groups (a field inside members), service principals', async () => {
    await withSnapshot(async (refused) => {
      await refused(
        'users/ana_contoso_com.json',
        '"active": true',
        '"active": "yes"',
        (l) => `users/ana_contoso_com.json:${l}: 'active' must be true or false`,
      );
      await refused(
        'groups/data_eng.json',
        '"users": [',
        '"robots": [',
        (l) => `groups/data_eng.json:${l}: 'members.robots' is not one of users, groups, service_principals`,
      );
      await refused(
        'service-principals/etl_bot.json',
        '"applicationId": "9f0621ee-b52b-11ea-b3de-0242ac130004"',
        '"applicationId": ""',
        (l) => `service-principals/etl_bot.json:${l}: 'applicationId' must be a non-empty string`,
      );
    });
  });

  it('global init scripts: a bad value, and a field that belongs in the .sh file', async () => {
    await withSnapshot(async (refused) => {
      await refused(
        'global-init-scripts/setup.json',
        '"position": 0',
        '"position": -3',
        (l) => `global-init-scripts/setup.json:${l}: 'position' must be an integer, 0 or more`,
      );
      await refused(
        'global-init-scripts/setup.json',
        '"enabled": true',
        '"enabled": true,\n  "script": "rm -rf /"',
        (l) =>
          `global-init-scripts/setup.json:${l + 1}: unknown field 'script' (the script belongs in the .sh file beside)`,
      );
    });
  });

  it('secret scopes: an ACL (at the principal, not at a quoted field name) and the key list', async () => {
    await withSnapshot(async (refused) => {
      await refused(
        'secret-scopes/app_secrets.json',
        '"ana@contoso.com": "READ"',
        '"ana@contoso.com": "OWNER"',
        (l) => `secret-scopes/app_secrets.json:${l}: ACL of 'ana@contoso.com' must be READ, WRITE or MANAGE`,
      );
      await refused(
        'secret-scopes/app_secrets.json',
        '"keys": [',
        '"keys": [\n    "api-token",',
        (l) => `secret-scopes/app_secrets.json:${l}: 'keys' names a key twice`,
      );
      await refused(
        'secret-scopes/app_secrets.json',
        '"name": "app-secrets"',
        '"name": "app-secrets",\n  "unread": { "values": "never listed" }',
        (l) =>
          `secret-scopes/app_secrets.json:${l + 1}: 'unread' must map 'acls' and/or 'keys' to why the export could not list them`,
      );
      await refused(
        'secret-scopes/app_secrets.json',
        '"keys": [',
        '"unread": { "keys": "listing keys needs READ on the scope" },\n  "keys": [',
        (l) =>
          `secret-scopes/app_secrets.json:${l + 1}: 'keys' must be left out: 'unread' says the export could not list them`,
      );
    });
  });
});
