/**
 * Repos (Git folders, reference §14; databricks-sdk-go service/workspace/model.go): `repos/<key>.json`, keyed
 * by the repo's workspace path, holding what it takes to clone it again: url, provider, path, branch and
 * sparse-checkout patterns. Not its files: they live in the remote repository (the workspace kind skips REPO
 * objects for the same reason), and not the head commit, which moves with every pull; apply checks out the
 * branch, i.e. its latest commit.
 *
 * A Git folder at a tag or a commit (detached HEAD) has no branch, and the API does not say which tag: its
 * answers carry `branch` and `head_commit_id` only, while PATCH takes a `tag` it never gives back (§14).
 * Such a file has no `branch`, and leaves the checkout of the target's Git folder as it is.
 *
 * The list API only answers repos under a path prefix (empty = /Repos), so /Repos, /Users and /Shared are
 * listed. Git folders with Git CLI access are not listed by the API at all (§14) and are not exported.
 */
import type { DatabricksClient } from '../databricks/client.js';
import { ApiError } from '../databricks/errors.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { configKind, type ConfigKindSpec } from './config-kind.js';
import { settableFields, topField, type FieldRoles } from './fields.js';
import type { ActualObject, DesiredObject, KeptParts } from './kind.js';

export const REPOS = 'repos';

/** Where repos can be; the API needs a prefix per area (an empty one means /Repos only). */
const PREFIXES = ['/Repos', '/Users', '/Shared'];

/**
 * settable: what the file holds; everything else a repo answer carries is output (id, head_commit_id,
 * ...). editable: what a PATCH can change, checking out another branch, new sparse patterns. Anything else
 * (url, provider, path) means cloning anew: a replace, which needs consent because it throws away the
 * target copy's uncommitted work; so does turning sparse checkout on or off (see replaceFields).
 */
const FIELDS: FieldRoles = {
  settable: ['path', 'url', 'provider', 'branch', 'sparse_checkout'],
  editable: ['branch', 'sparse_checkout'],
  source:
    'databricks-sdk-go service/workspace/model.go CreateRepoRequest, UpdateRepoRequest, GetRepoResponse (reference §14)',
};

function repoPath(id: JsonValue): string {
  return `/api/2.0/repos/${encodeURIComponent(String(id))}`;
}

/** The repo as the snapshot stores it. Pure. */
export function normalizeRepo(raw: JsonObject, warn: (m: string) => void): JsonObject {
  const out = settableFields(raw, FIELDS);
  if (isJsonObject(out.sparse_checkout)) {
    const patterns = Array.isArray(out.sparse_checkout.patterns) ? out.sparse_checkout.patterns : [];
    out.sparse_checkout = { patterns };
  }
  if (out.branch === undefined)
    warn(
      `detached HEAD at ${String(raw.head_commit_id)} (a tag or commit is checked out): the API does not say which, so apply clones a new Git folder on its default branch and leaves the checkout of an existing one as it is`,
    );
  return out;
}

/**
 * A file without a branch (detached HEAD at export) asks for no checkout: the target's branch, whichever
 * it is, counts as the snapshot's, so the plan shows no change that no PATCH could make. Pure.
 */
export function keepRepoBranch(desired: DesiredObject, actual: ActualObject): KeptParts {
  const want = desired.spec as JsonObject;
  const have = actual.spec as JsonObject;
  if (want.branch !== undefined || have.branch === undefined) return { spec: want, unmanaged: [] };
  return { spec: { ...want, branch: have.branch }, unmanaged: [] };
}

async function mkdirsParent(client: DatabricksClient, path: string): Promise<void> {
  const parent = path.slice(0, path.lastIndexOf('/'));
  // Under /Repos the service makes the `{folder}` of `/Repos/{folder}/{name}` itself; elsewhere a repo
  // needs its parent folder, like any workspace object.
  if (parent === '' || parent.startsWith('/Repos')) return;
  await client.post('/api/2.0/workspace/mkdirs', { path: parent }, { idempotent: true });
}

const spec: ConfigKindSpec = {
  name: REPOS,
  folder: 'repos',
  fields: FIELDS,

  async list(client) {
    const byId = new Map<string, JsonObject>();
    for (const prefix of PREFIXES)
      // The request parameter of this API is `next_page_token`, not page_token (§14, §17).
      for await (const r of client.paginate<JsonObject>(
        '/api/2.0/repos',
        'repos',
        { path_prefix: prefix },
        'next_page_token',
      ))
        byId.set(String(r.id), r);
    return [...byId.values()];
  },

  id: (raw) => raw.id,
  // Paths are unique in a workspace, so keys never collide after folding unless two paths fold together.
  displayName: (raw) => String(raw.path ?? raw.id),

  normalize: (raw, n) => normalizeRepo(raw, (m) => n.warn(m)),

  validate(value) {
    for (const f of ['url', 'provider', 'path'])
      if (typeof value[f] !== 'string' || value[f] === '') return `'${f}' is required`;
    if (!String(value.path).startsWith('/')) return "'path' must be an absolute workspace path";
    // A Git folder at `/Repos/a/../../Shared/x` would be made somewhere the snapshot does not say (issue 13
    // item 2): refused here, before anything is written, as the workspace tree refuses such names.
    if (
      String(value.path)
        .split('/')
        .some((p) => p === '.' || p === '..')
    )
      return "'path' must not hold '.' or '..' segments";
    const extra = Object.keys(value).filter((k) => !FIELDS.settable.includes(k));
    if (extra.length)
      return `unexpected field '${extra[0]}': a repo file holds ${FIELDS.settable.join(', ')}`;
    if (value.branch !== undefined && (typeof value.branch !== 'string' || value.branch === ''))
      return "'branch' must be a non-empty string";
    const sparse = value.sparse_checkout;
    if (
      sparse !== undefined &&
      !(
        isJsonObject(sparse) &&
        Array.isArray(sparse.patterns) &&
        sparse.patterns.every((p) => typeof p === 'string')
      )
    )
      return '\'sparse_checkout\' must be {"patterns": [strings]}';
    return undefined;
  },

  async create(client, value, ctx) {
    const { branch, ...body } = value;
    await mkdirsParent(client, String(body.path));
    let answer: JsonObject;
    try {
      answer = await client.post<JsonObject>('/api/2.0/repos', body);
    } catch (error) {
      if (error instanceof ApiError && !error.isAuth && (error.status === 400 || error.status === 403))
        ctx.log.warning(
          `repo ${String(body.path)}: cloning ${String(body.url)} failed; the identity apply runs as needs Git credentials for ${String(body.provider)} in the target workspace`,
        );
      throw error;
    }
    const id = answer.id;
    if (id === undefined) throw new Error('repos create answered without an id');
    // Create clones the default branch; the file names the one the primary had checked out.
    if (typeof branch === 'string' && answer.branch !== branch)
      await client.request('PATCH', repoPath(id), { body: { branch } });
    return id;
  },

  async update(client, id, value, _ctx, request) {
    const patch: JsonObject = {};
    const changed = (field: string) => request.changes.some((c) => topField(c.path) === field);
    if (changed('branch') && typeof value.branch === 'string') patch.branch = value.branch;
    if (changed('sparse_checkout')) patch.sparse_checkout = value.sparse_checkout ?? null;
    if (Object.keys(patch).length) await client.request('PATCH', repoPath(id), { body: patch });
  },

  async remove(client, id) {
    await client.request('DELETE', repoPath(id), { notFoundOnRetryIsDone: true });
  },

  // Turning sparse checkout on or off (the whole field changes) clones anew, though its patterns are editable.
  replaceFields: (changes) => (changes.some((c) => c.path === 'sparse_checkout') ? ['sparse_checkout'] : []),

  keepFromTarget: keepRepoBranch,
};

export const reposKind = configKind(spec);
