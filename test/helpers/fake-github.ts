import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGitHub {
  url: string;
  comments: Array<{ id: number; body: string }>;
  calls: string[];
  close(): Promise<void>;
}

/** GitHub's limit on a comment body; longer bodies get 422, as from api.github.com. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * A local fake of the GitHub REST API on 127.0.0.1: the issue-comment endpoints of one pull request
 * (`owner/repo`, number), with GitHub's body size limit.
 */
export async function startFakeGitHub(repo = 'octo/dr', issue = 7): Promise<FakeGitHub> {
  const comments: Array<{ id: number; body: string }> = [];
  const calls: string[] = [];
  const tooLong = (body: string) =>
    body.length > GITHUB_COMMENT_LIMIT
      ? JSON.stringify({
          message: 'Validation Failed',
          errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long' }],
        })
      : undefined;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      calls.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      const body = raw ? (JSON.parse(raw) as { body: string }).body : '';
      const refused = req.method !== 'GET' ? tooLong(body) : undefined;
      if (refused) {
        res.statusCode = 422;
        res.end(refused);
      } else if (req.method === 'GET' && req.url?.startsWith(`/repos/${repo}/issues/${issue}/comments`)) {
        res.end(JSON.stringify(comments.map((c) => ({ ...c, html_url: `http://x/c/${c.id}` }))));
      } else if (req.method === 'POST' && req.url === `/repos/${repo}/issues/${issue}/comments`) {
        const c = { id: 100 + comments.length, body };
        comments.push(c);
        res.statusCode = 201;
        res.end(JSON.stringify({ ...c, html_url: `http://x/c/${c.id}` }));
      } else if (req.method === 'PATCH' && req.url?.startsWith(`/repos/${repo}/issues/comments/`)) {
        const id = Number(req.url.split('/').pop());
        const c = comments.find((x) => x.id === id);
        if (c) c.body = body;
        res.end(JSON.stringify({ ...c, html_url: `http://x/c/${id}` }));
      } else {
        res.statusCode = 404;
        res.end('{"message":"Not Found"}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
