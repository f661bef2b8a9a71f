/** Pure renderers of a verify run (issue 18): log text and the job summary's Markdown. */
import type { RecoveryPoint, VerifyResult } from '../modes/verify.js';
import { readinessMarkdown, readinessText } from './readiness.js';
import { manualChecklist, STANDING_MANUAL_STEPS } from './render.js';
import { describeEstimate, formatDuration } from './restore-estimate.js';

/** `2026-12-08 00:11 UTC (commit 774d50b518df); the previous snapshot is 1 d 2 h older (commit 1a2b3c4d5e6f)`. */
export function recoveryPointLine(rp: RecoveryPoint | undefined): string {
  if (!rp) return 'not committed (no git history to date it)';
  const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const previous = rp.previous
    ? `; the previous snapshot is ${formatDuration((Date.parse(rp.time) - Date.parse(rp.previous.time)) / 1000)} older (commit ${rp.previous.commit.slice(0, 12)})`
    : '; no previous snapshot';
  return `${when(rp.time)} (commit ${rp.commit.slice(0, 12)})${previous}`;
}

export function verdict(result: VerifyResult): string {
  return result.restorable
    ? 'restorable as is'
    : `not restorable as is (${result.problems.length} problem(s))`;
}

function estimateLine(result: VerifyResult): string {
  return result.estimate
    ? `${describeEstimate(result.estimate)}, into an empty workspace`
    : 'unknown (the restore did not get past the plan)';
}

function placeholderLine(result: VerifyResult): string | undefined {
  if (!result.placeholders.length) return undefined;
  return `Secret values: verify supplied placeholders for ${result.placeholders.length} key(s) (${result.placeholders.join(', ')}); values are never exported, a real restore takes them from the 'secrets' input.`;
}

function catalogLine(result: VerifyResult): string | undefined {
  return result.catalogRecorded
    ? undefined
    : "The snapshot has no workspace-catalog.json (exported before it was recorded): node types and runtimes were checked against the emulator's own lists; export again to record the primary's.";
}

export function verifyText(result: VerifyResult): string {
  const lines = [`Verify: ${verdict(result)}`];
  for (const p of result.problems) lines.push(`  not restorable: ${p}`);
  for (const n of result.notHeld) lines.push(`  not held by the emulator: ${n}`);
  lines.push(`Recovery point: ${recoveryPointLine(result.recoveryPoint)}`);
  lines.push(`Restore time: ${estimateLine(result)}`);
  for (const line of [placeholderLine(result), catalogLine(result)]) if (line) lines.push(line);
  if (result.readiness.length) lines.push(readinessText(result.readiness));
  lines.push('Manual checklist of a real restore:');
  for (const f of result.report.sorted(result.report.manual))
    lines.push(`  - ${f.kind} ${f.key}: ${f.reason}`);
  for (const step of STANDING_MANUAL_STEPS) lines.push(`  - ${step}`);
  return lines.join('\n');
}

export function verifyMarkdown(result: VerifyResult): string {
  const bullets = (title: string, items: string[]) =>
    items.length ? `\n### ${title} (${items.length})\n\n${items.map((i) => `- ${i}`).join('\n')}\n` : '';
  const notes = [placeholderLine(result), catalogLine(result)].filter(Boolean).map((l) => `\n${l}\n`);
  return (
    `## databricks-dr verify: ${verdict(result)}\n\n` +
    `Restored${result.commit ? ` commit \`${result.commit.slice(0, 12)}\`` : ''} into an emulated workspace on 127.0.0.1 (no real workspace contacted).\n\n` +
    `- **Recovery point:** ${recoveryPointLine(result.recoveryPoint)}\n` +
    `- **Restore time:** ${estimateLine(result)}\n` +
    bullets('Not restorable', result.problems) +
    bullets('Not held by the emulator', result.notHeld) +
    notes.join('') +
    (result.readiness.length ? readinessMarkdown(result.readiness) : '') +
    manualChecklist(result.report)
  );
}
