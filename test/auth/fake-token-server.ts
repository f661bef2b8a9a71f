import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as application/x-www-form-urlencoded. */
  form: Record<string, string>;
}

export interface FakeResponse {
  status?: number;
  json?: unknown;
  /** Raw body (instead of json). */
  body?: string;
  contentType?: string;
}

export type Handler = (request: RecordedRequest, server: FakeTokenServer) => FakeResponse;

export const GITHUB_REQUEST_TOKEN = 'ghs-request-token-0123456789';
export const GITHUB_ID_TOKEN_PATH = '/_apis/distributedtask/idtoken';

/** A fake JWT whose payload names the audience, so exchanges can be checked against it. */
export function fakeJwt(audience: string, serial: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://token.actions.githubusercontent.com', aud: audience, jti: serial })}.c2lnbmF0dXJl`;
}

/**
 * Plays, on 127.0.0.1, the Databricks OIDC endpoints (`/oidc/.well-known/oauth-authorization-server`,
 * `/oidc/v1/token`), the Azure AD v1 token endpoint (`/{tenant}/oauth2/token`) and the GitHub Actions
 * ID-token endpoint. Each answer carries a fresh serial number so refreshes can be told apart; any
 * route can be overridden per test.
 */
export class FakeTokenServer {
  readonly requests: RecordedRequest[] = [];
  url = '';
  private serial = 0;
  private overrides = new Map<string, Handler>();
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks).toString('utf8');
        const request: RecordedRequest = {
          method: req.method ?? '',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: req.headers,
          body,
          form: Object.fromEntries(new URLSearchParams(body)),
        };
        this.requests.push(request);
        const answer = this.handle(request);
        const text = answer.body ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
        res.writeHead(answer.status ?? 200, {
          'Content-Type': answer.contentType ?? 'application/json',
        });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Forgets recorded requests, overrides and the serial counter between tests. */
  reset(): void {
    this.requests.length = 0;
    this.overrides.clear();
    this.serial = 0;
  }

  /** Replaces the answer for `METHOD /path`. */
  on(method: string, path: string, handler: Handler): void {
    this.overrides.set(`${method} ${path}`, handler);
  }

  /** The GitHub Actions ACTIONS_ID_TOKEN_* variables pointing at this server. */
  githubEnv(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}${GITHUB_ID_TOKEN_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
    };
  }

  next(): number {
    return ++this.serial;
  }

  private handle(request: RecordedRequest): FakeResponse {
    const override = this.overrides.get(`${request.method} ${request.path}`);
    if (override) return override(request, this);
    if (request.method === 'GET' && request.path === '/oidc/.well-known/oauth-authorization-server') {
      return {
        json: {
          issuer: `${this.url}/oidc`,
          authorization_endpoint: `${this.url}/oidc/v1/authorize`,
          token_endpoint: `${this.url}/oidc/v1/token`,
          grant_types_supported: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        },
      };
    }
    if (request.method === 'POST' && request.path === '/oidc/v1/token') {
      return {
        json: {
          access_token: `dbx-access-${this.next()}`,
          token_type: 'Bearer',
          scope: 'all-apis',
          expires_in: 3600,
        },
      };
    }
    if (request.method === 'GET' && request.path === GITHUB_ID_TOKEN_PATH) {
      if (request.headers.authorization !== `Bearer ${GITHUB_REQUEST_TOKEN}`)
        return { status: 401, json: { message: 'Bad credentials' } };
      return { json: { count: 1, value: fakeJwt(request.query.audience ?? '', this.next()) } };
    }
    const aad = /^\/([^/]+)\/oauth2\/token$/.exec(request.path);
    if (request.method === 'POST' && aad) {
      const n = this.next();
      return {
        json: {
          token_type: 'Bearer',
          expires_in: '3599',
          ext_expires_in: '3599',
          expires_on: String(Math.floor(Date.now() / 1000) + 3599),
          not_before: String(Math.floor(Date.now() / 1000)),
          resource: request.form.resource,
          access_token: `aad-${request.form.resource === 'https://management.core.windows.net/' ? 'mgmt' : 'dbx'}-${n}`,
        },
      };
    }
    return {
      status: 404,
      json: { error_code: 'ENDPOINT_NOT_FOUND', message: `No API found for ${request.path}` },
    };
  }
}
