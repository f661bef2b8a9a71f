import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const EXPORTER = 'exporter@contoso.com';
const UNREAD_ACLS = 'listing ACLs needs MANAGE on the scope';
const UNREAD_KEYS = 'listing keys needs READ on the scope';

/**
 * A primary whose exporter is not an admin: it may MANAGE 'open', only READ 'locked', and has nothing on
 * 'sealed'. Every scope holds values and grants to a group the primary has.
 */
function seedPrimary(primary: Emulator): void {
  const { scim, secrets } = primary.state;
  scim.createUser({ userName: EXPORTER });
  scim.createGroup({ displayName: 'data-eng' });
  for (const scope of ['locked', 'open', 'sealed']) {
    secrets.createScope(scope);
    secrets.setAcl(scope, 'data-eng', 'READ');
  }
  secrets.put('open', 'token', 'open-value');
  secrets.put('locked', 'api-token', 'locked-value-1');
  secrets.put('locked', 'db-password', 'locked-value-2');
  secrets.put('sealed', 'k', 'sealed-value');
  secrets.setAcl('open', EXPORTER, 'MANAGE');
  secrets.setAcl('locked', EXPORTER, 'READ');
  secrets.nonAdminCaller = EXPORTER;
}

async function exported(primary: Emulator) {
  seedPrimary(primary);
  const repo = await tempDir();
  const result = await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
  return { result, snapshot: path.join(repo, 'databricks') };
}

async function scopeFile(snapshot: string, key: string): Promise<JsonObject> {
  return parseJson(
    await fs.readFile(path.join(snapshot, 'secret-scopes', `${key}.json`), 'utf8'),
  ) as JsonObject;
}

const writes = (emulator: Emulator) => emulator.requests.filter((r) => r.method !== 'GET');

describe('a secret scope the exporter cannot fully read', () => {
  it('is recorded with what could be read and an unread marker, and the export warns naming it', async () => {
    await withEmulators(async (primary) => {
      const { result, snapshot } = await exported(primary);
      expect(await scopeFile(snapshot, 'open')).toEqual({
        name: 'open',
        backend_type: 'DATABRICKS',
        acls: { 'admin@example.com': 'MANAGE', 'data-eng': 'READ', [EXPORTER]: 'MANAGE' },
        keys: ['token'],
      });
      expect(await scopeFile(snapshot, 'locked')).toEqual({
        name: 'locked',
        backend_type: 'DATABRICKS',
        keys: ['api-token', 'db-password'],
        unread: { acls: UNREAD_ACLS },
      });
      expect(await scopeFile(snapshot, 'sealed')).toEqual({
        name: 'sealed',
        backend_type: 'DATABRICKS',
        unread: { acls: UNREAD_ACLS, keys: UNREAD_KEYS },
      });
      expect(result.report.warnings.filter((w) => w.kind === 'secret_scopes')).toEqual([
        {
          kind: 'secret_scopes',
          key: 'locked',
          reason: expect.stringMatching(
            /^secret scope 'locked': could not list its ACLs \(.*MANAGE permission on scope locked.*\);.*prune never deletes it/,
          ),
        },
        {
          kind: 'secret_scopes',
          key: 'sealed',
          reason: expect.stringMatching(
            /^secret scope 'sealed': could not list its ACLs and keys \(.*; .*READ permission on scope sealed.*\)/,
          ),
        },
      ]);
      expect(result.report.counts.get('secret_scopes')).toMatchObject({ exported: 3, skipped: 0 });
    });
  });

  it('survives apply with prune in a target that has it, values and ACLs untouched; a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const { snapshot } = await exported(primary);
      const { scim, secrets } = secondary.state;
      scim.createGroup({ displayName: 'dr-operators' });
      for (const scope of ['locked', 'sealed', 'stale']) {
        secrets.createScope(scope);
        secrets.setAcl(scope, 'dr-operators', 'WRITE');
      }
      secrets.put('locked', 'api-token', 'target-value-1');
      secrets.put('locked', 'db-password', 'target-value-2');
      secrets.put('sealed', 'k', 'target-sealed');
      secrets.put('sealed', 'only-in-target', 'target-extra');

      const applied = await applySnapshot(clientFor(secondary), snapshot, { prune: true });
      expect(applied.failed).toBe(0);
      // Only the scope the snapshot does not have is deleted.
      const scopeChanges = applied.plan.changes.filter(
        (ch) => ch.kind === 'secret_scopes' && ch.action !== 'no-op',
      );
      expect(scopeChanges.map((ch) => [ch.key, ch.action])).toEqual([
        ['open', 'create'],
        ['stale', 'delete'],
      ]);
      expect([...secrets.scopes.keys()].sort()).toEqual(['locked', 'open', 'sealed']);
      expect(secrets.value('locked', 'api-token')).toBe('target-value-1');
      expect(secrets.value('locked', 'db-password')).toBe('target-value-2');
      expect(secrets.value('sealed', 'k')).toBe('target-sealed');
      expect(secrets.value('sealed', 'only-in-target')).toBe('target-extra');
      for (const scope of ['locked', 'sealed'])
        expect(Object.fromEntries(secrets.scope(scope).acls)).toEqual({
          'admin@example.com': 'MANAGE',
          'dr-operators': 'WRITE',
        });
      expect(applied.report.manual).toEqual([
        // 'open' is created: its value was not supplied.
        { kind: 'secret_scopes', key: 'open', reason: expect.stringContaining("secret 'token'") },
        {
          kind: 'secret_scopes',
          key: 'locked',
          reason: `the export could not list the ACLs of secret scope 'locked' (${UNREAD_ACLS}): set them by hand as the primary has them (databricks secrets put-acl locked <principal> <permission>)`,
        },
        {
          kind: 'secret_scopes',
          key: 'sealed',
          reason: expect.stringMatching(/^the export could not list the ACLs of secret scope 'sealed'/),
        },
        {
          kind: 'secret_scopes',
          key: 'sealed',
          reason: `the export could not list the keys of secret scope 'sealed' (${UNREAD_KEYS}): put its secrets by hand as the primary has them (databricks secrets put-secret sealed <key>)`,
        },
      ]);

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot, { prune: true });
      expect(again.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
      expect(again.report.manual.map((m) => m.key)).toEqual(['open', 'locked', 'sealed', 'sealed']);
    });
  });

  it('is created in a target without it, its readable parts applied and the rest listed; a second apply writes nothing', async () => {
    await withEmulators(async (primary, secondary) => {
      const { snapshot } = await exported(primary);
      const secretValues = {
        'locked/api-token': 'restored-1',
        'locked/db-password': 'restored-2',
        'sealed/k': 'not-used',
      };
      const applied = await applySnapshot(clientFor(secondary), snapshot, { prune: true, secretValues });
      expect(applied.failed).toBe(0);
      const secrets = secondary.state.secrets;
      expect([...secrets.scopes.keys()].sort()).toEqual(['locked', 'open', 'sealed']);
      // The readable keys got their values; the unread ACLs and keys were left as a new scope has them.
      expect(secrets.value('locked', 'api-token')).toBe('restored-1');
      expect(secrets.value('locked', 'db-password')).toBe('restored-2');
      expect([...secrets.scope('sealed').secrets.keys()]).toEqual([]);
      for (const scope of ['locked', 'sealed'])
        expect(Object.fromEntries(secrets.scope(scope).acls)).toEqual({ 'admin@example.com': 'MANAGE' });
      expect(Object.fromEntries(secrets.scope('open').acls)).toEqual({
        'admin@example.com': 'MANAGE',
        'data-eng': 'READ',
        [EXPORTER]: 'MANAGE',
      });
      expect(applied.report.manual.filter((m) => m.key !== 'open').map((m) => [m.key, m.reason])).toEqual([
        ['locked', expect.stringContaining("could not list the ACLs of secret scope 'locked'")],
        ['sealed', expect.stringContaining("could not list the ACLs of secret scope 'sealed'")],
        ['sealed', expect.stringContaining("could not list the keys of secret scope 'sealed'")],
      ]);
      expect(applied.report.warnings).toContainEqual({
        kind: 'secret_scopes',
        key: 'sealed/k',
        reason:
          "secrets input: 'sealed/k' names no secret in the snapshot (the export could not list the keys of scope 'sealed'); its value is not used",
      });

      secondary.clearRequests();
      const again = await applySnapshot(clientFor(secondary), snapshot, { prune: true, secretValues });
      expect(again.plan.changes.filter((ch) => ch.action !== 'no-op')).toEqual([]);
      expect(writes(secondary)).toEqual([]);
    });
  });
});
