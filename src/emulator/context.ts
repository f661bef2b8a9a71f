import type { IdGenerator, Prng } from './random.js';

/** What every store shares: the clock, the id generator and the workspace's identity. */
export interface EmulatorContext {
  /** Milliseconds since the epoch, for created/modified timestamps (the `now` option; Date.now by default). */
  now(): number;
  ids: IdGenerator;
  /** Randomness for stores (e.g. realistic generated values); seeded, separate from ids and faults. */
  random: Prng;
  /** The workspace id, answered in the X-Databricks-Org-Id header. */
  orgId: string;
}
