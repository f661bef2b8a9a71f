/**
 * Readiness at a glance (issue 18): for each kind, how many objects the snapshot holds, how many a restore
 * writes, which are skipped and why, and how many manual steps remain. One table per run, in the job
 * summary and in plan.json, so that a reviewer sees coverage beside the diff. Pure.
 */
import type { Plan } from '../plan/plan.js';
import type { DesiredObject } from '../resources/kind.js';
import { KINDS } from '../resources/registry.js';
import type { RunReport } from './report.js';

export interface ReadinessRow {
  kind: string;
  objects: number;
  restorable: number;
  skipped: number;
  /** The distinct reasons, first ones only (the findings list them all). */
  why: string[];
  manual: number;
}

const REASONS_SHOWN = 2;

export function readiness(
  plan: Plan,
  snapshot: ReadonlyMap<string, DesiredObject>,
  report: RunReport,
): ReadinessRow[] {
  const rows: ReadinessRow[] = [];
  const desired = [...snapshot.values()];
  const kinds = [
    ...KINDS.map((k) => k.name),
    ...new Set(desired.map((d) => d.kind).filter((k) => !KINDS.some((x) => x.name === k))),
  ];
  for (const kind of kinds) {
    const mine = desired.filter((d) => d.kind === kind);
    const keys = new Set(mine.map((d) => d.key));
    // A skipped object: unrestorable in the plan, or skipped or failed by the apply (what needed a failure).
    const skipped = new Map<string, string>();
    for (const c of plan.changes)
      if (c.kind === kind && c.unrestorable && c.blocked) skipped.set(c.key, c.blocked);
    for (const f of [...report.skipped, ...report.failed])
      if (f.kind === kind && !skipped.has(f.key)) skipped.set(f.key, f.reason);
    const manual = report.manual.filter((f) => f.kind === kind).length;
    if (mine.length === 0 && skipped.size === 0 && manual === 0) continue;
    const notRestored = [...skipped.keys()].filter((k) => keys.has(k));
    rows.push({
      kind,
      objects: mine.length,
      restorable: mine.length - notRestored.length,
      skipped: skipped.size,
      why: [...new Set(skipped.values())].slice(0, REASONS_SHOWN),
      manual,
    });
  }
  return rows;
}

function whyCell(row: ReadinessRow): string {
  if (row.skipped === 0) return '0';
  const more = row.skipped > row.why.length ? '; …' : '';
  return `${row.skipped} (${row.why.join('; ')}${more})`;
}

export function readinessMarkdown(rows: readonly ReadinessRow[]): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| kind | objects | restorable | skipped (why) | manual steps |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.kind} | ${r.objects} | ${r.restorable} | ${cell(whyCell(r))} | ${r.manual} |`),
  ];
  return `\n### Readiness\n\n${lines.join('\n')}\n`;
}

export function readinessText(rows: readonly ReadinessRow[]): string {
  const lines = ['Readiness (kind: objects, restorable, skipped, manual steps):'];
  for (const r of rows)
    lines.push(
      `  ${r.kind}: ${r.objects}, ${r.restorable} restorable, ${whyCell(r)} skipped, ${r.manual} manual`,
    );
  return lines.join('\n');
}

/** The table as plan.json carries it. */
export function readinessJson(rows: readonly ReadinessRow[]): unknown[] {
  return rows.map((r) => ({
    kind: r.kind,
    objects: r.objects,
    restorable: r.restorable,
    skipped: r.skipped,
    skipped_why: r.why,
    manual_steps: r.manual,
  }));
}
