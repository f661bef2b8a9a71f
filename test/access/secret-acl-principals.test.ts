import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const APP_ID = '9f0621ee-b52b-11ea-b3de-0242ac130004';

/**
 * A scope whose ACLs name every kind of principal: a user, a group, a service principal, the built-in
 * `users` group, a user the primary no longer has (a grant left behind when they were removed), and a user
 * that a target's identity provider may not know.
 */
async function exported(primary: Emulator): Promise<string> {
  const { scim, secrets } = primary.state;
  scim.createUser({ userName: 'ana@contoso.com' });
  scim.createUser({ userName: 'contractor@contoso.com' });
  scim.createGroup({ displayName: 'data-eng' });
  scim.createServicePrincipal({ applicationId: APP_ID, displayName: 'etl-bot' });
  secrets.createScope('app');
  secrets.put('app', 'api-token', 'primary-1');
  secrets.put('app', 'db-password', 'primary-2');
  secrets.setAcl('app', 'ana@contoso.com', 'WRITE');
  secrets.setAcl('app', 'contractor@contoso.com', 'READ');
  secrets.setAcl('app', 'data-eng', 'READ');
  secrets.setAcl('app', APP_ID, 'READ');
  secrets.setAcl('app', 'users', 'READ');
  secrets.setAcl('app', 'gone@contoso.com', 'READ');
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
  return path.join(repo, 'databricks');
}

const VALUES = { 'app/api-token': 'restored-1', 'app/db-password': 'restored-2' };
const writes = (emulator: Emulator) => emulator.requests.filter((r) => r.method !== 'GET');

describe('secret ACLs that name a principal the target does not have', () => {
  it('are skipped with a warning and a manual step; the other ACLs and every value are applied; a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const snapshot = await exported(primary);
      const applied = await applySnapshot(clientFor(secondary), snapshot, { secretValues: VALUES });
      expect(applied.failed).toBe(0);
      const secrets = secondary.state.secrets;
      expect(secrets.value('app', 'api-token')).toBe('restored-1');
      expect(secrets.value('app', 'db-password')).toBe('restored-2');
      expect(Object.fromEntries(secrets.scope('app').acls)).toEqual({
        'admin@example.com': 'MANAGE',
        'ana@contoso.com': 'WRITE',
        'contractor@contoso.com': 'READ',
        'data-eng': 'READ',
        [APP_ID]: 'READ',
        users: 'READ',
      });
      expect(applied.report.warnings.filter((w) => w.kind === 'secret_scopes')).toEqual([
        {
          kind: 'secret_scopes',
          key: 'app',
          reason:
            "secret scope 'app': gone@contoso.com does not exist in the target: its READ ACL is not granted",
        },
      ]);
      expect(applied.report.manual).toEqual([
        {
          kind: 'secret_scopes',
          key: 'app',
          reason:
            "grant READ on secret scope 'app' to gone@contoso.com once gone@contoso.com exists in the target (databricks secrets put-acl app gone@contoso.com READ)",
        },
      ]);
      // Values go in before ACLs: a refused ACL never leaves the scope without them.
      const posts = writes(secondary)
        .map((r) => r.path)
        .filter((p) => p.startsWith('/api/2.0/secrets/') && p !== '/api/2.0/secrets/scopes/create');
      expect(posts.lastIndexOf('/api/2.0/secrets/put')).toBeLessThan(
        posts.indexOf('/api/2.0/secrets/acls/put'),
      );

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot, { secretValues: VALUES });
      expect(again.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
      expect(again.report.manual).toHaveLength(1);
    });
  });

  it('a user the target cannot create is found missing at apply: its ACL is skipped the same way, the rest applied', async () => {
    await withEmulators(async (primary, secondary) => {
      const snapshot = await exported(primary);
      // An Azure AD tenant that knows everyone but the contractor.
      secondary.state.scim.tenantUsers = new Set(['ana@contoso.com']);
      const applied = await applySnapshot(clientFor(secondary), snapshot, { secretValues: VALUES });
      expect(applied.report.failed).toEqual([]);
      expect(applied.report.skipped.map((s) => [s.kind, s.key])).toEqual([
        ['users', 'contractor_contoso_com'],
      ]);
      const secrets = secondary.state.secrets;
      expect(secrets.value('app', 'api-token')).toBe('restored-1');
      expect(secrets.value('app', 'db-password')).toBe('restored-2');
      expect(Object.fromEntries(secrets.scope('app').acls)).toEqual({
        'admin@example.com': 'MANAGE',
        'ana@contoso.com': 'WRITE',
        'data-eng': 'READ',
        [APP_ID]: 'READ',
        users: 'READ',
      });
      expect(applied.report.manual.filter((m) => m.kind === 'secret_scopes').map((m) => m.reason)).toEqual([
        expect.stringContaining("grant READ on secret scope 'app' to gone@contoso.com"),
        expect.stringContaining("grant READ on secret scope 'app' to contractor@contoso.com"),
      ]);
      expect(applied.report.warnings).toContainEqual({
        kind: 'secret_scopes',
        key: 'app',
        reason:
          "secret scope 'app': contractor@contoso.com does not exist in the target: its READ ACL is not granted",
      });
    });
  });
});
