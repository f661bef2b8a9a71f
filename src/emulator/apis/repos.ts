/**
 * Repos (Git folders) API 2.0 (reference §14; databricks-sdk-go service/workspace/model.go). A repo is a REPO
 * node of the workspace tree (its id is the node's object_id, as in Databricks' fake server) plus the Git
 * metadata kept here. Deleting the node through the Workspace API makes the repo disappear from this API too.
 * Cloning is not emulated: a new repo is empty and its head commit is a made-up hash.
 */
import { isJsonObject, type JsonObject } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';
import { EMULATOR_USER } from './jobs-store.js';
import {
  alreadyExists,
  normalizeWorkspacePath,
  parentPath,
  type WorkspaceObject,
  type WorkspaceStore,
} from './workspace-store.js';

/** Providers in their canonical spelling; requests match them case-insensitively (§14). */
export const GIT_PROVIDERS = [
  'gitHub',
  'bitbucketCloud',
  'gitLab',
  'azureDevOpsServices',
  'gitHubEnterprise',
  'bitbucketServer',
  'gitLabEnterpriseEdition',
  'awsCodeCommit',
] as const;

/** Repos per list page (the real page size is not documented; small so clients must page). */
export const REPOS_PAGE = 20;

export interface StoredRepo {
  id: number;
  url: string;
  provider: string;
  /** Absent after a tag checkout (detached HEAD). */
  branch?: string;
  head_commit_id: string;
  sparse_checkout?: { patterns: string[] };
}

function canonicalProvider(value: string): string {
  const found = GIT_PROVIDERS.find((p) => p.toLowerCase() === value.toLowerCase());
  if (!found)
    throw ApiError.invalidParameter(
      `Invalid Git provider '${value}': expected one of ${GIT_PROVIDERS.join(', ')}`,
    );
  return found;
}

function sparseCheckout(value: unknown): { patterns: string[] } | undefined {
  if (value === undefined || value === null) return undefined;
  const patterns = isJsonObject(value) ? value.patterns : undefined;
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string'))
    throw ApiError.invalidParameter('Invalid value for sparse_checkout: expected {"patterns": [strings]}');
  return { patterns: [...(patterns as string[])] };
}

/** `https://github.com/org/name.git` → `name`: the default folder name, as a clone would choose it. */
function repoName(url: string): string {
  const last = url.replace(/\/+$/, '').split('/').pop() ?? 'repo';
  return last.replace(/\.git$/, '') || 'repo';
}

export class ReposStore {
  private readonly repos = new Map<number, StoredRepo>();
  private tree?: WorkspaceStore;

  constructor(private readonly context: EmulatorContext) {}

  /**
   * Repos live in the workspace tree, whose store is created beside this one; the API module connects
   * them when it registers (before any request or seeding can happen).
   */
  attach(workspace: WorkspaceStore): void {
    this.tree = workspace;
  }

  private get workspace(): WorkspaceStore {
    if (!this.tree) throw new Error('ReposStore is not attached to a workspace');
    return this.tree;
  }

  /** Repos whose REPO node still exists, with their current path, sorted by path. */
  all(): Array<{ repo: StoredRepo; node: WorkspaceObject }> {
    const out: Array<{ repo: StoredRepo; node: WorkspaceObject }> = [];
    for (const repo of this.repos.values()) {
      const node = this.workspace.getById(repo.id);
      if (node && node.object_type === 'REPO') out.push({ repo, node });
      else this.repos.delete(repo.id);
    }
    return out.sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
  }

  require(id: number): { repo: StoredRepo; node: WorkspaceObject } {
    const found = this.all().find((r) => r.repo.id === id);
    // The service's wording (terraform-provider-databricks repos/resource_repo_test.go, TestResourceRepoRead_NotFound).
    if (!found) throw ApiError.notFound('Repo could not be found');
    return found;
  }

  /**
   * `POST /repos`. Under /Repos the path must be `/Repos/{folder}/{name}` and the folder is created when
   * missing (what the UI and API do for a user's folder, UNVERIFIED for other names); elsewhere the parent
   * must exist, as for any workspace object.
   */
  create(body: {
    url: string;
    provider: string;
    path?: string;
    sparse_checkout?: unknown;
    branch?: string;
  }): { repo: StoredRepo; node: WorkspaceObject } {
    const provider = canonicalProvider(body.provider);
    const path = normalizeWorkspacePath(body.path ?? `/Repos/${EMULATOR_USER}/${repoName(body.url)}`);
    if (path.startsWith('/Repos/') || path === '/Repos') {
      if (path.split('/').length !== 4)
        throw ApiError.invalidParameter(
          `Invalid repo path ${path}: repos in /Repos must be at /Repos/{folder}/{repo-name}`,
        );
      this.workspace.mkdirs(parentPath(path));
    } else {
      const parent = this.workspace.get(parentPath(path));
      if (!parent) throw ApiError.notFound(`Path (${parentPath(path)}) doesn't exist.`);
    }
    if (this.workspace.get(path)) throw alreadyExists(path);
    const node = this.workspace.putObject(path, 'REPO');
    const repo: StoredRepo = {
      id: node.object_id,
      url: body.url,
      provider,
      branch: body.branch ?? 'main',
      head_commit_id: this.context.ids.hex(40),
    };
    const sparse = sparseCheckout(body.sparse_checkout);
    if (sparse) repo.sparse_checkout = sparse;
    this.repos.set(repo.id, repo);
    return { repo, node };
  }

  /** `PATCH /repos/{id}`: check out a branch or a tag (detached HEAD), or change sparse patterns. */
  update(id: number, body: JsonObject): void {
    const { repo } = this.require(id);
    const branch = body.branch;
    const tag = body.tag;
    if (branch !== undefined && tag !== undefined)
      throw ApiError.invalidParameter('Only one of branch and tag can be given.');
    if (body.sparse_checkout !== undefined) {
      if (!repo.sparse_checkout)
        throw ApiError.invalidParameter('Sparse checkout cannot be enabled after the repo was created.');
      repo.sparse_checkout = sparseCheckout(body.sparse_checkout);
    }
    if (typeof branch === 'string' && branch !== '') {
      if (branch !== repo.branch) repo.head_commit_id = this.context.ids.hex(40);
      repo.branch = branch;
    } else if (typeof tag === 'string' && tag !== '') {
      delete repo.branch;
      repo.head_commit_id = this.context.ids.hex(40);
    } else if (branch !== undefined || tag !== undefined)
      throw ApiError.invalidParameter('branch and tag must be non-empty strings.');
  }

  delete(id: number): void {
    const { node } = this.require(id);
    this.workspace.remove(node.path);
    this.repos.delete(id);
  }

  /** A RepoInfo (§14); `git_cli_enabled` only on get. */
  info(entry: { repo: StoredRepo; node: WorkspaceObject }, withGet = false): JsonObject {
    const { repo, node } = entry;
    const out: JsonObject = {
      id: repo.id,
      path: node.path,
      url: repo.url,
      provider: repo.provider,
      head_commit_id: repo.head_commit_id,
    };
    if (repo.branch !== undefined) out.branch = repo.branch;
    if (repo.sparse_checkout) out.sparse_checkout = { patterns: [...repo.sparse_checkout.patterns] };
    if (withGet) out.git_cli_enabled = false;
    return out;
  }
}

function repoId(request: EmulatorRequest): number {
  const raw = request.params.repo_id;
  if (!/^\d+$/.test(raw)) throw ApiError.invalidParameter(`Invalid repo id '${raw}'.`);
  return Number(raw);
}

function bodyObject(request: EmulatorRequest): JsonObject {
  if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
  return request.body;
}

/** Tokens carry the path of the last repo answered, so repos added between pages do not shift pages. */
const encodeToken = (path: string) => Buffer.from(`repos:${path}`, 'utf8').toString('base64url');
function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('repos:')) throw ApiError.invalidParameter(`Invalid page token: ${token}`);
  return text.slice('repos:'.length);
}

export const reposApi: ApiModule<{ readonly repos: ReposStore; readonly workspace: WorkspaceStore }> = {
  name: 'repos',
  register(router, state) {
    const store = state.repos;
    store.attach(state.workspace);

    router.get('/api/2.0/repos', (request) => {
      let prefix = optionalString(request, 'path_prefix') ?? '';
      // §14: an empty prefix, `/` or `/Workspace` lists the repos under /Workspace/Repos.
      prefix = prefix === '' ? '/Repos' : normalizeWorkspacePath(prefix);
      if (prefix === '/') prefix = '/Repos';
      // The request parameter is `next_page_token` (not page_token), as the SDKs send it.
      const after = decodeToken(optionalString(request, 'next_page_token'));
      const matching = store
        .all()
        .filter(({ node }) => node.path === prefix || node.path.startsWith(prefix))
        .filter(({ node }) => after === undefined || node.path > after);
      const page = matching.slice(0, REPOS_PAGE);
      const out: JsonObject = {};
      if (page.length) out.repos = page.map((r) => store.info(r));
      if (matching.length > REPOS_PAGE) out.next_page_token = encodeToken(page[page.length - 1].node.path);
      return out;
    });

    router.get('/api/2.0/repos/:repo_id', (request) => store.info(store.require(repoId(request)), true));

    router.post('/api/2.0/repos', (request) => {
      const body = bodyObject(request);
      const url = body.url;
      const provider = body.provider;
      if (typeof url !== 'string' || url === '') throw ApiError.missingField('url');
      if (typeof provider !== 'string' || provider === '') throw ApiError.missingField('provider');
      const path = body.path;
      if (path !== undefined && typeof path !== 'string')
        throw ApiError.invalidParameter('Invalid value for path: expected a string');
      return store.info(store.create({ url, provider, path, sparse_checkout: body.sparse_checkout }));
    });

    router.patch('/api/2.0/repos/:repo_id', (request) => {
      store.update(repoId(request), bodyObject(request));
      return {};
    });

    router.delete('/api/2.0/repos/:repo_id', (request) => {
      store.delete(repoId(request));
      return {};
    });
  },
};
