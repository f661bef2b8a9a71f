import { countChanges, planLine, type Plan } from '../../src/plan/plan.js';
import { planKind, type PlanObject } from '../../src/plan/planner.js';
import { planJson, planMarkdown, planText } from '../../src/report/plan-render.js';

const obj = (kind: string, key: string, spec: Record<string, unknown>): PlanObject => ({
  kind,
  key,
  spec: spec as PlanObject['spec'],
  refs: [],
  label: `${kind}/${key}`,
});

/** A plan over two kinds: every action, a blocked delete and a blocked replace, and one long kind. */
function samplePlan(): Plan {
  const pools = planKind(
    [obj('instance_pools', 'p', { node_type_id: 'B' })],
    [obj('instance_pools', 'p', { node_type_id: 'A' })],
    { prune: false, allowReplace: false, deletable: () => undefined, replaceFields: () => ['node_type_id'] },
  );
  const jobs = planKind(
    [
      obj('jobs', 'etl', {
        name: 'ETL',
        max_concurrent_runs: 1,
        tags: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' },
      }),
      obj('jobs', 'new', { name: 'New' }),
      obj('jobs', 'same', { name: 'Same' }),
      ...Array.from({ length: 22 }, (_, i) =>
        obj('jobs', `bulk_${String(i).padStart(2, '0')}`, { name: `b${i}` }),
      ),
    ],
    [
      obj('jobs', 'etl', { name: 'ETL', max_concurrent_runs: 4 }),
      obj('jobs', 'same', { name: 'Same' }),
      obj('jobs', 'old', { name: 'Old' }),
    ],
    { prune: false, allowReplace: false, deletable: () => undefined },
  );
  const changes = [...pools, ...jobs];
  const counts = countChanges(changes);
  return { changes, counts, line: planLine(counts), hasChanges: true } as unknown as Plan;
}

describe('plan renderers', () => {
  test('planText: the line, then one line per change, fields of updates indented and capped', () => {
    const text = planText(samplePlan(), 3).split('\n');
    expect(text[0]).toBe(
      'Plan: 23 to create, 1 to update, 0 to delete (1 not deleted: prune is off; 1 not replaced: allow-replace is off)',
    );
    expect(text).toContain(
      '  -/+ instance_pools p (not applied: replacing needs consent: set allow-replace (node_type_id changed))',
    );
    const pool = text.indexOf(
      '  -/+ instance_pools p (not applied: replacing needs consent: set allow-replace (node_type_id changed))',
    );
    // A note says what the change does beyond its fields, before them.
    expect(text.slice(pool + 1, pool + 3)).toEqual([
      '      note: node_type_id cannot change in place',
      '      node_type_id: "A" -> "B"',
    ]);
    const etl = text.indexOf('  ~ jobs etl');
    expect(text.slice(etl, etl + 5)).toEqual([
      '  ~ jobs etl',
      '      max_concurrent_runs: 4 -> 1',
      '      tags: (none) -> {"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}',
      '  + jobs new',
      '  - jobs old (not applied: not in the snapshot; deleting needs prune)',
    ]);
    expect(text.some((l) => l.includes('jobs same'))).toBe(false);
  });

  test('planMarkdown: the line in bold, one table per kind with its counts, long tables folded', () => {
    const md = planMarkdown(samplePlan(), 'databricks-dr plan: dr.example', 10);
    expect(md.startsWith('## databricks-dr plan: dr.example\n\n**Plan: 23 to create')).toBe(true);
    expect(md).toContain(
      [
        '### instance_pools (1 replace)',
        '',
        '| | object | changes |',
        '| --- | --- | --- |',
        '| replace | `p` _(not applied: replacing needs consent: set allow-replace (node_type_id changed))_<br>_node_type_id cannot change in place_ | `node_type_id: "A" -> "B"` |',
      ].join('\n'),
    );
    expect(md).toContain(
      '### jobs (23 create, 1 update, 1 delete)\n\n<details><summary>25 changes</summary>',
    );
    expect(md).toContain('| …and 15 more | |');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
    const clean = {
      ...samplePlan(),
      changes: [],
      line: 'Plan: 0 to create, 0 to update, 0 to delete',
    } as Plan;
    expect(planMarkdown(clean, 't')).toBe(
      '## t\n\n**Plan: 0 to create, 0 to update, 0 to delete**\n\nThe target workspace already matches the snapshot.\n',
    );
  });

  test('planJson: the plan as data, no-ops left out', () => {
    const json = planJson(samplePlan()) as {
      format: number;
      summary: string;
      counts: Record<string, number>;
      has_changes: boolean;
      changes: Array<Record<string, unknown>>;
    };
    expect(json.format).toBe(1);
    expect(json.summary).toBe(samplePlan().line);
    expect(json.counts).toEqual({
      create: 23,
      update: 1,
      replace: 0,
      delete: 0,
      'no-op': 1,
      blocked: 2,
      unrestorable: 0,
      held: 0,
      unmanaged: 1,
    });
    expect(json.has_changes).toBe(true);
    expect(json.changes).toHaveLength(26);
    expect(json.changes[0]).toEqual({
      kind: 'instance_pools',
      key: 'p',
      action: 'replace',
      blocked: 'replacing needs consent: set allow-replace (node_type_id changed)',
      note: 'node_type_id cannot change in place',
      changes: [{ path: 'node_type_id', before: 'A', after: 'B' }],
      depends_on: [],
    });
    expect(json.changes.find((c) => c.key === 'old')).toEqual({
      kind: 'jobs',
      key: 'old',
      action: 'delete',
      blocked: 'not in the snapshot; deleting needs prune',
      changes: [{ path: '(object)', before: { name: 'Old' } }],
      depends_on: [],
    });
  });
});
