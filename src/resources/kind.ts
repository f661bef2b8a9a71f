import type { DatabricksClient } from '../databricks/client.js';
import type { RunReport } from '../report/report.js';
import type { SnapshotWriter, SnapshotReader } from '../snapshot/store.js';
import type { Log } from '../util/log.js';

export interface ExportOptions {
  /** Workspace roots to export. */
  workspacePaths: string[];
  /** Matches workspace paths (and object names of other kinds) to leave out. */
  exclude: (path: string) => boolean;
}

export interface ExportContext {
  client: DatabricksClient;
  log: Log;
  options: ExportOptions;
  /** The new snapshot, written to a staging folder and swapped in only when the whole export succeeded. */
  out: SnapshotWriter;
  /** The snapshot as it was before this run (empty on the first run), to skip unchanged content. */
  previous: SnapshotReader;
  report: RunReport;
  /** Called once per object exported, for progress displays. */
  progress?: (kind: string, key: string) => void;
}

/**
 * One Databricks resource kind (workspace tree, clusters, jobs, ...). The registry is the only list of
 * kinds; modes loop over it and never name a kind.
 */
export interface ResourceKind {
  /** Name in reports and in `${resources.<name>.<key>.id}` references. */
  readonly name: string;
  /** Top-level folder (or file) of the snapshot this kind owns. */
  readonly folder: string;
  export(ctx: ExportContext): Promise<void>;
}
