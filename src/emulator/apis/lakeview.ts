/**
 * AI/BI (Lakeview) dashboards (`/api/2.0/lakeview/dashboards`: list, get, create, update, trash; publish,
 * get published, unpublish), after databricks/cli libs/testserver/dashboards.go (the CLI team's fake,
 * "verified against cloud" in places) and the Go SDK model (databricks/databricks-sdk-go
 * service/dashboards/model.go: Dashboard, PublishRequest, PublishedDashboard, ListDashboardsResponse).
 *
 * From the testserver: ids are 32 hex digits; create takes the Dashboard itself as the body, defaults
 * parent_path to the caller's home, answers 404 "Path (<p>) doesn't exist." for a missing folder, strips a
 * `/Workspace` prefix, sets `path` to `<parent>/<display_name>.lvdash.json` (a DASHBOARD workspace object
 * there), lifecycle_state ACTIVE and an etag bumped on every write; the stored serialized_dashboard gets
 * `pageType: PAGE_TYPE_CANVAS` on every page (then re-serialized) and one trailing newline; update sets
 * the warehouse to the request's; trash moves the dashboard out of the list and unpublishes it; get of an
 * unpublished dashboard's `/published` answers 404 "Unable to find published dashboard [<id>]". The list
 * leaves out serialized_dashboard, etag, parent_path, path and update_time (model.go field docs).
 */
import { isJsonObject, parseJson, type JsonObject } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, seqPage } from '../paging.js';
import { EMULATOR_USER } from './compute-store.js';
import type { ApiModule } from './module.js';
import type { WorkspaceStore } from './workspace-store.js';

interface StoredDashboard {
  dashboard_id: string;
  display_name: string;
  parent_path: string;
  serialized_dashboard?: string;
  warehouse_id?: string;
  etag: number;
  trashed: boolean;
  created: string;
  updated: string;
  published?: JsonObject;
  seq: number;
}

/** What the service stores of a serialized dashboard (testserver transformSerializedDashboard). */
function stored(serialized: string): string {
  let content: unknown;
  try {
    content = parseJson(serialized);
  } catch {
    throw ApiError.invalidParameter('serialized_dashboard is not valid JSON.');
  }
  if (!isJsonObject(content)) throw ApiError.invalidParameter('serialized_dashboard must be a JSON object.');
  let text = serialized;
  if (Array.isArray(content.pages) && content.pages.some(isJsonObject)) {
    for (const page of content.pages) if (isJsonObject(page)) page.pageType = 'PAGE_TYPE_CANVAS';
    text = JSON.stringify(content);
  } else if (Object.keys(content).length === 0) text = '{}';
  return text.endsWith('\n') ? text : `${text}\n`;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export class DashboardsStore {
  private readonly dashboards = new Map<string, StoredDashboard>();
  private nextSeq = 1;

  constructor(
    private readonly context: EmulatorContext,
    private readonly workspace: WorkspaceStore,
  ) {}

  all(): StoredDashboard[] {
    return [...this.dashboards.values()].filter((d) => !d.trashed).sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredDashboard {
    const d = this.dashboards.get(id);
    if (!d) throw ApiError.notFound(`Unable to find dashboard [${id}]`);
    return d;
  }

  private path(d: StoredDashboard): string {
    return `${d.parent_path}/${d.display_name}.lvdash.json`;
  }

  create(body: JsonObject): StoredDashboard {
    if (typeof body.display_name !== 'string' || body.display_name === '')
      throw ApiError.missingField('display_name');
    let parent =
      typeof body.parent_path === 'string' && body.parent_path ? body.parent_path : `/Users/${EMULATOR_USER}`;
    if (parent.startsWith('/Workspace/')) parent = parent.slice('/Workspace'.length);
    if (this.workspace.get(parent)?.object_type !== 'DIRECTORY')
      throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Path (${parent}) doesn't exist.`);
    const now = stamp(this.context.now());
    const d: StoredDashboard = {
      dashboard_id: this.context.ids.hex(32),
      display_name: body.display_name,
      parent_path: parent,
      ...(typeof body.serialized_dashboard === 'string' && body.serialized_dashboard !== ''
        ? { serialized_dashboard: stored(body.serialized_dashboard) }
        : {}),
      ...(typeof body.warehouse_id === 'string' && body.warehouse_id !== ''
        ? { warehouse_id: body.warehouse_id }
        : {}),
      etag: 80611980,
      trashed: false,
      created: now,
      updated: now,
      seq: this.nextSeq++,
    };
    this.dashboards.set(d.dashboard_id, d);
    this.workspace.putObject(this.path(d), 'DASHBOARD');
    return d;
  }

  update(id: string, body: JsonObject): StoredDashboard {
    const d = this.require(id);
    if (d.trashed) throw ApiError.notFound(`Unable to find dashboard [${id}]`);
    d.etag++;
    if (
      typeof body.display_name === 'string' &&
      body.display_name !== '' &&
      body.display_name !== d.display_name
    ) {
      this.workspace.remove(this.path(d));
      d.display_name = body.display_name;
      this.workspace.putObject(this.path(d), 'DASHBOARD');
    }
    if (typeof body.serialized_dashboard === 'string' && body.serialized_dashboard !== '')
      d.serialized_dashboard = stored(body.serialized_dashboard);
    // As the testserver: the warehouse is the request's, also when it has none.
    if (typeof body.warehouse_id === 'string' && body.warehouse_id !== '') d.warehouse_id = body.warehouse_id;
    else delete d.warehouse_id;
    d.updated = stamp(this.context.now());
    return d;
  }

  trash(id: string): void {
    const d = this.require(id);
    if (d.trashed) throw ApiError.notFound(`Unable to find dashboard [${id}]`);
    d.trashed = true;
    delete d.published;
    this.workspace.remove(this.path(d));
  }

  publish(id: string, body: JsonObject): JsonObject {
    const d = this.require(id);
    d.published = {
      display_name: d.display_name,
      embed_credentials: body.embed_credentials === true,
      revision_create_time: stamp(this.context.now()),
      ...(typeof body.warehouse_id === 'string' && body.warehouse_id !== ''
        ? { warehouse_id: body.warehouse_id }
        : d.warehouse_id
          ? { warehouse_id: d.warehouse_id }
          : {}),
    };
    return { ...d.published };
  }

  published(id: string): JsonObject {
    const d = this.require(id);
    if (!d.published) throw ApiError.notFound(`Unable to find published dashboard [${id}]`);
    return { ...d.published };
  }

  unpublish(id: string): void {
    delete this.require(id).published;
  }

  info(d: StoredDashboard, listed = false): JsonObject {
    const out: JsonObject = {
      dashboard_id: d.dashboard_id,
      display_name: d.display_name,
      lifecycle_state: d.trashed ? 'TRASHED' : 'ACTIVE',
      create_time: d.created,
      ...(d.warehouse_id ? { warehouse_id: d.warehouse_id } : {}),
    };
    if (listed) return out;
    return {
      ...out,
      etag: String(d.etag),
      parent_path: d.parent_path,
      path: this.path(d),
      update_time: d.updated,
      ...(d.serialized_dashboard ? { serialized_dashboard: d.serialized_dashboard } : {}),
    };
  }
}

export const lakeviewApi: ApiModule<{ readonly dashboards: DashboardsStore }> = {
  name: 'lakeview',
  register(router, state) {
    const store = state.dashboards;
    const base = '/api/2.0/lakeview/dashboards';
    router.get(base, (request) => seqPage(request, store.all(), 'dashboards', (d) => store.info(d, true)));
    router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));
    router.post(base, (request) => store.info(store.create(bodyObject(request))));
    router.patch(`${base}/:id`, (request) =>
      store.info(store.update(request.params.id, bodyObject(request))),
    );
    router.delete(`${base}/:id`, (request) => {
      store.trash(request.params.id);
      return {};
    });
    router.post(`${base}/:id/published`, (request) => store.publish(request.params.id, bodyObject(request)));
    router.get(`${base}/:id/published`, (request) => store.published(request.params.id));
    router.delete(`${base}/:id/published`, (request) => {
      store.unpublish(request.params.id);
      return {};
    });
  },
};
