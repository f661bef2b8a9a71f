import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import { clusterPoliciesKind } from '../../src/resources/cluster-policies.js';
import { clustersKind } from '../../src/resources/clusters.js';
import { configKind, type ConfigKindSpec } from '../../src/resources/config-kind.js';
import {
  editableFields,
  fieldRolesProblem,
  replaceFieldsOf,
  settableFields,
  type FieldRoles,
} from '../../src/resources/fields.js';
import { instancePoolsKind } from '../../src/resources/instance-pools.js';
import { jobsKind } from '../../src/resources/jobs.js';
import { RefIndex, RunCache, type ResourceKind, type TargetContext } from '../../src/resources/kind.js';
import { pipelinesKind } from '../../src/resources/pipelines.js';
import { reposKind } from '../../src/resources/repos.js';
import { sqlWarehousesKind } from '../../src/resources/sql-warehouses.js';
import { RunReport } from '../../src/report/report.js';
import { SnapshotSource } from '../../src/snapshot/source.js';
import type { JsonObject } from '../../src/util/json.js';
import { silentLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

/** A kind whose fields are data only: no normalize, no field checks, no replaceFields of its own. */
const ROLES: FieldRoles = {
  settable: ['name', 'size', 'zone', 'tags'],
  editable: ['name', 'size', 'tags'],
  outputOnly: ['id', 'state'],
  source: 'a test kind',
};

const changes = (...paths: string[]) => paths.map((p) => ({ path: p, before: 1, after: 2 }));

function widgetKind(roles: FieldRoles, listed: JsonObject[] = []) {
  const spec: ConfigKindSpec = {
    name: 'widgets',
    folder: 'widgets',
    fields: roles,
    list: () => Promise.resolve(listed),
    id: (raw) => raw.id,
    displayName: (raw) => String(raw.name),
    create: () => Promise.resolve('new'),
    update: () => Promise.resolve(),
    remove: () => Promise.resolve(),
  };
  return configKind(spec);
}

async function snapshotWith(file: JsonObject, folder = 'widgets'): Promise<SnapshotSource> {
  const dir = await tempDir();
  await fs.mkdir(path.join(dir, folder));
  await fs.writeFile(path.join(dir, folder, 'w.json'), JSON.stringify(file, null, 2));
  return SnapshotSource.fromDirectory(dir);
}

describe('field roles as data', () => {
  it('pick: the settable fields an answer has, nothing else', () => {
    expect(settableFields({ id: 'w1', name: 'w', size: 3, state: 'UP', zone: null }, ROLES)).toEqual({
      name: 'w',
      size: 3,
    });
  });

  it('validate: an output-only field is refused, then a misspelling of a settable one; a new field passes', () => {
    expect(fieldRolesProblem({ name: 'w', state: 'UP', id: 'x' }, ROLES)).toBe(
      'output-only field(s) state, id cannot be set',
    );
    expect(fieldRolesProblem({ name: 'w', sise: 3 }, ROLES)).toBe(
      "unknown field 'sise' (did you mean 'size'?)",
    );
    expect(fieldRolesProblem({ name: 'w', colour: 'red' }, ROLES)).toBeUndefined();
  });

  it('replace: with editable, every other field; with recreateOnChange, only those; top-level, once', () => {
    expect(replaceFieldsOf(ROLES, changes('size', 'zone', 'tags.a', 'zone'))).toEqual(['zone']);
    expect(replaceFieldsOf(ROLES, changes('colour'))).toEqual(['colour']);
    const inverse: FieldRoles = { settable: ROLES.settable, recreateOnChange: ['zone'], source: 'x' };
    expect(replaceFieldsOf(inverse, changes('size', 'zone.sub', 'colour'))).toEqual(['zone']);
    expect(replaceFieldsOf({ settable: ['a'], source: 'x' }, changes('a'))).toEqual([]);
  });

  it('update body: the editable fields only', () => {
    expect(editableFields({ name: 'w', size: 3, zone: 'z', tags: {} }, ROLES)).toEqual({
      name: 'w',
      size: 3,
      tags: {},
    });
  });

  it('configKind derives them for a kind that only declares its fields', async () => {
    const kind = widgetKind(ROLES, [{ id: 'w1', name: 'w', size: 3, state: 'UP', zone: 'z' }]);

    expect(kind.replaceFields?.(changes('name', 'zone'))).toEqual(['zone']);

    const ctx = {
      client: {} as DatabricksClient,
      log: silentLog,
      report: new RunReport(),
      refs: new RefIndex(),
      run: new RunCache(),
      options: { workspacePaths: [], exclude: () => false },
      desired: [],
    } as TargetContext;
    const [actual] = await kind.readActual(ctx);
    expect(actual.spec).toEqual({ name: 'w', size: 3, zone: 'z' });

    await expect(kind.readDesired(await snapshotWith({ name: 'w', state: 'UP' }))).rejects.toThrow(
      /widgets\/w\.json:\d+: output-only field\(s\) state cannot be set/,
    );
    await expect(kind.readDesired(await snapshotWith({ name: 'w', zonee: 'z' }))).rejects.toThrow(
      /widgets\/w\.json:\d+: unknown field 'zonee' \(did you mean 'zone'\?\)/,
    );
    const [desired] = await kind.readDesired(await snapshotWith({ name: 'w', size: 3 }));
    expect(desired.spec).toEqual({ name: 'w', size: 3 });
  });

  it("a kind's own replaceFields adds to what its roles say", async () => {
    const spec = { ...ROLES, editable: ['name', 'tags'] };
    const kind = configKind({
      ...({} as ConfigKindSpec),
      name: 'widgets',
      folder: 'widgets',
      fields: spec,
      replaceFields: (c) => (c.some((x) => x.path === 'tags') ? ['tags'] : []),
    });
    expect(kind.replaceFields?.(changes('size', 'tags', 'tags.a'))).toEqual(['size', 'tags']);
    expect(kind.replaceFields?.(changes('tags.a'))).toEqual([]);
  });

  it.each<[string, ResourceKind, string, string]>([
    [clustersKind.folder, clustersKind, 'autotermination_minutes', 'autotermination_minute'],
    [instancePoolsKind.folder, instancePoolsKind, 'max_capacity', 'max_capacty'],
    [clusterPoliciesKind.folder, clusterPoliciesKind, 'max_clusters_per_user', 'max_cluster_per_user'],
    [jobsKind.folder, jobsKind, 'max_concurrent_runs', 'max_concurent_runs'],
    [pipelinesKind.folder, pipelinesKind, 'configuration', 'configuraton'],
    [sqlWarehousesKind.folder, sqlWarehousesKind, 'auto_stop_mins', 'auto_stop_min'],
    [reposKind.folder, reposKind, 'sparse_checkout', 'sparse_chekout'],
  ])("%s: a misspelled field is refused from the kind's roles alone", async (_, kind, right, wrong) => {
    await expect(kind.readDesired(await snapshotWith({ [wrong]: 1 }, kind.folder))).rejects.toThrow(
      `${kind.folder}/w.json:2: unknown field '${wrong}' (did you mean '${right}'?)`,
    );
  });
});
