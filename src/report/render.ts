import type { ExportResult } from '../modes/export.js';
import type { Counter, Finding, RunReport } from './report.js';

/** Pure renderers: a run's report as log text and as Markdown for the job summary. */

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(headers: string[], rows: string[][]): string {
  const head = `| ${headers.join(' | ')} |`;
  const sep = `|${headers.map(() => ' --- ').join('|')}|`;
  return [head, sep, ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)].join('\n');
}

export function countsTable(report: RunReport, columns: Counter[]): string {
  const rows = [...report.counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, row]) => [kind, ...columns.map((c) => String(row[c]))]);
  return table(['kind', ...columns], rows);
}

function findingsSection(title: string, findings: Finding[], limit = 200): string {
  if (findings.length === 0) return '';
  const rows = findings.slice(0, limit).map((f) => [f.kind, `\`${f.key}\``, f.reason]);
  const more = findings.length > limit ? `\n\n…and ${findings.length - limit} more (see the log).` : '';
  return `\n\n### ${title} (${findings.length})\n\n${table(['kind', 'object', 'reason'], rows)}${more}`;
}

export function exportSummaryMarkdown(result: ExportResult, links: { commitUrl?: string } = {}): string {
  const { report, changes } = result;
  const commit = result.commitSha
    ? links.commitUrl
      ? `[\`${result.commitSha.slice(0, 12)}\`](${links.commitUrl})`
      : `\`${result.commitSha.slice(0, 12)}\``
    : '';
  const counts = `${changes.added} added, ${changes.modified} changed, ${changes.deleted} removed`;
  const headline = !result.committing
    ? `Written to \`${result.snapshotDir}\`, not committed (commit is off): ${counts} files.`
    : result.changed
      ? `Committed ${commit}: ${counts}.`
      : 'No changes since the last snapshot: nothing committed.';
  return (
    `## databricks-dr export\n\n${headline}\n\n` +
    countsTable(report, ['exported', 'unchanged', 'skipped', 'failed']) +
    findingsSection('Skipped', report.sorted(report.skipped)) +
    findingsSection('Warnings', report.sorted(report.warnings)) +
    '\n' +
    manualChecklist(report, NOT_RECORDED)
  );
}

export function exportSummaryText(result: ExportResult): string {
  const { report, changes } = result;
  const lines = [
    `Export: ${report.total('exported')} exported, ${report.total('unchanged')} unchanged, ${report.total('skipped')} skipped`,
  ];
  for (const f of report.sorted(report.skipped)) lines.push(`  skipped ${f.kind} ${f.key}: ${f.reason}`);
  for (const f of report.sorted(report.warnings)) lines.push(`  warning ${f.kind} ${f.key}: ${f.reason}`);
  for (const f of report.sorted(report.manual)) lines.push(`  manual step: ${f.kind} ${f.key}: ${f.reason}`);
  const counts = `${changes.added} added, ${changes.modified} changed, ${changes.deleted} removed`;
  lines.push(
    !result.committing
      ? `Snapshot: written to ${result.snapshotDir}, not committed: ${counts} files`
      : result.changed
        ? `Snapshot: ${counts}; commit ${result.commitSha}`
        : 'Snapshot: no changes',
  );
  return lines.join('\n');
}

/** What no API can read, so no snapshot holds it: listed under every export, plan and apply. */
export const NOT_RECORDED = [
  'DBFS mounts: no API returns their credentials; re-create them (or move to Unity Catalog external locations).',
  'Unity Catalog: the metastore assignment, tables, views, functions, connections and all data are not part of this record (catalogs, schemas, volumes, locations, credentials and grants are).',
  'Networking and workspace settings: VNet injection, private endpoints, IP access lists, admin console settings.',
];

/**
 * What no API can restore, so a DR runbook stays complete: always listed after a plan or apply, after what
 * the run found (secret values not supplied, users missing from the identity provider, ...).
 */
export const STANDING_MANUAL_STEPS = [
  ...NOT_RECORDED,
  'Point users, BI tools and upstream systems at the secondary workspace URL.',
];

export function manualChecklist(
  report: RunReport,
  standing: readonly string[] = STANDING_MANUAL_STEPS,
): string {
  const found = report.sorted(report.manual).map((f) => `- [ ] ${f.kind} \`${f.key}\`: ${f.reason}`);
  const steps = standing.map((s) => `- [ ] ${s}`);
  return `\n### Manual checklist\n\n${[...found, ...steps].join('\n')}\n`;
}

/**
 * What a plan (or dry run) found before anything was written: warnings (secret values not supplied,
 * principals the target lacks) and the checklist of what will stay manual.
 */
export function planFindingsMarkdown(report: RunReport): string {
  return (
    findingsSection('Warnings', report.sorted(report.warnings)).replace(/^\n/, '') +
    '\n' +
    manualChecklist(report)
  );
}

/** The snapshot's commit, linked to the repository when the runner says where it is. */
export function snapshotCommitMarkdown(
  commit: string,
  env: { server?: string; repository?: string },
): string {
  const short = `\`${commit.slice(0, 12)}\``;
  const shown = env.repository
    ? `[${short}](${env.server ?? 'https://github.com'}/${env.repository}/commit/${commit})`
    : `\`${commit}\``;
  return `\nSnapshot: commit ${shown}\n`;
}

export function applySummaryMarkdown(report: RunReport): string {
  return (
    '\n### Applied\n\n' +
    countsTable(report, ['created', 'updated', 'deleted', 'skipped', 'failed']) +
    findingsSection('Failed', report.sorted(report.failed)) +
    findingsSection('Skipped', report.sorted(report.skipped)) +
    findingsSection('Warnings', report.sorted(report.warnings)) +
    '\n' +
    manualChecklist(report)
  );
}

export function applySummaryText(report: RunReport): string {
  const lines = [
    `Applied: ${report.total('created')} created, ${report.total('updated')} updated, ${report.total('deleted')} deleted, ${report.total('skipped')} skipped, ${report.total('failed')} failed`,
  ];
  for (const f of report.sorted(report.failed)) lines.push(`  failed ${f.kind} ${f.key}: ${f.reason}`);
  for (const f of report.sorted(report.skipped)) lines.push(`  skipped ${f.kind} ${f.key}: ${f.reason}`);
  for (const f of report.sorted(report.manual)) lines.push(`  manual step: ${f.kind} ${f.key}: ${f.reason}`);
  return lines.join('\n');
}
