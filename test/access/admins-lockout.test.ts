import { describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import { DatabricksClient } from '../../src/databricks/client.js';
import type { Emulator } from '../../src/emulator/index.js';
import { planJson, planMarkdown, planText } from '../../src/report/plan-render.js';
import type { JsonObject } from '../../src/util/json.js';
import { MemoryLog } from '../../src/util/log.js';
import { applySnapshot, clientFor, exportWorkspace, tempDir, withEmulators } from '../helpers/harness.js';

/**
 * Apply never locks the operator out: group memberships are only added without prune, and with prune the
 * run's own identity (user or service principal) keeps its memberships, is never deleted, and `admins`
 * keeps a member.
 */
const SCIM = '/api/2.0/preview/scim/v2';
const DR_SP = '5a1e7c2d-0000-4000-8000-00000000d00d';

/** A client authenticated with an OAuth token the emulator issued to a service principal. */
function clientAs(emulator: Emulator, applicationId: string): DatabricksClient {
  const token = emulator.state.oauth.issue(applicationId);
  return new DatabricksClient({
    host: emulator.url,
    credentials: { headers: async () => ({ Authorization: `Bearer ${token}` }) },
    concurrency: 4,
    log: new MemoryLog(),
    retry: { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 12, budgetMs: 60_000 },
    timeoutMs: 10_000,
  });
}

/** Member names of a group in the emulator's store: users by userName, service principals by app id. */
function membersOf(emulator: Emulator, group: string): string[] {
  const scim = emulator.state.scim;
  const g = scim.groupByName(group);
  if (!g) throw new Error(`no group ${group}`);
  return [...g.members]
    .map((id) => scim.users.get(id)?.userName ?? scim.servicePrincipals.get(id)?.applicationId ?? id)
    .sort();
}

/**
 * Primary: admins = the emulator's admin (unless `withoutOperator`: the secondary's operator is not one of
 * the primary's admins) and alice; data-eng = alice. Exported into a snapshot.
 */
async function exportPrimary(primary: Emulator, withoutOperator = false): Promise<string> {
  const scim = primary.state.scim;
  if (withoutOperator) scim.groupByName('admins')?.members.delete(scim.me.id);
  const alice = scim.createUser({ userName: 'alice@example.com' });
  scim.groupByName('admins')?.members.add(alice.id);
  scim.createGroup({ displayName: 'data-eng' }).members.add(alice.id);
  const repo = await tempDir();
  await exportWorkspace(clientFor(primary), repo, { 'workspace-paths': '/Shared' });
  return path.join(repo, 'databricks');
}

/** Secondary: its own service principal and a break-glass user in admins; carol added to data-eng. */
function seedSecondary(secondary: Emulator): void {
  const scim = secondary.state.scim;
  const admins = scim.groupByName('admins');
  admins?.members.add(scim.createServicePrincipal({ applicationId: DR_SP, displayName: 'dr-restore' }).id);
  admins?.members.add(scim.createUser({ userName: 'break-glass@example.com' }).id);
  // Entitlements follow the same rule as memberships.
  scim.groupByName('users')?.entitlements.add('allow-cluster-create');
  const carol = scim.createUser({ userName: 'carol@example.com' });
  scim.createGroup({ displayName: 'data-eng' }).members.add(carol.id);
}

describe('apply and the target identities it must not take away', () => {
  it('SCIM Me answers for the service principal a token was issued to', async () => {
    await withEmulators(async (primary) => {
      primary.state.scim.createServicePrincipal({ applicationId: DR_SP, displayName: 'dr-restore' });
      const me = await clientAs(primary, DR_SP).get<JsonObject>(`${SCIM}/Me`);
      expect(me.userName).toBe(DR_SP);
      expect(me.id).toBe(primary.state.scim.spByApplicationId(DR_SP)?.id);
      expect((await clientFor(primary).get<JsonObject>(`${SCIM}/Me`)).userName).toBe('admin@example.com');
    });
  });

  it('a default apply adds members and keeps the extra ones, admins and the caller included', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportPrimary(primary);
      seedSecondary(secondary);
      const result = await applySnapshot(clientAs(secondary, DR_SP), snap);
      expect(result.report.failed).toEqual([]);
      expect(membersOf(secondary, 'admins')).toEqual([
        DR_SP,
        'admin@example.com',
        'alice@example.com',
        'break-glass@example.com',
      ]);
      expect(membersOf(secondary, 'data-eng')).toEqual(['alice@example.com', 'carol@example.com']);
      // Nothing removed: no PATCH takes a member out, and the extra members are counted as unmanaged.
      const patches = JSON.stringify(
        secondary.requests.filter((r) => r.method === 'PATCH').map((r) => r.body),
      );
      expect(patches).not.toContain('"remove"');
      const text = planText(result.plan);
      expect(text).not.toContain('-> (none)');
      expect(text).not.toContain(DR_SP);
      expect(text).toContain('members.users[2]: (none) -> "alice@example.com"');
      expect(text).toContain(
        'keeps members.users "break-glass@example.com" (not in the snapshot; removing needs prune)',
      );
      expect(text).toContain('keeps members.users "carol@example.com"');
      expect(text).toContain('keeps entitlements "allow-cluster-create"');
      const markdown = planMarkdown(result.plan, 'Plan');
      expect(markdown).toContain(
        '`keeps members.users "carol@example.com" (not in the snapshot; removing needs prune)`',
      );
      expect(markdown).not.toContain('already matches');
      expect(JSON.stringify(planJson(result.plan))).toContain(
        '"kept":["entitlements \\"allow-cluster-create\\""]',
      );
      expect(secondary.state.scim.groupByName('users')?.entitlements).toContain('allow-cluster-create');
      expect(result.plan.counts.delete).toBe(0);
      // The two users the snapshot lacks, their two memberships and the entitlement; the caller is kept
      // whatever prune says.
      expect(result.plan.counts.unmanaged).toBe(5);
      expect(result.plan.line).toBe(
        'Plan: 1 to create, 2 to update, 0 to delete (5 not deleted: prune is off)',
      );

      // A second apply writes nothing and still keeps them.
      secondary.clearRequests();
      const again = await applySnapshot(clientAs(secondary, DR_SP), snap);
      expect(again.plan.hasChanges).toBe(false);
      expect(secondary.requests.filter((r) => r.method !== 'GET' && r.path !== '/oidc/v1/token')).toEqual([]);
      expect(membersOf(secondary, 'admins')).toContain(DR_SP);
    });
  });

  it('a prune apply as a service principal removes extra members but never itself, nor deletes itself', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportPrimary(primary);
      seedSecondary(secondary);
      const sp = secondary.state.scim.spByApplicationId(DR_SP);
      const result = await applySnapshot(clientAs(secondary, DR_SP), snap, { prune: true });
      expect(result.report.failed).toEqual([]);
      expect(membersOf(secondary, 'admins')).toEqual([DR_SP, 'admin@example.com', 'alice@example.com']);
      expect(membersOf(secondary, 'data-eng')).toEqual(['alice@example.com']);
      expect(secondary.state.scim.groupByName('users')?.entitlements).not.toContain('allow-cluster-create');
      // The caller is not in the snapshot, yet it is neither deleted nor planned for deletion.
      expect(secondary.state.scim.servicePrincipals.get(String(sp?.id))?.applicationId).toBe(DR_SP);
      expect(result.plan.changes.filter((c) => c.kind === 'service_principals')).toEqual([]);
      expect(secondary.state.scim.userByName('break-glass@example.com')).toBeUndefined();
      expect(secondary.state.scim.userByName('carol@example.com')).toBeUndefined();
      expect(secondary.state.scim.groupByName('admins')).toBeDefined();
      expect(secondary.state.scim.groupByName('users')).toBeDefined();
    });
  });

  it('a prune apply as a user removes extra members but never the caller', async () => {
    await withEmulators(async (primary, secondary) => {
      // The primary's admins do not list the secondary's operator (admin@example.com).
      const snap = await exportPrimary(primary, true);
      seedSecondary(secondary);
      const result = await applySnapshot(clientFor(secondary), snap, { prune: true });
      expect(result.report.failed).toEqual([]);
      expect(membersOf(secondary, 'admins')).toEqual(['admin@example.com', 'alice@example.com']);
      // The service principal is not the caller this time: pruned like any principal the snapshot lacks.
      expect(secondary.state.scim.spByApplicationId(DR_SP)).toBeUndefined();
      expect(secondary.state.scim.userByName('admin@example.com')).toBeDefined();
    });
  });

  it('a prune apply never leaves admins without a member the target has', async () => {
    await withEmulators(async (primary, secondary) => {
      const snap = await exportPrimary(primary, true);
      const scim2 = secondary.state.scim;
      // An Azure workspace whose tenant does not know the snapshot's only admin (alice); the run's service
      // principal is not in admins itself, and the only admin is an operator the snapshot does not have.
      scim2.tenantUsers = new Set(['ops@example.com']);
      const admins = scim2.groupByName('admins');
      admins?.members.clear();
      admins?.members.add(scim2.createUser({ userName: 'ops@example.com' }).id);
      scim2.createServicePrincipal({ applicationId: DR_SP });
      const result = await applySnapshot(clientAs(secondary, DR_SP), snap, { prune: true });
      expect(membersOf(secondary, 'admins')).toEqual(['ops@example.com']);
      expect(scim2.userByName('ops@example.com')).toBeDefined();
      expect(result.plan.changes.find((c) => c.kind === 'users' && c.action === 'delete')).toBeUndefined();
    });
  });
});
