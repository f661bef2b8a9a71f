/**
 * Databricks limits API calls per workspace and per endpoint, not per workspace as a whole (reference
 * §18.1): workspace export and import, DBFS, the Permissions API and SCIM each have their own budget.
 * One table, read by the emulator (to throttle like a workspace does) and by the client (to keep a 429 on
 * one endpoint from pausing the others, and to pace a run that is told the limits). Pure.
 */

export interface EndpointLimit {
  /** Names the budget in logs and reports, e.g. `workspace/export`. */
  name: string;
  /** Upper-case methods this budget covers; all when absent. */
  methods?: readonly string[];
  /** Tested against the API path without the query, e.g. `/api/2.0/permissions/notebooks/123`. */
  path: RegExp;
  /** Sustained requests per second. */
  rps: number;
}

/**
 * The per-endpoint limits the reference quotes (§18.1: a secondary source, marked UNVERIFIED there, and
 * the only published numbers). The first matching row wins; a request no row matches shares the default
 * budget of whoever uses the table.
 */
export const DATABRICKS_ENDPOINT_LIMITS: readonly EndpointLimit[] = [
  { name: 'workspace/export', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/export$/, rps: 60 },
  { name: 'workspace/import', methods: ['POST'], path: /^\/api\/2\.0\/workspace\/import$/, rps: 30 },
  { name: 'jobs/create', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/create$/, rps: 20 },
  { name: 'dbfs', path: /^\/api\/2\.0\/dbfs\//, rps: 30 },
  { name: 'permissions read', methods: ['GET'], path: /^\/api\/2\.0\/permissions\//, rps: 100 },
  { name: 'permissions write', methods: ['PUT', 'PATCH'], path: /^\/api\/2\.0\/permissions\//, rps: 30 },
  { name: 'secrets', path: /^\/api\/2\.0\/secrets\//, rps: 1100 / 60 },
  { name: 'scim read', methods: ['GET'], path: /^\/api\/2\.0\/(preview\/)?scim\/v2\//, rps: 255 / 60 },
];

/** The budget a request draws from: a row of the table, or undefined for the default budget. */
export function endpointLimit(
  method: string,
  path: string,
  table: readonly EndpointLimit[] = DATABRICKS_ENDPOINT_LIMITS,
): EndpointLimit | undefined {
  const m = method.toUpperCase();
  const p = path.split('?')[0];
  return table.find((row) => (!row.methods || row.methods.includes(m)) && row.path.test(p));
}
