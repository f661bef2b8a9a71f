/**
 * How long a full restore into an empty workspace takes at least: the requests it needs, grouped by the
 * per-endpoint budget each draws from (src/databricks/rate-limits.ts, Databricks' published limits), and
 * the longest of those budgets' times (budgets run side by side; a restore can be no faster than its
 * busiest budget). Requests no published limit covers add to the count, not to the time. Pure.
 */
import { DATABRICKS_ENDPOINT_LIMITS, endpointLimit } from '../databricks/rate-limits.js';

export interface RestoreEstimate {
  requests: number;
  /** At least this long at the published limits. */
  seconds: number;
  /** The budget that sets `seconds`, e.g. `workspace/import`. */
  bottleneck?: string;
  /** Requests per budget name; `other` for requests no published limit covers. */
  byBudget: Record<string, number>;
}

export function estimateRestore(requests: Iterable<{ method: string; path: string }>): RestoreEstimate {
  const byBudget: Record<string, number> = {};
  let total = 0;
  for (const r of requests) {
    total++;
    const name = endpointLimit(r.method, r.path)?.name ?? 'other';
    byBudget[name] = (byBudget[name] ?? 0) + 1;
  }
  let seconds = 0;
  let bottleneck: string | undefined;
  for (const row of DATABRICKS_ENDPOINT_LIMITS) {
    const t = (byBudget[row.name] ?? 0) / row.rps;
    if (t > seconds) [seconds, bottleneck] = [t, row.name];
  }
  return { requests: total, seconds, ...(bottleneck ? { bottleneck } : {}), byBudget };
}

/** `6 min 50 s`, `2 h 3 min`, `1 d 2 h`, `12 s`, `under 1 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under 1 s';
  const s = Math.ceil(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return rest ? `${m} min ${rest} s` : `${m} min`;
  return `${rest} s`;
}

/** `12,351 requests, at least 6 min 50 s at the published limits (busiest: workspace/import, 9,000)`. */
export function describeEstimate(e: RestoreEstimate): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const busiest = e.bottleneck ? ` (busiest: ${e.bottleneck}, ${n(e.byBudget[e.bottleneck])})` : '';
  return `${n(e.requests)} requests, at least ${formatDuration(e.seconds)} at the published limits${busiest}`;
}

/** What a real apply took beside what the published limits allow for the requests it sent. */
export function measuredLine(elapsedMs: number, sent: Iterable<{ method: string; path: string }>): string {
  return `Restore time: measured ${formatDuration(elapsedMs / 1000)}; estimate ${describeEstimate(estimateRestore(sent))}`;
}
