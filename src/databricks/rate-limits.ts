/**
 * Databricks limits API calls per workspace and per endpoint, not per workspace as a whole: workspace
 * export, import, list and delete, each jobs call, DBFS, the Permissions API, secrets and SCIM each have
 * their own budget.
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
 * Databricks' published API rate limits, per workspace and per endpoint: the "API rate limits" table of
 * the "Resource limits" page, https://docs.databricks.com/aws/en/resources/limits (Azure:
 * https://learn.microsoft.com/azure/databricks/resources/limits). Where a number below comes from is said
 * on its row: [page] = read from that table as quoted in issue 17 (workspace list 50/s, delete 2/s, export
 * 60/s, import 30/s; jobs create/get/list/reset 20/s, update/delete 10/s; DBFS 30/s; SCIM reads 255/min;
 * secrets 1,100/min) and, for the rows marked [page+], also in the rate-limits.apis.io transcription of
 * the Azure page (DBFS 30, jobs create 20, workspace SCIM GET 255, Permissions GET 100 and PATCH/PUT 30,
 * secrets 1100, workspace export 60, import 30). The page itself was not opened from this session.
 * The first matching row wins; a request no row matches shares the default budget of whoever uses the
 * table.
 */
export const DATABRICKS_ENDPOINT_LIMITS: readonly EndpointLimit[] = [
  // [page+] Workspace API export: 60 requests/s.
  { name: 'workspace/export', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/export$/, rps: 60 },
  // [page+] Workspace API import: 30 requests/s.
  { name: 'workspace/import', methods: ['POST'], path: /^\/api\/2\.0\/workspace\/import$/, rps: 30 },
  // [page] Workspace API list: 50 requests/s.
  { name: 'workspace/list', methods: ['GET'], path: /^\/api\/2\.0\/workspace\/list$/, rps: 50 },
  // [page] Workspace API delete: 2 requests/s (a prune of many objects must delete whole folders).
  { name: 'workspace/delete', methods: ['POST'], path: /^\/api\/2\.0\/workspace\/delete$/, rps: 2 },
  // [page+] Jobs API create: 20 requests/s.
  { name: 'jobs/create', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/create$/, rps: 20 },
  // [page] Jobs API get, list and reset: 20 requests/s each.
  { name: 'jobs/get', methods: ['GET'], path: /^\/api\/2\.\d\/jobs\/get$/, rps: 20 },
  { name: 'jobs/list', methods: ['GET'], path: /^\/api\/2\.\d\/jobs\/list$/, rps: 20 },
  { name: 'jobs/reset', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/reset$/, rps: 20 },
  // [page] Jobs API update and delete: 10 requests/s each.
  { name: 'jobs/update', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/update$/, rps: 10 },
  { name: 'jobs/delete', methods: ['POST'], path: /^\/api\/2\.\d\/jobs\/delete$/, rps: 10 },
  // [page+] DBFS API: 30 requests/s, all its endpoints together.
  { name: 'dbfs', path: /^\/api\/2\.0\/dbfs\//, rps: 30 },
  // [page+] Permissions API GET: 100 requests/s; PATCH/PUT: 30 requests/s.
  { name: 'permissions read', methods: ['GET'], path: /^\/api\/2\.0\/permissions\//, rps: 100 },
  { name: 'permissions write', methods: ['PUT', 'PATCH'], path: /^\/api\/2\.0\/permissions\//, rps: 30 },
  // [page+] Secrets API: 1,100 requests per minute.
  { name: 'secrets', path: /^\/api\/2\.0\/secrets\//, rps: 1100 / 60 },
  // [page+] Workspace SCIM API GET: 255 requests per minute.
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
