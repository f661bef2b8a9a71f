import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  hasNotebookHeader,
  jupyterToSource,
  languageForFileName,
  sourceToJupyter,
  startEmulator,
  withNotebookHeader,
  type Emulator,
  type NotebookLanguage,
} from '../../src/emulator/index.js';
import { b64, get, post } from './helpers.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

/**
 * Byte-exact SOURCE notebooks from public repositories, copied from the shared api-fixtures (each with a
 * .source.txt naming its origin): four languages, legacy "exported at" headers, DBTITLE lines, MAGIC
 * cells, with and without trailing empty cells.
 */
const FIXTURES = join(API_FIXTURES, 'notebooks');
const notebooks = readdirSync(FIXTURES)
  .filter((name) => languageForFileName(name) !== undefined)
  .sort()
  .map((name) => ({
    name,
    language: languageForFileName(name) as NotebookLanguage,
    bytes: readFileSync(join(FIXTURES, name)),
  }));

const HOME = '/Users/nb@contoso.com';

describe('SOURCE notebooks', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.state.workspace.mkdirs(`${HOME}/source`);
    emulator.state.workspace.mkdirs(`${HOME}/auto`);
  });
  afterAll(() => emulator.stop());

  const exportBytes = async (path: string): Promise<Buffer> => {
    const res = await get(emulator, '/api/2.0/workspace/export', {
      path,
      format: 'SOURCE',
      direct_download: 'true',
    });
    expect(res.status).toBe(200);
    return res.bytes;
  };

  it('has the fixtures: 13 notebooks in all four languages', () => {
    expect(notebooks).toHaveLength(13);
    expect(new Set(notebooks.map((n) => n.language))).toEqual(new Set(['PYTHON', 'SQL', 'SCALA', 'R']));
  });

  it.each(notebooks)('$name: SOURCE import with its language exports byte-identical', async (nb) => {
    const path = `${HOME}/source/${nb.name}`;
    const res = await post(emulator, '/api/2.0/workspace/import', {
      path,
      format: 'SOURCE',
      language: nb.language,
      content: b64(nb.bytes),
    });
    expect(res.status).toBe(200);
    expect(emulator.state.workspace.get(path)).toMatchObject({
      object_type: 'NOTEBOOK',
      language: nb.language,
    });
    expect((await exportBytes(path)).equals(nb.bytes)).toBe(true);
  });

  it.each(notebooks)(
    '$name: AUTO import makes a notebook without extension, exported byte-identical',
    async (nb) => {
      const res = await post(emulator, '/api/2.0/workspace/import', {
        path: `${HOME}/auto/${nb.name}`,
        format: 'AUTO',
        content: b64(nb.bytes),
      });
      expect(res.status).toBe(200);
      const stripped = `${HOME}/auto/${nb.name.replace(/\.[^.]+$/, '')}`;
      expect(emulator.state.workspace.get(stripped)).toMatchObject({
        object_type: 'NOTEBOOK',
        language: nb.language,
      });
      const exported = await get(emulator, '/api/2.0/workspace/export', { path: stripped });
      const body = exported.json() as { content: string; file_type: string };
      expect(Buffer.from(body.content, 'base64').equals(nb.bytes)).toBe(true);
      expect(body.file_type).toBe(nb.name.slice(nb.name.lastIndexOf('.') + 1).toLowerCase());
    },
  );

  it('treats the legacy "exported at" header as a header (stored unchanged, not doubled)', () => {
    const legacy = notebooks.filter((n) => n.name.includes('exported_at'));
    expect(legacy).toHaveLength(2);
    for (const nb of legacy) {
      expect(hasNotebookHeader(nb.bytes, nb.language)).toBe(true);
      expect(withNotebookHeader(nb.bytes, nb.language).equals(nb.bytes)).toBe(true);
    }
  });

  it('does not take another language header as the header', () => {
    expect(hasNotebookHeader('// Databricks notebook source\nx', 'PYTHON')).toBe(false);
    expect(hasNotebookHeader('# Databricks notebook sourcefoo\nx', 'PYTHON')).toBe(false);
    expect(hasNotebookHeader('-- Databricks notebook source\r\nx', 'SQL')).toBe(true);
  });
});

describe('Jupyter conversion', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.state.workspace.mkdirs(HOME);
  });
  afterAll(() => emulator.stop());

  /** Notebooks in the layout the product writes today (bare `# MAGIC` for empty lines, no empty last cell). */
  const canonical = [
    'cli_py_source.py',
    'tf_test_python.py',
    'rajcharan_DE_0.00_Module_Introduction.py',
    'pariksheetde_5.createViews.sql',
  ];

  it.each(canonical)(
    '%s: SOURCE -> JUPYTER export -> JUPYTER import -> SOURCE is identical',
    async (name) => {
      const nb = notebooks.find((n) => n.name === name);
      if (!nb) throw new Error(`fixture ${name} missing`);
      const path = `${HOME}/${name.replace(/\.[^.]+$/, '')}`;
      emulator.state.workspace.putNotebook(path, nb.language, nb.bytes);

      const exported = await get(emulator, '/api/2.0/workspace/export', { path, format: 'JUPYTER' });
      const body = exported.json() as { content: string; file_type: string };
      expect(body.file_type).toBe('ipynb');
      const ipynb = Buffer.from(body.content, 'base64').toString('utf8');
      expect(JSON.parse(ipynb)).toMatchObject({ nbformat: 4, cells: expect.any(Array) });

      const back = `${path}_back`;
      const imported = await post(emulator, '/api/2.0/workspace/import', {
        path: back,
        format: 'JUPYTER',
        content: b64(ipynb),
      });
      expect(imported.status).toBe(200);
      expect(emulator.state.workspace.get(back)).toMatchObject({
        object_type: 'NOTEBOOK',
        language: nb.language,
      });
      const source = await get(emulator, '/api/2.0/workspace/export', {
        path: back,
        direct_download: 'true',
      });
      expect(source.text).toBe(nb.bytes.toString('utf8'));
    },
  );

  it('splits cells, removes MAGIC prefixes, keeps titles and the language', () => {
    const source = [
      '# Databricks notebook source',
      '# MAGIC %md',
      '# MAGIC ## Title',
      '# MAGIC',
      '# MAGIC text',
      '',
      '# COMMAND ----------',
      '',
      '# DBTITLE 1,Load',
      'df = spark.range(3)',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %sql',
      '# MAGIC SELECT 1',
    ].join('\n');
    const ipynb = JSON.parse(sourceToJupyter(source, 'PYTHON', 'demo')) as {
      cells: Array<{
        cell_type: string;
        source: string[];
        metadata: Record<string, Record<string, unknown>>;
      }>;
      metadata: Record<string, Record<string, unknown>>;
    };
    expect(ipynb.metadata.language_info).toEqual({ name: 'python' });
    expect(ipynb.metadata['application/vnd.databricks.v1+notebook']).toMatchObject({ notebookName: 'demo' });
    expect(ipynb.cells.map((c) => [c.cell_type, c.source.join('')])).toEqual([
      ['markdown', '## Title\n\ntext'],
      ['code', 'df = spark.range(3)'],
      ['code', '%sql\nSELECT 1'],
    ]);
    expect(ipynb.cells[1].metadata['application/vnd.databricks.v1+cell']).toMatchObject({
      title: 'Load',
      showTitle: true,
    });
    expect(jupyterToSource(JSON.stringify(ipynb), 'PYTHON')).toBe(source);
  });

  it('takes the language of a JUPYTER import from the notebook metadata', async () => {
    const ipynb = JSON.stringify({
      cells: [{ cell_type: 'code', metadata: {}, source: 'SELECT 1', outputs: [], execution_count: null }],
      metadata: { kernelspec: { language: 'sql', name: 'x' } },
      nbformat: 4,
      nbformat_minor: 2,
    });
    const res = await post(emulator, '/api/2.0/workspace/import', {
      path: `${HOME}/from_jupyter`,
      format: 'JUPYTER',
      content: b64(ipynb),
    });
    expect(res.status).toBe(200);
    const object = emulator.state.workspace.get(`${HOME}/from_jupyter`);
    expect(object).toMatchObject({ object_type: 'NOTEBOOK', language: 'SQL' });
    expect(object?.content?.toString()).toBe('-- Databricks notebook source\nSELECT 1');
  });
});
