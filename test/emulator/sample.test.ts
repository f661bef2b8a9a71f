import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  seedSampleWorkspace,
  serveEmulator,
  startEmulator,
  type Emulator,
} from '../../src/emulator/index.js';
import { get } from './helpers.js';

describe('sample workspace', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    seedSampleWorkspace(emulator);
  });
  afterAll(() => emulator.stop());

  it('has users (one non-ASCII), /Shared, 20-50 objects, no /Repos', () => {
    const all = emulator.state.workspace.all();
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.length).toBeLessThanOrEqual(50);
    const users = emulator.state.workspace.childrenOf('/Users').map((o) => o.path);
    expect(users).toEqual([
      '/Users/alice@contoso.com',
      '/Users/bob@contoso.com',
      '/Users/chloé.martin@contoso.com',
    ]);
    expect(emulator.state.workspace.get('/Repos')).toBeUndefined();
  });

  it('has notebooks in four languages, files, an empty folder, an experiment and a library', () => {
    const all = emulator.state.workspace.all();
    const languages = new Set(all.filter((o) => o.object_type === 'NOTEBOOK').map((o) => o.language));
    expect(languages).toEqual(new Set(['PYTHON', 'SQL', 'SCALA', 'R']));
    expect(emulator.state.workspace.get('/Users/alice@contoso.com/ETL/utils/helpers.py')?.object_type).toBe(
      'FILE',
    );
    expect(all.some((o) => o.object_type === 'MLFLOW_EXPERIMENT')).toBe(true);
    expect(all.some((o) => o.object_type === 'LIBRARY')).toBe(true);
    const emptyDirs = all.filter(
      (o) => o.object_type === 'DIRECTORY' && emulator.state.workspace.childrenOf(o.path).length === 0,
    );
    expect(emptyDirs.length).toBeGreaterThanOrEqual(1);
  });

  it('serves its non-ASCII paths and content over the API', async () => {
    const list = await get(emulator, '/api/2.0/workspace/list', {
      path: '/Users/chloé.martin@contoso.com/レポート',
    });
    expect(list.json()).toMatchObject({
      objects: [{ path: '/Users/chloé.martin@contoso.com/レポート/月次売上' }],
    });
    const exported = await get(emulator, '/api/2.0/workspace/export', {
      path: '/Users/chloé.martin@contoso.com/Analyse des ventes',
      direct_download: 'true',
    });
    expect(
      exported.text.startsWith('# Databricks notebook source\n# MAGIC %md\n# MAGIC # Analyse des ventes 📈'),
    ).toBe(true);
    expect(exported.text).toContain('# COMMAND ----------\n\n# DBTITLE 1,Données\n');
  });

  it('is the same on every run', async () => {
    const other = await startEmulator();
    try {
      seedSampleWorkspace(other);
      const shape = (e: Emulator) =>
        e.state.workspace
          .all()
          .map((o) => [
            o.path,
            o.object_id,
            o.object_type === 'DIRECTORY' || o.modified_at,
            o.content?.toString('base64'),
          ]);
      expect(shape(other)).toEqual(shape(emulator));
    } finally {
      await other.stop();
    }
  });
});

describe('seedFromDir', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-seed-'));
    mkdirSync(join(dir, 'proj', 'empty'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(dir, 'proj', 'nb.py'), '# Databricks notebook source\nprint(1)');
    writeFileSync(join(dir, 'proj', 'q.sql'), '-- Databricks notebook source\nSELECT 1');
    writeFileSync(join(dir, 'proj', 'mod.py'), 'def f():\n    return 1\n');
    writeFileSync(join(dir, 'proj', 'wrong.scala'), '# Databricks notebook source\nval x = 1');
    writeFileSync(join(dir, 'proj', 'data.bin'), Buffer.from([0, 255, 1]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes notebooks of headed sources (extension stripped) and files of everything else', async () => {
    const emulator = await startEmulator();
    try {
      const count = emulator.state.workspace.seedFromDir(dir, '/Workspace/Shared/seed');
      const ws = emulator.state.workspace;
      expect(count).toBe(7);
      expect(ws.get('/Shared/seed/proj/nb')).toMatchObject({ object_type: 'NOTEBOOK', language: 'PYTHON' });
      expect(ws.get('/Shared/seed/proj/q')).toMatchObject({ object_type: 'NOTEBOOK', language: 'SQL' });
      expect(ws.get('/Shared/seed/proj/mod.py')).toMatchObject({ object_type: 'FILE' });
      expect(ws.get('/Shared/seed/proj/wrong.scala')).toMatchObject({ object_type: 'FILE' });
      expect(ws.get('/Shared/seed/proj/data.bin')?.content).toEqual(Buffer.from([0, 255, 1]));
      expect(ws.get('/Shared/seed/proj/empty')).toMatchObject({ object_type: 'DIRECTORY' });
      expect(ws.get('/Shared/seed/.git')).toBeUndefined();
      expect(ws.get('/Shared/seed/proj/nb')?.content?.toString()).toBe(
        '# Databricks notebook source\nprint(1)',
      );
    } finally {
      await emulator.stop();
    }
  });

  it('serveEmulator seeds, prints the URL, token and a CLI line, and refuses a missing folder', async () => {
    const lines: string[] = [];
    const emulator = await serveEmulator({ seedDir: dir, sample: true }, (line) => lines.push(line));
    try {
      const text = lines.join('\n');
      expect(text).toContain(emulator.url);
      expect(text).toContain(
        `DATABRICKS_HOST=${emulator.url} DATABRICKS_TOKEN=${emulator.token} databricks workspace list /`,
      );
      expect(emulator.state.workspace.get('/proj/nb')?.object_type).toBe('NOTEBOOK');
      expect(emulator.state.workspace.get('/Users/alice@contoso.com')).toBeDefined();
      expect((await get(emulator, '/api/2.0/workspace/list', { path: '/' })).status).toBe(200);
    } finally {
      await emulator.stop();
    }
    await expect(serveEmulator({ seedDir: join(dir, 'missing') }, () => {})).rejects.toThrow(/not a folder/);
  });
});
