import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

const SCIM = '/api/2.0/preview/scim/v2';

/**
 * Issue 12 #7: a SCIM Groups list with members is unbounded (it times out on large workspaces) and may
 * leave members out (account groups). Groups are listed with ids and names only, then read one by one
 * (terraform-provider-databricks exporter/util_scim.go; ucx PR #660).
 */
describe('SCIM groups: listed by id and name, read one by one', () => {
  it('the emulator honours attributes and leaves account group members out of a list', async () => {
    await withEmulators(async (primary) => {
      const scim = primary.state.scim;
      const alice = scim.createUser({ userName: 'alice@example.com' });
      const acct = scim.addAccountGroup('data-platform', [alice.id]);
      const local = scim.createGroup({
        displayName: 'local',
        members: [alice.id],
        entitlements: ['workspace-access'],
      });
      const c = clientFor(primary);
      const full = await c.get<{ Resources: JsonObject[] }>(`${SCIM}/Groups`);
      const byId = new Map(full.Resources.map((g) => [String(g.id), g]));
      expect(byId.get(acct.id)?.members).toBeUndefined();
      expect(byId.get(local.id)?.members).toEqual([expect.objectContaining({ value: alice.id })]);

      const lean = await c.get<{ Resources: JsonObject[]; totalResults: number }>(`${SCIM}/Groups`, {
        attributes: 'id,displayName',
      });
      expect(lean.totalResults).toBe(full.Resources.length);
      for (const g of lean.Resources) expect(Object.keys(g).sort()).toEqual(['displayName', 'id', 'schemas']);

      const one = await c.get<JsonObject>(`${SCIM}/Groups/${acct.id}`);
      expect(one.members).toEqual([expect.objectContaining({ value: alice.id })]);
      const some = await c.get<JsonObject>(`${SCIM}/Groups/${local.id}`, { excludedAttributes: 'members' });
      expect(some.members).toBeUndefined();
      expect(some.entitlements).toEqual([{ value: 'workspace-access' }]);
      const meta = await c.get<JsonObject>(`${SCIM}/Groups/${local.id}`, { attributes: 'meta.resourceType' });
      expect(Object.keys(meta).sort()).toEqual(['id', 'meta', 'schemas']);
    });
  });

  it('export lists groups without members, reads each group, and records members and entitlements', async () => {
    await withEmulators(async (primary) => {
      const scim = primary.state.scim;
      const alice = scim.createUser({ userName: 'alice@example.com' });
      const bob = scim.createUser({ userName: 'bob@example.com' });
      scim.createGroup({
        displayName: 'engineers',
        members: [alice.id, bob.id],
        entitlements: ['allow-cluster-create'],
      });
      const groupCount = scim.groups.size;
      const repo = await tempDir();
      primary.clearRequests();
      await exportWorkspace(clientFor(primary), repo);

      const lists = primary.requests.filter((r) => r.method === 'GET' && r.path === `${SCIM}/Groups`);
      expect(lists.length).toBeGreaterThan(0);
      for (const r of lists) {
        const attributes = String(r.query.attributes ?? '').split(',');
        expect(attributes).toEqual(expect.arrayContaining(['id', 'displayName', 'meta']));
        expect(attributes).not.toContain('members');
      }
      const reads = primary.requests.filter(
        (r) => r.method === 'GET' && r.path.startsWith(`${SCIM}/Groups/`),
      );
      expect(reads).toHaveLength(groupCount);

      const dir = path.join(repo, 'databricks', 'groups');
      const files = await fs.readdir(dir);
      const file = files.find((f) => f.startsWith('engineers'));
      const recorded = parseJson(await fs.readFile(path.join(dir, file as string), 'utf8')) as JsonObject;
      expect(recorded).toMatchObject({
        displayName: 'engineers',
        members: { users: ['alice@example.com', 'bob@example.com'] },
        entitlements: ['allow-cluster-create'],
      });
    });
  });
});
