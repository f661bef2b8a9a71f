import { diffJson } from '../../src/plan/diff.js';
import { countChanges, planFromWaves, planLine, planWaves, type Plan } from '../../src/plan/plan.js';
import { orderChanges, planKind, PlanError, type PlanObject } from '../../src/plan/planner.js';
import {
  collectRefs,
  keyFromName,
  parseRef,
  refString,
  resolveRefs,
  uniqueKeys,
} from '../../src/plan/references.js';

const obj = (
  key: string,
  spec: Record<string, unknown>,
  refs: Array<[string, string]> = [],
  kind = 'clusters',
): PlanObject => ({
  kind,
  key,
  spec: spec as PlanObject['spec'],
  refs: refs.map(([k, v]) => ({ kind: k, key: v })),
  label: `${kind}/${key}`,
});
const opts = { prune: false, allowReplace: false, deletable: () => undefined };

describe('planKind', () => {
  test('create, update, no-op and delete (blocked without prune)', () => {
    const plan = planKind(
      [obj('a', { n: 1 }), obj('b', { n: 2 }), obj('c', { n: 3 })],
      [obj('b', { n: 2 }), obj('c', { n: 4 }), obj('d', { n: 5 })],
      opts,
    );
    expect(plan.map((c) => [c.key, c.action, c.blocked ?? ''])).toEqual([
      ['a', 'create', ''],
      ['b', 'no-op', ''],
      ['c', 'update', ''],
      ['d', 'delete', 'not in the snapshot; deleting needs prune'],
    ]);
    expect(plan[2].changes).toEqual([{ path: 'n', before: 4, after: 3 }]);
    expect(countChanges(plan)).toEqual({
      create: 1,
      update: 1,
      replace: 0,
      delete: 0,
      'no-op': 1,
      blocked: 1,
      unrestorable: 0,
      held: 0,
      unmanaged: 1,
    });
    // What prune would delete is said after the counts, in a suffix that keeps the line's shape.
    expect(planLine(countChanges(plan))).toBe(
      'Plan: 1 to create, 1 to update, 0 to delete (1 not deleted: prune is off)',
    );
    const pruned = planKind([obj('a', { n: 1 })], [obj('d', { n: 5 })], { ...opts, prune: true });
    expect(planLine(countChanges(pruned))).toBe('Plan: 1 to create, 0 to update, 1 to delete');
  });

  test('parts of a target object kept because prune is off count as unmanaged, not as replaces', () => {
    const plan = planKind([obj('g', { n: 1 })], [obj('g', { n: 1 })], opts);
    plan[0].kept = ['members.users "bob@example.com"', 'entitlements "allow-cluster-create"'];
    expect(countChanges(plan)).toMatchObject({ 'no-op': 1, blocked: 2, unmanaged: 2 });
    expect(planLine(countChanges(plan))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete (2 not deleted: prune is off)',
    );
  });

  test('prune on deletes, but never what the kind protects', () => {
    const plan = planKind([], [obj('d', {}), obj('keep', {})], {
      ...opts,
      prune: true,
      deletable: (o) => (o.key === 'keep' ? 'default policy' : undefined),
    });
    expect(plan.map((c) => [c.key, c.action, c.blocked])).toEqual([['d', 'delete', undefined]]);
  });

  test('a field that cannot change in place is a replace, blocked without consent', () => {
    const replaceFields = () => ['node_type_id'];
    const blocked = planKind([obj('p', { node_type_id: 'B' })], [obj('p', { node_type_id: 'A' })], {
      ...opts,
      replaceFields,
    });
    expect(blocked[0]).toMatchObject({ action: 'replace', blocked: expect.stringMatching(/allow-replace/) });
    expect(countChanges(blocked)).toMatchObject({ replace: 0, blocked: 1, unmanaged: 0 });
    expect(planLine(countChanges([...blocked, ...planKind([], [obj('d', {}), obj('e', {})], opts)]))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete (2 not deleted: prune is off; 1 not replaced: allow-replace is off)',
    );
    const allowed = planKind([obj('p', { node_type_id: 'B' })], [obj('p', { node_type_id: 'A' })], {
      ...opts,
      replaceFields,
      allowReplace: true,
    });
    expect(allowed[0].blocked).toBeUndefined();
    expect(planLine(countChanges(allowed))).toBe('Plan: 1 to create, 0 to update, 1 to delete');
  });

  test('two objects with one key stop the plan, naming both', () => {
    expect(() => planKind([], [obj('x', {}), { ...obj('x', {}), label: 'other x' }], opts)).toThrow(
      new PlanError(
        "two clusters objects in the target workspace have the key 'x': clusters/x and other x; rename one of them",
      ),
    );
    expect(() => planKind([obj('x', {}), obj('x', {})], [], opts)).toThrow(
      /in the snapshot have the key 'x'/,
    );
  });
});

describe('orderChanges', () => {
  const kinds = ['instance_pools', 'clusters', 'jobs'];
  test('what is referenced comes first; independent changes share a wave; deletes run last, dependents first', () => {
    const changes = [
      ...planKind(
        [obj('job', {}, [['clusters', 'c']], 'jobs')],
        [obj('old_job', {}, [['clusters', 'old_c']], 'jobs')],
        { ...opts, prune: true },
      ),
      ...planKind([obj('c', {}, [['instance_pools', 'p']])], [obj('old_c', {})], { ...opts, prune: true }),
      ...planKind([obj('p', {}, [], 'instance_pools'), obj('q', {}, [], 'instance_pools')], [], opts),
    ];
    const waves = orderChanges(changes, kinds).map((w) => w.map((c) => `${c.action} ${c.kind}.${c.key}`));
    expect(waves).toEqual([
      ['create instance_pools.p', 'create instance_pools.q'],
      ['create clusters.c'],
      ['create jobs.job'],
      ['delete jobs.old_job'],
      ['delete clusters.old_c'],
    ]);
  });

  test('a cycle is an error naming an edge', () => {
    const changes = planKind(
      [obj('a', {}, [['jobs', 'b']], 'jobs'), obj('b', {}, [['jobs', 'a']], 'jobs')],
      [],
      opts,
    );
    expect(() => orderChanges(changes, kinds)).toThrow(/reference cycle: jobs\.(a|b) -> jobs\.(a|b)/);
  });
});

describe('the plan value', () => {
  test('plain data: the changes in execution order with their waves, surviving a JSON round trip', () => {
    const waves = orderChanges(
      [
        ...planKind([obj('c', {}, [['instance_pools', 'p']])], [], opts),
        ...planKind(
          [obj('p', { n: 1 }, [], 'instance_pools')],
          [obj('p', { n: 2 }, [], 'instance_pools')],
          opts,
        ),
        ...planKind([obj('q', {}, [], 'instance_pools')], [obj('q', {}, [], 'instance_pools')], opts),
      ],
      ['instance_pools', 'clusters'],
    );
    const plan = planFromWaves(waves);
    expect(plan.changes.map((c) => `${c.action} ${c.key}`)).toEqual(['update p', 'no-op q', 'create c']);
    expect(plan.waveSizes).toEqual([2, 1]);
    expect(planWaves(plan)).toEqual(waves);
    expect(plan).toMatchObject({ line: 'Plan: 1 to create, 1 to update, 0 to delete', hasChanges: true });
    const copy = JSON.parse(JSON.stringify(plan)) as Plan;
    expect(copy).toEqual(plan);
    expect(planWaves(copy)).toEqual(waves);
  });
});

describe('references', () => {
  test('parse, collect, resolve', () => {
    const ref = refString('instance_pools', 'etl_pool');
    expect(ref).toBe('${resources.instance_pools.etl_pool.id}');
    expect(parseRef(ref)).toEqual({ kind: 'instance_pools', key: 'etl_pool' });
    expect(parseRef('${resources.x}')).toBeUndefined();
    const spec = { a: ref, b: [{ c: refString('jobs', 'child') }], d: 'plain', e: '${resources.bad' };
    const { refs, malformed } = collectRefs(spec);
    expect(refs).toEqual([
      { kind: 'instance_pools', key: 'etl_pool' },
      { kind: 'jobs', key: 'child' },
    ]);
    expect(malformed).toEqual(['${resources.bad']);
    const resolved = resolveRefs(spec, (r) => (r.kind === 'jobs' ? 123456789012345 : undefined));
    expect(resolved.value).toEqual({ ...spec, b: [{ c: 123456789012345 }] });
    expect(resolved.unresolved).toEqual([{ kind: 'instance_pools', key: 'etl_pool' }]);
  });

  test('keys from names are stable and unique', () => {
    expect(keyFromName('Nightly ETL (prod)')).toBe('nightly_etl_prod');
    expect(keyFromName('Crème brûlée')).toBe('creme_brulee');
    expect(keyFromName('データ')).toMatch(/^n_[0-9a-f]{10}$/);
    expect(keyFromName('データ')).toBe(keyFromName('データ'));
    expect(keyFromName('データ')).not.toBe(keyFromName('レポート'));
    expect(keyFromName('  ')).toBe('unnamed');
    const items = [
      { name: 'ETL', t: 2 },
      { name: 'etl', t: 1 },
      { name: 'ETL', t: 3 },
    ];
    const keys = uniqueKeys(
      items,
      (i) => i.name,
      (a, b) => a.t - b.t,
      ['etl_2'],
    );
    expect(items.map((i) => keys.get(i))).toEqual(['etl_3', 'etl', 'etl_4']);
  });

  test('int64 ids compare equal whether parsed as bigint or number', () => {
    expect(diffJson({ id: 5558306221970383000n }, { id: 5558306221970383000n })).toEqual([]);
    expect(diffJson({ id: 12n }, { id: 12 })).toEqual([]);
    expect(diffJson({ a: [1, 2] }, { a: [1] })).toEqual([{ path: 'a[1]', before: 2 }]);
  });
});
