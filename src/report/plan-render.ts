import type { FieldChange } from '../plan/diff.js';
import { listedChanges, shownChanges, type PlannedChange, type Plan, type PlanAction } from '../plan/plan.js';
import { redactCredentials } from '../security/credentials.js';
import { toJson, type JsonValue } from '../util/json.js';

/** Pure renderers for a plan: log text, Markdown (job summary, PR comment) and plan.json. */

const SYMBOL: Record<PlanAction, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  'no-op': ' ',
};

function show(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? JSON.stringify(value) : toJson(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function describeChange(c: FieldChange): string {
  if (c.path === 'sha256') return 'content changed';
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

/** A part of the target that is left because prune is off (a group's extra member). */
function describeKept(part: string): string {
  return `keeps ${part} (not in the snapshot; removing needs prune)`;
}

/** A folder deleted with what is inside it: one line that says how much goes with it. */
function withContents(c: PlannedChange): string {
  const n = c.deletesWithIt;
  return n
    ? ` (and the ${n.toLocaleString('en-US')} object${n === 1 ? '' : 's'} in it, one recursive delete)`
    : '';
}

export function planText(plan: Plan, maxFields = 20): string {
  const lines = [plan.line];
  for (const c of listedChanges(plan)) {
    lines.push(
      `  ${SYMBOL[c.action]} ${c.kind} ${c.key}${withContents(c)}${c.blocked ? ` (not applied: ${c.blocked})` : ''}`,
    );
    if (c.note) lines.push(`      note: ${c.note}`);
    if (c.action === 'update' || c.action === 'replace') {
      for (const f of c.changes.slice(0, maxFields)) lines.push(`      ${describeChange(f)}`);
      if (c.changes.length > maxFields) lines.push(`      ...and ${c.changes.length - maxFields} more`);
    }
    for (const part of c.kept ?? []) lines.push(`      ${describeKept(part)}`);
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function planMarkdown(plan: Plan, title: string, maxRows = 300): string {
  const out = [`## ${title}`, '', `**${plan.line}**`];
  const changes = listedChanges(plan);
  if (changes.length === 0) {
    out.push('', 'The target workspace already matches the snapshot.');
    return out.join('\n') + '\n';
  }
  const kinds = [...new Set(changes.map((c) => c.kind))];
  for (const kind of kinds) {
    const rows = changes.filter((c) => c.kind === kind);
    const table = ['| | object | changes |', '| --- | --- | --- |'];
    for (const c of rows.slice(0, maxRows)) {
      const described = [
        ...(c.action === 'update' || c.action === 'replace' ? c.changes.map(describeChange) : []),
        ...(c.kept ?? []).map(describeKept),
      ];
      const fields =
        described
          .slice(0, 5)
          .map((f) => `\`${cell(f)}\``)
          .join('<br>') + (described.length > 5 ? `<br>…and ${described.length - 5} more` : '');
      const blocked = c.blocked ? ` _(not applied: ${cell(c.blocked)})_` : '';
      const note = c.note ? `<br>_${cell(c.note)}_` : '';
      table.push(`| ${c.action} | \`${cell(c.key)}\`${cell(withContents(c))}${blocked}${note} | ${fields} |`);
    }
    if (rows.length > maxRows) table.push(`| | …and ${rows.length - maxRows} more | |`);
    // Counted over every object, those a folder's delete takes with it too.
    const all = shownChanges(plan).filter((c) => c.kind === kind);
    const counts = (['create', 'update', 'replace', 'delete'] as const)
      .map((a) => [a, all.filter((c) => c.action === a).length] as const)
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${n} ${a}`)
      .join(', ');
    const body = table.join('\n');
    out.push('', counts ? `### ${kind} (${counts})` : `### ${kind}`, '');
    out.push(
      rows.length > 20 ? `<details><summary>${rows.length} changes</summary>\n\n${body}\n\n</details>` : body,
    );
  }
  return out.join('\n') + '\n';
}

/**
 * plan.json: the plan as data, for review tools and later steps of a workflow. Every string has its
 * token-format credentials redacted (a target object named by a token, a secret in the target's content):
 * the file is an artifact of the run, not a record, and is never read back.
 */
export function planJson(plan: Plan, readiness?: unknown[]): unknown {
  return redactStrings({
    format: 1,
    summary: plan.line,
    ...(readiness ? { readiness } : {}),
    counts: plan.counts,
    has_changes: plan.hasChanges,
    changes: shownChanges(plan).map((c) => ({
      kind: c.kind,
      key: c.key,
      action: c.action,
      ...(c.blocked ? { blocked: c.blocked } : {}),
      ...(c.note ? { note: c.note } : {}),
      changes: c.changes,
      ...(c.kept?.length ? { kept: c.kept } : {}),
      ...(c.deletedWith !== undefined ? { deleted_with: c.deletedWith } : {}),
      ...(c.deletesWithIt ? { deletes_with_it: c.deletesWithIt } : {}),
      depends_on: c.dependsOn.map((r) => `${r.kind}.${r.key}`),
    })),
  });
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactCredentials(k), redactStrings(v)]),
    );
  return value;
}
