import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MAX_CONTENT_BYTES, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isJsonObject, type JsonValue } from '../../src/util/json.js';
import { b64, call, get, post } from './helpers.js';

const HOME = '/Users/dana@contoso.com';

describe('Workspace API 2.0', () => {
  let emulator: Emulator;
  let clock = 1_700_000_000_000;

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.state.workspace.remove(HOME);
    emulator.state.workspace.mkdirs(HOME);
  });

  const exportJson = async (path: string, format?: string) => {
    const res = await get(emulator, '/api/2.0/workspace/export', format ? { path, format } : { path });
    expect(res.status).toBe(200);
    const body = res.json() as { content: string; file_type?: string };
    return { bytes: Buffer.from(body.content, 'base64'), fileType: body.file_type };
  };
  const importJson = (body: Record<string, unknown>) => post(emulator, '/api/2.0/workspace/import', body);

  describe('get-status', () => {
    it('answers the root directory with object_id 0', async () => {
      const res = await get(emulator, '/api/2.0/workspace/get-status', { path: '/' });
      expect(res.json()).toEqual({ path: '/', object_type: 'DIRECTORY', object_id: 0, resource_id: '0' });
    });

    it('reports language and timestamps for notebooks, size for files, neither for directories', async () => {
      clock = 1_700_000_000_000;
      const nb = emulator.state.workspace.putNotebook(`${HOME}/nb`, 'SCALA', 'val x = 1');
      emulator.state.workspace.putFile(`${HOME}/data.csv`, 'a,b\n1,2\n');
      emulator.state.workspace.putObject(`${HOME}/lib`, 'LIBRARY');

      const notebook = (await get(emulator, '/api/2.0/workspace/get-status', { path: `${HOME}/nb` })).json();
      expect(notebook).toEqual({
        path: `${HOME}/nb`,
        object_type: 'NOTEBOOK',
        object_id: nb.object_id,
        resource_id: String(nb.object_id),
        language: 'SCALA',
        created_at: 1_700_000_000_000,
        modified_at: 1_700_000_000_000,
      });
      const file = (
        await get(emulator, '/api/2.0/workspace/get-status', { path: `${HOME}/data.csv` })
      ).json();
      expect(file).toMatchObject({ object_type: 'FILE', size: 8, created_at: 1_700_000_000_000 });
      expect(file).not.toHaveProperty('language');
      const dir = (await get(emulator, '/api/2.0/workspace/get-status', { path: HOME })).json();
      expect(Object.keys(dir as object).sort()).toEqual(['object_id', 'object_type', 'path', 'resource_id']);
      const lib = (await get(emulator, '/api/2.0/workspace/get-status', { path: `${HOME}/lib` })).json();
      expect(lib).toMatchObject({ object_type: 'LIBRARY' });
    });

    it('answers 404 RESOURCE_DOES_NOT_EXIST for a missing path', async () => {
      const res = await get(emulator, '/api/2.0/workspace/get-status', { path: `${HOME}/missing` });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Path (${HOME}/missing) doesn't exist.`,
      });
    });

    it('answers 400 for a missing or relative path', async () => {
      const missing = await get(emulator, '/api/2.0/workspace/get-status');
      expect(missing.status).toBe(400);
      expect(missing.json()).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'Missing required field: path',
      });
      const relative = await get(emulator, '/api/2.0/workspace/get-status', { path: 'Users' });
      expect(relative.status).toBe(400);
      expect(relative.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    });

    it('accepts /Workspace prefixes, duplicate and trailing slashes, and answers the plain path', async () => {
      emulator.state.workspace.putFile(`${HOME}/f.txt`, 'x');
      for (const path of [
        `/Workspace${HOME}/f.txt`,
        `/Workspace//${HOME.slice(1)}//f.txt`,
        `${HOME}/f.txt/`,
      ]) {
        const res = await get(emulator, '/api/2.0/workspace/get-status', { path });
        expect(res.status).toBe(200);
        expect(res.json()).toMatchObject({ path: `${HOME}/f.txt` });
      }
      const root = await get(emulator, '/api/2.0/workspace/get-status', { path: '/Workspace' });
      expect(root.json()).toMatchObject({ path: '/', object_id: 0 });
    });
  });

  describe('list', () => {
    it("lists a directory's direct children, sorted", async () => {
      const ws = emulator.state.workspace;
      ws.putNotebook(`${HOME}/b_nb`, 'PYTHON', 'print(1)');
      ws.putFile(`${HOME}/a.txt`, 'x');
      ws.putFile(`${HOME}/sub/deep.txt`, 'y');
      const res = await get(emulator, '/api/2.0/workspace/list', { path: HOME });
      const objects = (res.json() as { objects: Array<Record<string, JsonValue>> }).objects;
      expect(objects.map((o) => [o.path, o.object_type])).toEqual([
        [`${HOME}/a.txt`, 'FILE'],
        [`${HOME}/b_nb`, 'NOTEBOOK'],
        [`${HOME}/sub`, 'DIRECTORY'],
      ]);
      expect(objects[1]).toMatchObject({ language: 'PYTHON' });
    });

    it('answers the object itself for a non-directory', async () => {
      emulator.state.workspace.putNotebook(`${HOME}/nb`, 'SQL', 'SELECT 1');
      const res = await get(emulator, '/api/2.0/workspace/list', { path: `${HOME}/nb` });
      expect(res.json()).toMatchObject({
        objects: [{ path: `${HOME}/nb`, object_type: 'NOTEBOOK', language: 'SQL' }],
      });
    });

    it('answers {} for an empty directory', async () => {
      const res = await get(emulator, '/api/2.0/workspace/list', { path: HOME });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
    });

    it('answers 404 for a missing path', async () => {
      const res = await get(emulator, '/api/2.0/workspace/list', { path: `${HOME}/nope` });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Path (${HOME}/nope) doesn't exist.`,
      });
    });

    it('filters notebooks by notebooks_modified_after and keeps other objects', async () => {
      const ws = emulator.state.workspace;
      ws.putNotebook(`${HOME}/old`, 'PYTHON', 'x', { createdAt: 1000, modifiedAt: 1000 });
      ws.putNotebook(`${HOME}/new`, 'PYTHON', 'x', { createdAt: 1000, modifiedAt: 5000 });
      ws.putFile(`${HOME}/file.txt`, 'x', { createdAt: 1000, modifiedAt: 1000 });
      const res = await get(emulator, '/api/2.0/workspace/list', {
        path: HOME,
        notebooks_modified_after: '2000',
      });
      const paths = (res.json() as { objects: Array<{ path: string }> }).objects.map((o) => o.path);
      expect(paths).toEqual([`${HOME}/file.txt`, `${HOME}/new`]);
    });
  });

  describe('mkdirs', () => {
    it('creates parents, and an existing directory is a no-op', async () => {
      const res = await post(emulator, '/api/2.0/workspace/mkdirs', { path: `${HOME}/a/b/c` });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
      const id = emulator.state.workspace.get(`${HOME}/a/b`)?.object_id;
      expect(emulator.state.workspace.get(`${HOME}/a/b/c`)?.object_type).toBe('DIRECTORY');
      const again = await post(emulator, '/api/2.0/workspace/mkdirs', { path: `/Workspace${HOME}/a/b` });
      expect(again.status).toBe(200);
      expect(emulator.state.workspace.get(`${HOME}/a/b`)?.object_id).toBe(id);
    });

    it('answers RESOURCE_ALREADY_EXISTS when a non-directory is on the way', async () => {
      emulator.state.workspace.putFile(`${HOME}/f`, 'x');
      for (const path of [`${HOME}/f`, `${HOME}/f/sub`]) {
        const res = await post(emulator, '/api/2.0/workspace/mkdirs', { path });
        expect(res.status).toBe(400);
        expect(res.json()).toEqual({
          error_code: 'RESOURCE_ALREADY_EXISTS',
          message: `Path (${HOME}/f) already exists.`,
        });
      }
    });
  });

  describe('delete', () => {
    it('deletes a file or notebook', async () => {
      emulator.state.workspace.putFile(`${HOME}/f`, 'x');
      const res = await post(emulator, '/api/2.0/workspace/delete', { path: `${HOME}/f` });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
      expect(emulator.state.workspace.get(`${HOME}/f`)).toBeUndefined();
    });

    it('refuses a non-empty directory without recursive, and deletes the subtree with it', async () => {
      emulator.state.workspace.putFile(`${HOME}/d/e/f.txt`, 'x');
      const refused = await post(emulator, '/api/2.0/workspace/delete', { path: `${HOME}/d` });
      expect(refused.status).toBe(400);
      expect(refused.json()).toEqual({
        error_code: 'DIRECTORY_NOT_EMPTY',
        message: `Folder (${HOME}/d) is not empty.`,
      });
      expect(emulator.state.workspace.get(`${HOME}/d/e/f.txt`)).toBeDefined();

      const ok = await post(emulator, '/api/2.0/workspace/delete', { path: `${HOME}/d`, recursive: true });
      expect(ok.status).toBe(200);
      expect(emulator.state.workspace.get(`${HOME}/d`)).toBeUndefined();
      expect(emulator.state.workspace.get(`${HOME}/d/e/f.txt`)).toBeUndefined();
      expect((await get(emulator, '/api/2.0/workspace/list', { path: HOME })).text).toBe('{}');
    });

    it('deletes an empty directory without recursive', async () => {
      emulator.state.workspace.mkdirs(`${HOME}/empty`);
      const res = await post(emulator, '/api/2.0/workspace/delete', { path: `${HOME}/empty` });
      expect(res.status).toBe(200);
    });

    it('answers 404 for a missing path', async () => {
      const res = await post(emulator, '/api/2.0/workspace/delete', {
        path: `${HOME}/nope`,
        recursive: true,
      });
      expect(res.status).toBe(404);
      expect(res.json()).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    });
  });

  describe('import', () => {
    it('SOURCE adds the header when missing, without adding a trailing newline', async () => {
      const res = await importJson({
        path: `${HOME}/nb`,
        format: 'SOURCE',
        language: 'PYTHON',
        content: b64('print(1)'),
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
      expect((await exportJson(`${HOME}/nb`)).bytes.toString()).toBe(
        '# Databricks notebook source\nprint(1)',
      );
    });

    it('SOURCE uses the comment of the language for the header', async () => {
      await importJson({ path: `${HOME}/q`, format: 'SOURCE', language: 'SQL', content: b64('SELECT 1') });
      await importJson({ path: `${HOME}/s`, format: 'SOURCE', language: 'SCALA', content: b64('val x = 1') });
      await importJson({ path: `${HOME}/r`, format: 'SOURCE', language: 'R', content: b64('x <- 1') });
      expect((await exportJson(`${HOME}/q`)).bytes.toString()).toBe(
        '-- Databricks notebook source\nSELECT 1',
      );
      expect((await exportJson(`${HOME}/s`)).bytes.toString()).toBe(
        '// Databricks notebook source\nval x = 1',
      );
      expect((await exportJson(`${HOME}/r`)).bytes.toString()).toBe('# Databricks notebook source\nx <- 1');
    });

    it('SOURCE keeps the path verbatim and content with a header unchanged', async () => {
      const source = '# Databricks notebook source\nprint(1)\n';
      await importJson({ path: `${HOME}/x.py`, format: 'SOURCE', language: 'PYTHON', content: b64(source) });
      expect(emulator.state.workspace.get(`${HOME}/x.py`)?.object_type).toBe('NOTEBOOK');
      expect((await exportJson(`${HOME}/x.py`)).bytes.toString()).toBe(source);
    });

    it('defaults to SOURCE and requires a language for it', async () => {
      const res = await importJson({ path: `${HOME}/nb`, content: b64('print(1)') });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      expect(emulator.state.workspace.get(`${HOME}/nb`)).toBeUndefined();
    });

    it('answers 400 RESOURCE_ALREADY_EXISTS without overwrite, and replaces with it', async () => {
      clock = 1_700_000_000_000;
      const first = { path: `${HOME}/nb`, format: 'SOURCE', language: 'PYTHON', content: b64('print(1)') };
      expect((await importJson(first)).status).toBe(200);
      const before = { ...emulator.state.workspace.get(`${HOME}/nb`) };

      const again = await importJson({ ...first, content: b64('print(2)') });
      expect(again.status).toBe(400);
      expect(again.json()).toEqual({
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: `Path (${HOME}/nb) already exists.`,
      });

      clock += 60_000;
      const overwritten = await importJson({ ...first, content: b64('print(2)'), overwrite: true });
      expect(overwritten.status).toBe(200);
      const after = emulator.state.workspace.get(`${HOME}/nb`);
      expect(after?.object_id).toBe(before.object_id);
      expect(after?.created_at).toBe(before.created_at);
      expect(after?.modified_at).toBe(clock);
      expect((await exportJson(`${HOME}/nb`)).bytes.toString()).toBe(
        '# Databricks notebook source\nprint(2)',
      );
    });

    it('never replaces a directory, even with overwrite', async () => {
      emulator.state.workspace.mkdirs(`${HOME}/dir`);
      const res = await importJson({
        path: `${HOME}/dir`,
        format: 'RAW',
        content: b64('x'),
        overwrite: true,
      });
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error_code: 'RESOURCE_ALREADY_EXISTS' });
    });

    it('answers 404 naming the parent when the parent directory is missing', async () => {
      const res = await importJson({ path: `${HOME}/no/such/nb`, language: 'PYTHON', content: b64('x') });
      expect(res.status).toBe(404);
      expect(res.json()).toEqual({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Path (${HOME}/no/such) doesn't exist.`,
      });
    });

    it('AUTO makes a notebook without the extension only when the header of that extension is there', async () => {
      const ws = emulator.state.workspace;
      await importJson({
        path: `${HOME}/a.py`,
        format: 'AUTO',
        content: b64('# Databricks notebook source\nprint(1)'),
      });
      await importJson({ path: `${HOME}/b.py`, format: 'AUTO', content: b64('print(1)') });
      await importJson({
        path: `${HOME}/c.sql`,
        format: 'AUTO',
        content: b64('# Databricks notebook source\nx'),
      });
      await importJson({
        path: `${HOME}/d.R`,
        format: 'AUTO',
        content: b64('# Databricks notebook source\nx <- 1'),
      });
      await importJson({ path: `${HOME}/e.txt`, format: 'AUTO', content: b64('hello') });
      expect(ws.get(`${HOME}/a`)).toMatchObject({ object_type: 'NOTEBOOK', language: 'PYTHON' });
      expect(ws.get(`${HOME}/a.py`)).toBeUndefined();
      expect(ws.get(`${HOME}/b.py`)).toMatchObject({ object_type: 'FILE' });
      expect(ws.get(`${HOME}/c.sql`)).toMatchObject({ object_type: 'FILE' });
      expect(ws.get(`${HOME}/d`)).toMatchObject({ object_type: 'NOTEBOOK', language: 'R' });
      expect(ws.get(`${HOME}/e.txt`)).toMatchObject({ object_type: 'FILE' });
      expect((await exportJson(`${HOME}/b.py`)).bytes.toString()).toBe('print(1)');
    });

    it('AUTO makes a notebook of an .ipynb, RAW always makes a file', async () => {
      const ipynb = JSON.stringify({
        cells: [
          { cell_type: 'code', metadata: {}, source: ['print(1)'], outputs: [], execution_count: null },
        ],
        metadata: { language_info: { name: 'python' } },
        nbformat: 4,
        nbformat_minor: 5,
      });
      await importJson({ path: `${HOME}/j.ipynb`, format: 'AUTO', content: b64(ipynb) });
      expect(emulator.state.workspace.get(`${HOME}/j`)).toMatchObject({
        object_type: 'NOTEBOOK',
        language: 'PYTHON',
      });
      await importJson({
        path: `${HOME}/raw.py`,
        format: 'RAW',
        content: b64('# Databricks notebook source\nx'),
      });
      expect(emulator.state.workspace.get(`${HOME}/raw.py`)).toMatchObject({ object_type: 'FILE' });
    });

    it('refuses AUTO with overwrite onto an existing FILE, as production does (§1.4)', async () => {
      const ws = emulator.state.workspace;
      const before = ws.putFile(`${HOME}/file.txt`, 'v1');
      const res = await importJson({
        path: `${HOME}/file.txt`,
        format: 'AUTO',
        content: b64('v2'),
        overwrite: true,
      });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: "Node named 'file.txt' already exists",
      });
      expect(ws.get(`${HOME}/file.txt`)).toMatchObject({
        object_id: before.object_id,
        content: Buffer.from('v1'),
      });
      // A notebook is still overwritten through AUTO (the Databricks CLI's import-dir does that).
      ws.putNotebook(`${HOME}/nb`, 'PYTHON', 'print(1)');
      const notebook = await importJson({
        path: `${HOME}/nb.py`,
        format: 'AUTO',
        content: b64('# Databricks notebook source\nprint(2)'),
        overwrite: true,
      });
      expect(notebook.status).toBe(200);
      expect(ws.get(`${HOME}/nb`)?.content?.toString()).toBe('# Databricks notebook source\nprint(2)');
    });

    it('RAW imports the bytes as a FILE verbatim, overwriting only with overwrite', async () => {
      clock = 1_700_000_000_000;
      const ws = emulator.state.workspace;
      const header = '# Databricks notebook source\nprint(1)';
      const ipynb = JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 });
      for (const [name, content] of [
        ['a.py', header],
        ['b.ipynb', ipynb],
        ['c.txt', 'plain'],
      ]) {
        const res = await importJson({ path: `${HOME}/${name}`, format: 'RAW', content: b64(content) });
        expect(res.status).toBe(200);
        expect(ws.get(`${HOME}/${name}`)).toMatchObject({ object_type: 'FILE' });
        expect((await exportJson(`${HOME}/${name}`, 'RAW')).bytes.toString()).toBe(content);
      }
      expect(ws.get(`${HOME}/a`)).toBeUndefined();
      expect(ws.get(`${HOME}/b`)).toBeUndefined();

      const first = { ...ws.get(`${HOME}/a.py`) };
      const again = await importJson({ path: `${HOME}/a.py`, format: 'RAW', content: b64('v2') });
      expect(again.status).toBe(400);
      expect(again.json()).toEqual({
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: `Path (${HOME}/a.py) already exists.`,
      });
      clock += 60_000;
      const overwritten = await importJson({
        path: `${HOME}/a.py`,
        format: 'RAW',
        content: b64(`${header}\n# v2`),
        overwrite: true,
      });
      expect(overwritten.status).toBe(200);
      expect(ws.get(`${HOME}/a.py`)).toMatchObject({
        object_type: 'FILE',
        object_id: first.object_id,
        created_at: first.created_at,
        modified_at: clock,
      });
      expect((await exportJson(`${HOME}/a.py`, 'RAW')).bytes.toString()).toBe(`${header}\n# v2`);
    });

    it('accepts multipart/form-data with a content file part (the SDK upload() way)', async () => {
      const boundary = '----emulator-test-boundary';
      const content = Buffer.from('# Databricks notebook source\nprint("héllo ✅")', 'utf8');
      const field = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body = Buffer.concat([
        Buffer.from(field('path', `${HOME}/up.py`) + field('format', 'AUTO') + field('overwrite', 'true')),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="content"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      emulator.clearRequests();
      const res = await call(emulator, 'POST', '/api/2.0/workspace/import', {
        rawBody: { data: body, contentType: `multipart/form-data; boundary=${boundary}` },
      });
      expect(res.status).toBe(200);
      expect(emulator.state.workspace.get(`${HOME}/up`)).toMatchObject({
        object_type: 'NOTEBOOK',
        language: 'PYTHON',
      });
      expect((await exportJson(`${HOME}/up`)).bytes.equals(content)).toBe(true);
      expect(emulator.requests[0].body).toEqual({ path: `${HOME}/up.py`, format: 'AUTO', overwrite: 'true' });
    });

    it('rejects bad formats, languages and base64', async () => {
      const bad = [
        { path: `${HOME}/x`, format: 'source', language: 'PYTHON', content: b64('x') },
        { path: `${HOME}/x`, format: 'SOURCE', language: 'python', content: b64('x') },
        { path: `${HOME}/x`, format: 'SOURCE', language: 'PYTHON', content: 'not base64!' },
        { path: `${HOME}/x`, format: 'JUPYTER', content: b64('{"not": "a notebook"}') },
      ];
      for (const body of bad) {
        const res = await importJson(body);
        expect(res.status).toBe(400);
        expect(res.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      }
      const dbc = await importJson({ path: `${HOME}/x`, format: 'DBC', content: b64('x') });
      expect(dbc.status).toBe(501);
    });

    it('answers MAX_NOTEBOOK_SIZE_EXCEEDED above 10 MB and accepts exactly 10 MB', async () => {
      const big = Buffer.alloc(MAX_CONTENT_BYTES + 1, 'a');
      const tooBig = await importJson({
        path: `${HOME}/big.txt`,
        format: 'AUTO',
        content: big.toString('base64'),
      });
      expect(tooBig.status).toBe(400);
      expect(tooBig.json()).toMatchObject({ error_code: 'MAX_NOTEBOOK_SIZE_EXCEEDED' });
      expect(emulator.state.workspace.get(`${HOME}/big.txt`)).toBeUndefined();

      const limit = big.subarray(0, MAX_CONTENT_BYTES);
      const ok = await importJson({
        path: `${HOME}/limit.txt`,
        format: 'AUTO',
        content: limit.toString('base64'),
      });
      expect(ok.status).toBe(200);
      expect(emulator.state.workspace.get(`${HOME}/limit.txt`)?.content?.length).toBe(MAX_CONTENT_BYTES);
    });
  });

  describe('export', () => {
    it('answers base64 content and file_type for a notebook, raw bytes with direct_download', async () => {
      const source = '# Databricks notebook source\nprint("日本語 ✅")';
      emulator.state.workspace.putNotebook(`${HOME}/nb`, 'PYTHON', source);
      const json = await exportJson(`${HOME}/nb`);
      expect(json.bytes.toString('utf8')).toBe(source);
      expect(json.fileType).toBe('py');

      const raw = await get(emulator, '/api/2.0/workspace/export', {
        path: `${HOME}/nb`,
        direct_download: 'true',
      });
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toBe('application/octet-stream');
      expect(raw.bytes.equals(Buffer.from(source, 'utf8'))).toBe(true);
    });

    it('exports a workspace file byte for byte in SOURCE, AUTO and RAW', async () => {
      const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13]);
      emulator.state.workspace.putFile(`${HOME}/blob.bin`, bytes);
      for (const format of ['SOURCE', 'AUTO', 'RAW']) {
        const res = await exportJson(`${HOME}/blob.bin`, format);
        expect(res.bytes.equals(bytes)).toBe(true);
        expect(res.fileType).toBe('bin');
      }
      const raw = await get(emulator, '/api/2.0/workspace/export', {
        path: `${HOME}/blob.bin`,
        direct_download: 'true',
      });
      expect(raw.bytes.equals(bytes)).toBe(true);
    });

    it('refuses directories, libraries, experiments and dashboards with a 400', async () => {
      const ws = emulator.state.workspace;
      ws.mkdirs(`${HOME}/dir`);
      ws.putObject(`${HOME}/lib`, 'LIBRARY');
      ws.putObject(`${HOME}/exp`, 'MLFLOW_EXPERIMENT');
      ws.putObject(`${HOME}/dash`, 'DASHBOARD');
      for (const name of ['dir', 'lib', 'exp', 'dash']) {
        const res = await get(emulator, '/api/2.0/workspace/export', { path: `${HOME}/${name}` });
        expect(res.status).toBe(400);
        expect(res.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      }
    });

    it('answers 404 for a missing object and 501 for HTML/DBC', async () => {
      const missing = await get(emulator, '/api/2.0/workspace/export', { path: `${HOME}/nope` });
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: `Path (${HOME}/nope) doesn't exist.`,
      });
      emulator.state.workspace.putNotebook(`${HOME}/nb`, 'PYTHON', 'x');
      for (const format of ['HTML', 'DBC']) {
        const res = await get(emulator, '/api/2.0/workspace/export', { path: `${HOME}/nb`, format });
        expect(res.status).toBe(501);
        expect(res.json()).toMatchObject({ error_code: 'NOT_IMPLEMENTED' });
      }
    });

    it('answers content above 10 MB as the service does: 400 BAD_REQUEST, and no size in get-status', async () => {
      const bytes = MAX_CONTENT_BYTES + 1;
      emulator.state.workspace.putFile(`${HOME}/huge.bin`, Buffer.alloc(bytes));
      emulator.state.workspace.putNotebook(`${HOME}/huge-nb`, 'PYTHON', Buffer.alloc(bytes, 'x'));
      for (const direct of ['false', 'true']) {
        const file = await get(emulator, '/api/2.0/workspace/export', {
          path: `${HOME}/huge.bin`,
          direct_download: direct,
        });
        expect(file.status).toBe(400);
        // Verbatim shape of databricks/cli#3691.
        expect(file.json()).toEqual({
          error_code: 'BAD_REQUEST',
          message: `File size imported is (${bytes} bytes), exceeded max size (10485760 bytes)`,
        });
        const notebook = await get(emulator, '/api/2.0/workspace/export', {
          path: `${HOME}/huge-nb`,
          direct_download: direct,
        });
        expect(notebook.status).toBe(400);
        expect(notebook.json()).toMatchObject({
          error_code: 'BAD_REQUEST',
          message: expect.stringMatching(/^Notebook size exceeded limit: \d+ > 10485760$/),
        });
      }
      const status = (
        await get(emulator, '/api/2.0/workspace/get-status', { path: `${HOME}/huge.bin` })
      ).json();
      expect(status).toMatchObject({ object_type: 'FILE', modified_at: expect.any(Number) });
      expect(status).not.toHaveProperty('size');
      const listed = (await get(emulator, '/api/2.0/workspace/list', { path: HOME })).json() as {
        objects: Array<{ path: string; size?: number }>;
      };
      expect(listed.objects.find((o) => o.path === `${HOME}/huge.bin`)).not.toHaveProperty('size');
    });

    it('exports JUPYTER as a valid minimal ipynb', async () => {
      emulator.state.workspace.putNotebook(
        `${HOME}/nb`,
        'SQL',
        '-- Databricks notebook source\n-- MAGIC %md\n-- MAGIC # Title\n\n-- COMMAND ----------\n\nSELECT 1',
      );
      const res = await exportJson(`${HOME}/nb`, 'JUPYTER');
      expect(res.fileType).toBe('ipynb');
      const ipynb = JSON.parse(res.bytes.toString()) as Record<string, JsonValue>;
      expect(ipynb.nbformat).toBe(4);
      expect(isJsonObject(ipynb.metadata) && ipynb.metadata.language_info).toEqual({ name: 'sql' });
      expect(ipynb.cells).toEqual([
        expect.objectContaining({ cell_type: 'markdown', source: ['# Title'] }),
        expect.objectContaining({
          cell_type: 'code',
          source: ['SELECT 1'],
          outputs: [],
          execution_count: null,
        }),
      ]);
    });
  });
});
