/**
 * What an emulated API is (index.ts holds the one list of them). Apart from index.ts so that a module
 * names the stores it reads without importing the list that imports it.
 */
import type { Router } from '../router.js';

export interface ApiModule<Stores = unknown> {
  /** For diagnostics, e.g. "workspace". */
  name: string;
  /** Registers the API's routes over the stores it reads: the part of EmulatorState it names. */
  register(router: Router, state: Stores): void;
}
