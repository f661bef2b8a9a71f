import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabricksClient } from '../../src/databricks/client.js';
import { ApiError, TransportError } from '../../src/databricks/errors.js';

/** A server whose answer each test picks by path. */
let server: http.Server;
let host: string;
const bodies: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { Location: 'https://login.example.com/sso' });
        res.end();
      } else if (req.url?.startsWith('/cut')) {
        // Promises 100 bytes, sends 10, and hangs up.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"a": "012');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url?.startsWith('/hang')) {
        // Never answers.
      } else if (req.url?.startsWith('/echo')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(Buffer.concat(chunks));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The default attempt timeout (60 s) unless a test is about timeouts: a loaded machine can be slow to answer. */
const client = (timeoutMs?: number) =>
  new DatabricksClient({
    host,
    credentials: { headers: async () => ({ Authorization: 'Bearer t' }) },
    retry: { maxAttempts: 1 },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

describe('the client on the wire (node:http, keep-alive)', () => {
  test('a body with multi-byte characters arrives whole, and the answer is parsed losslessly', async () => {
    const answer = await client().post('/echo', { name: 'Zürich 東京', id: 2n ** 63n - 1n });
    expect(bodies.at(-1)).toBe('{"name":"Zürich 東京","id":9223372036854775807}');
    expect(answer).toEqual({ name: 'Zürich 東京', id: 2n ** 63n - 1n });
  });

  test('a redirect is an answer, not followed: it names where it leads', async () => {
    const error = await client()
      .get('/redirect')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('redirected to https://login.example.com/sso');
  });

  test('an answer cut short is a connection failure, not a truncated document', async () => {
    const error = await client()
      .get('/cut')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('connection');
  });

  test('no answer within the timeout is a timeout', async () => {
    // /hang never answers, so only the client's timeout can end the request.
    const error = await client(300)
      .get('/hang')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('timeout');
  });
});
