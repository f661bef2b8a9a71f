/** What a run did, kind by kind: the data behind the log lines, the job summary and the outputs. */

export type Counter = 'exported' | 'unchanged' | 'created' | 'updated' | 'deleted' | 'skipped' | 'failed';

export interface Finding {
  kind: string;
  key: string;
  reason: string;
}

export class RunReport {
  readonly counts = new Map<string, Record<Counter, number>>();
  readonly skipped: Finding[] = [];
  readonly failed: Finding[] = [];
  readonly warnings: Finding[] = [];
  /** Things a person must still do by hand for the DR copy to be complete. */
  readonly manual: Finding[] = [];

  count(kind: string, counter: Counter, n = 1): void {
    let row = this.counts.get(kind);
    if (!row) {
      row = { exported: 0, unchanged: 0, created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 };
      this.counts.set(kind, row);
    }
    row[counter] += n;
  }

  skip(kind: string, key: string, reason: string): void {
    this.skipped.push({ kind, key, reason });
    this.count(kind, 'skipped');
  }

  fail(kind: string, key: string, reason: string): void {
    this.failed.push({ kind, key, reason });
    this.count(kind, 'failed');
  }

  warn(kind: string, key: string, reason: string): void {
    this.warnings.push({ kind, key, reason });
  }

  total(counter: Counter): number {
    let n = 0;
    for (const row of this.counts.values()) n += row[counter];
    return n;
  }

  /** Findings in a stable order, so reports and tests do not depend on request timing. */
  sorted(list: Finding[]): Finding[] {
    return [...list].sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
  }
}
