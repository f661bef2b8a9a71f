import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ApiRecorder } from '../../src/record/api-recorder.js';
import { MaskingLog, silentLog } from '../../src/util/log.js';
import { tempDir } from '../helpers/harness.js';

const R = '[REDACTED by databricks-dr]';

async function record(exchange: Parameters<ApiRecorder['observer']>[0], known: string[] = []) {
  const dir = await tempDir();
  const log = new MaskingLog(silentLog);
  for (const k of known) log.addSecret(k);
  const recorder = new ApiRecorder(dir, { mask: (t) => log.mask(t) });
  recorder.observer(exchange);
  recorder.close();
  const [file] = await fs.readdir(dir);
  const text = await fs.readFile(path.join(dir, file), 'utf8');
  return { file, text, json: JSON.parse(text) };
}

test('secret fields are redacted in requests and answers; ids and the rest are kept', async () => {
  const { file, text, json } = await record({
    method: 'POST',
    path: '/api/2.0/token/create',
    body: JSON.stringify({ comment: 'ci', lifetime_seconds: 3600 }),
    status: 200,
    response: Buffer.from(
      '{"token_value":"dapi0123456789abcdef0123456789abcdef","token_info":{"token_id":"9007199254740993123","comment":"ci","creation_time":9007199254740993123}}',
    ),
  });
  expect(file).toBe('00001-POST-2.0-token-create.json');
  // Ids beyond 2^53 are written digit for digit.
  expect(text).toContain('"creation_time": 9007199254740993123');
  expect(json.request).toEqual({
    method: 'POST',
    path: '/api/2.0/token/create',
    body: { comment: 'ci', lifetime_seconds: 3600 },
  });
  expect(json.response).toEqual({
    status: 200,
    body: {
      token_value: R,
      token_info: { token_id: '9007199254740993123', comment: 'ci', creation_time: 9007199254740993000 },
    },
  });
  expect(json.match).toEqual({ ignore: [] });
});

test('OAuth secrets, known secrets anywhere, and what the credential scanner finds', async () => {
  const { text, json } = await record(
    {
      method: 'POST',
      path: '/api/2.2/jobs/create',
      query: { page_token: 'abc' },
      body: JSON.stringify({
        name: 'load',
        client_secret: 'dose0123',
        parameters: [{ name: 'db_password', default: 'hunter2-plain' }],
        tasks: [
          {
            task_key: 'a',
            spark_python_task: {
              parameters: ['--url', 'jdbc:postgresql://h:5432/db?user=u&password=s3cr3t-jdbc'],
            },
          },
        ],
        description: 'uses my-known-secret-value here',
      }),
      status: 200,
      response: Buffer.from(
        '{"job_id":1,"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnopqrstuvwxyz"}',
      ),
    },
    ['my-known-secret-value'],
  );
  for (const secret of [
    'dose0123',
    'hunter2-plain',
    's3cr3t-jdbc',
    'my-known-secret-value',
    'eyJhbGciOiJIUzI1NiJ9',
  ])
    expect(text).not.toContain(secret);
  expect(json.request.query).toEqual({ page_token: 'abc' });
  expect(json.request.body.client_secret).toBe(R);
  expect(json.request.body.parameters[0]).toEqual({ name: 'db_password', default: R });
  expect(json.response.body).toEqual({ job_id: 1, access_token: R });
});

test('base64 notebook content is decoded, redacted and encoded again; raw text answers are scanned', async () => {
  const notebook = '# Databricks notebook source\nkey = "AKIAABCDEFGHIJKLMNOP"\nprint(1)\n';
  const imported = await record({
    method: 'POST',
    path: '/api/2.0/workspace/import',
    body: JSON.stringify({
      path: '/Shared/nb',
      format: 'SOURCE',
      content: Buffer.from(notebook).toString('base64'),
    }),
    status: 200,
    response: Buffer.from('{}'),
  });
  const content = Buffer.from(imported.json.request.body.content, 'base64').toString('utf8');
  expect(content).toBe(`# Databricks notebook source\nkey = "${R}"\nprint(1)\n`);
  const exported = await record({
    method: 'GET',
    path: '/api/2.0/workspace/export',
    query: { path: '/Shared/nb', direct_download: true },
    status: 200,
    response: Buffer.from(notebook),
  });
  expect(exported.json.request.query).toEqual({ path: '/Shared/nb', direct_download: 'true' });
  expect(exported.json.response.text).toBe(`# Databricks notebook source\nkey = "${R}"\nprint(1)\n`);
});

test('a transport failure is recorded with status 0 and its message', async () => {
  const { json } = await record({
    method: 'GET',
    path: '/api/2.0/clusters/list',
    status: 0,
    error: 'GET /api/2.0/clusters/list: no answer',
  });
  expect(json.response).toEqual({ status: 0, error: 'GET /api/2.0/clusters/list: no answer' });
  expect(json.request.body).toBeNull();
});
