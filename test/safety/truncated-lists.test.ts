import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabricksClient } from '../../src/databricks/client.js';
import { scimList } from '../../src/resources/principals.js';
import { getJob } from '../../src/resources/jobs.js';

/**
 * A list that stops early is not a short list: a page that says there is more but gives no way to it, a
 * SCIM page with no resources before totalResults is reached, or a service that answers the same page
 * again under a new token (a proxy dropping the query). Taken as the end, export would commit the removal
 * of whatever was on the missing pages (under the max-removal threshold nothing stops it) and apply would
 * create it again; answered forever, the run never ends. Each is an error naming the endpoint.
 */
type Handler = (url: URL) => unknown;

async function withServer(handler: Handler, run: (client: DatabricksClient) => Promise<void>): Promise<void> {
  const server: Server = createServer((req, res) => {
    const body = JSON.stringify(handler(new URL(req.url ?? '/', 'http://127.0.0.1')));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DatabricksClient({
    host: `http://127.0.0.1:${port}`,
    credentials: { headers: async () => ({ Authorization: 'Bearer test' }) },
    retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2, budgetMs: 5_000 },
    timeoutMs: 5_000,
  });
  try {
    await run(client);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const job = (id: number) => ({ job_id: id, settings: { name: `job-${id}` } });

async function collect(client: DatabricksClient): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const j of client.paginate('/api/2.2/jobs/list', 'jobs', { limit: 2 })) out.push(j);
  return out;
}

describe('a list that stops early is an error, never the end of the list', () => {
  it('a page with has_more but no next_page_token', async () => {
    await withServer(
      () => ({ jobs: [job(1), job(2)], has_more: true }),
      async (client) => {
        await expect(collect(client)).rejects.toThrow(/jobs\/list.*has_more.*no next_page_token/);
      },
    );
  });

  it('the same page again under a new token each time', async () => {
    let n = 0;
    await withServer(
      () => ({ jobs: [job(1), job(2)], has_more: true, next_page_token: `t${++n}` }),
      async (client) => {
        await expect(collect(client)).rejects.toThrow(/jobs\/list returned the same page twice/);
        expect(n).toBeLessThan(5);
      },
    );
  });

  it('still reads a list whose last page has has_more false and no token', async () => {
    await withServer(
      (url) =>
        url.searchParams.get('page_token') === 'p2'
          ? { jobs: [job(3)], has_more: false }
          : { jobs: [job(1), job(2)], has_more: true, next_page_token: 'p2' },
      async (client) => {
        expect(await collect(client)).toHaveLength(3);
      },
    );
  });

  it('a SCIM page with no resources before totalResults is reached', async () => {
    const users = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), userName: `u${i}@x.com` }));
    await withServer(
      (url) => {
        const start = Number(url.searchParams.get('startIndex'));
        // The first page whole, then an empty page that still says 150.
        return start === 1
          ? { totalResults: 150, startIndex: 1, itemsPerPage: 100, Resources: users.slice(0, 100) }
          : { totalResults: 150, startIndex: start, itemsPerPage: 0, Resources: [] };
      },
      async (client) => {
        await expect(scimList(client, 'Users')).rejects.toThrow(
          /scim\/v2\/Users stopped at 100 of the 150 resources its totalResults announces/,
        );
      },
    );
  });

  it('a SCIM service that ignores startIndex', async () => {
    const users = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), userName: `u${i}@x.com` }));
    await withServer(
      () => ({ totalResults: 150, startIndex: 1, itemsPerPage: 100, Resources: users.slice(0, 100) }),
      async (client) => {
        await expect(scimList(client, 'Users')).rejects.toThrow(
          /scim\/v2\/Users answered startIndex 101 with resources already read/,
        );
      },
    );
  });

  it('a SCIM list read whole', async () => {
    const users = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), userName: `u${i}@x.com` }));
    await withServer(
      (url) => {
        const start = Number(url.searchParams.get('startIndex'));
        const page = users.slice(start - 1, start - 1 + 100);
        return { totalResults: 150, startIndex: start, itemsPerPage: page.length, Resources: page };
      },
      async (client) => {
        expect(await scimList(client, 'Users')).toHaveLength(150);
      },
    );
  });

  it('a job whose task pages repeat under a fresh token each time', async () => {
    let n = 0;
    const tasks = [{ task_key: 'a' }, { task_key: 'b' }];
    await withServer(
      () => ({ job_id: 7, settings: { name: 'j', tasks }, next_page_token: `t${++n}` }),
      async (client) => {
        await expect(getJob(client, 7)).rejects.toThrow(/jobs\/get 7 returned the same page twice/);
        expect(n).toBeLessThan(5);
      },
    );
  });
});
