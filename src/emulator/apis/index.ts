/**
 * The one list of emulated APIs. Adding an API: write `apis/<name>.ts` exporting an `ApiModule` (its
 * routes) and, if it keeps data, a store class; then add the store to EmulatorState/createState and the
 * module to API_MODULES below. Nothing else needs to change.
 */
import type { EmulatorContext } from '../context.js';
import type { ApiModule } from './module.js';
import { workspaceApi } from './workspace.js';
import { WorkspaceStore } from './workspace-store.js';
import { clustersApi } from './clusters.js';
import { clusterPoliciesApi } from './cluster-policies.js';
import { ComputeStore } from './compute-store.js';
import { instancePoolsApi } from './instance-pools.js';
import { jobsApi } from './jobs.js';
import { JobsStore } from './jobs-store.js';
import { reposApi, ReposStore } from './repos.js';
import { pipelinesApi, PipelinesStore } from './pipelines.js';
import { sqlWarehousesApi, WarehousesStore } from './sql-warehouses.js';
import { secretsApi, SecretsStore } from './secrets.js';
import { globalInitScriptsApi, GlobalInitScriptsStore } from './global-init-scripts.js';
import { dbfsApi, DbfsStore } from './dbfs.js';
import { permissionsApi, PermissionsStore } from './permissions.js';
import { scimApi, ScimStore } from './scim.js';
import { groupsApi } from './groups.js';
import { oauthApi, OAuthStore } from './oauth.js';
import { notificationDestinationsApi, NotificationDestinationsStore } from './notification-destinations.js';
import { QueriesStore, sqlQueriesApi } from './sql-queries.js';
import { DashboardsStore, lakeviewApi } from './lakeview.js';
import { AlertsStore, alertsV2Api } from './alerts-v2.js';
import { unityCatalogApi, UnityCatalogStore } from './unity-catalog.js';

/** Direct access to every store, for handlers (one API may look at another's data) and for tests. */
export interface EmulatorState {
  readonly context: EmulatorContext;
  readonly workspace: WorkspaceStore;
  /** Clusters (with libraries), instance pools and cluster policies. */
  readonly compute: ComputeStore;
  readonly jobs: JobsStore;
  /** Git metadata of the REPO nodes of the workspace tree. */
  readonly repos: ReposStore;
  readonly pipelines: PipelinesStore;
  readonly warehouses: WarehousesStore;
  readonly secrets: SecretsStore;
  readonly globalInitScripts: GlobalInitScriptsStore;
  readonly dbfs: DbfsStore;
  /** Direct grants of every object type of the Permissions API; objects are looked up in the other stores. */
  readonly permissions: PermissionsStore;
  /** SCIM users, groups and service principals (set `tenantUsers` to act like an Azure AD workspace). */
  readonly scim: ScimStore;
  /** OAuth clients (service principal secrets, federation policies) and the tokens issued to them. */
  readonly oauth: OAuthStore;
  /** Notification destinations, with the input-only values no answer holds. */
  readonly notificationDestinations: NotificationDestinationsStore;
  /** Databricks SQL queries (trashed ones kept, out of the list). */
  readonly queries: QueriesStore;
  /** AI/BI (Lakeview) dashboards, each also a DASHBOARD object of the workspace tree. */
  readonly dashboards: DashboardsStore;
  /** Databricks SQL alerts of the current API (`/api/2.0/alerts`). */
  readonly alerts: AlertsStore;
  /** Unity Catalog: credentials, locations, catalogs, schemas, volumes, tables and their grants. */
  readonly unityCatalog: UnityCatalogStore;
}

export function createState(context: EmulatorContext): EmulatorState {
  const warehouses = new WarehousesStore(context);
  const workspace = new WorkspaceStore(context);
  const notificationDestinations = new NotificationDestinationsStore(context);
  return {
    context,
    workspace,
    compute: new ComputeStore(context),
    jobs: new JobsStore(context),
    repos: new ReposStore(context),
    pipelines: new PipelinesStore(context),
    warehouses,
    secrets: new SecretsStore(context),
    globalInitScripts: new GlobalInitScriptsStore(context),
    dbfs: new DbfsStore(context),
    permissions: new PermissionsStore(),
    scim: new ScimStore(context),
    oauth: new OAuthStore(context),
    notificationDestinations,
    queries: new QueriesStore(context, (id) => warehouses.all().some((w) => w.id === id)),
    dashboards: new DashboardsStore(context, workspace),
    alerts: new AlertsStore(context, {
      warehouse: (id) => warehouses.all().some((w) => w.id === id),
      destination: (id) => notificationDestinations.all().some((d) => d.id === id),
    }),
    unityCatalog: new UnityCatalogStore(context),
  };
}

export type { ApiModule } from './module.js';

/** Each module registers over the stores it names, a part of EmulatorState. */
export const API_MODULES: readonly ApiModule<EmulatorState>[] = [
  workspaceApi,
  jobsApi,
  clustersApi,
  instancePoolsApi,
  clusterPoliciesApi,
  secretsApi,
  globalInitScriptsApi,
  dbfsApi,
  reposApi,
  pipelinesApi,
  sqlWarehousesApi,
  permissionsApi,
  scimApi,
  groupsApi,
  oauthApi,
  notificationDestinationsApi,
  sqlQueriesApi,
  lakeviewApi,
  alertsV2Api,
  unityCatalogApi,
];
