import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { UC_SERVER_PAGE } from '../../src/emulator/apis/unity-catalog.js';
import type { JsonObject } from '../../src/util/json.js';
import { call, get, post } from '../emulator/helpers.js';

const UC = '/api/2.1/unity-catalog';

describe('Unity Catalog API of the emulator (real HTTP)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const ok = async (p: Promise<{ status: number; text: string; json: () => unknown }>) => {
    const res = await p;
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    return res.json() as JsonObject;
  };
  const fails = async (p: Promise<{ status: number; json: () => unknown }>) => {
    const res = await p;
    return { status: res.status, body: res.json() as JsonObject };
  };

  it('has the system catalogs, a new catalog gets default and information_schema, names are lower case', async () => {
    const { catalogs } = await ok(get(emulator, `${UC}/catalogs`));
    expect((catalogs as JsonObject[]).map((c) => [c.name, c.catalog_type])).toEqual([
      ['system', 'SYSTEM_CATALOG'],
      ['samples', 'SYSTEM_CATALOG'],
      ['hive_metastore', 'INTERNAL_CATALOG'],
    ]);
    const created = await ok(post(emulator, `${UC}/catalogs`, { name: 'Sales', comment: 'c' }));
    expect(created).toMatchObject({
      name: 'sales',
      full_name: 'sales',
      owner: 'admin@example.com',
      catalog_type: 'MANAGED_CATALOG',
    });
    const { schemas } = await ok(get(emulator, `${UC}/schemas`, { catalog_name: 'sales' }));
    expect((schemas as JsonObject[]).map((s) => s.full_name)).toEqual([
      'sales.information_schema',
      'sales.default',
    ]);
    expect(await fails(post(emulator, `${UC}/catalogs`, { name: 'sales' }))).toEqual({
      status: 400,
      body: expect.objectContaining({ error_code: 'CATALOG_ALREADY_EXISTS' }),
    });
  });

  it('answers a missing object 404 with the securable code, and a missing parent on create', async () => {
    expect(await fails(get(emulator, `${UC}/catalogs/nope`))).toEqual({
      status: 404,
      body: expect.objectContaining({
        error_code: 'CATALOG_DOES_NOT_EXIST',
        message: "Catalog 'nope' does not exist.",
      }),
    });
    expect((await fails(get(emulator, `${UC}/schemas/sales.nope`))).body.error_code).toBe(
      'SCHEMA_DOES_NOT_EXIST',
    );
    expect((await fails(post(emulator, `${UC}/schemas`, { name: 'x', catalog_name: 'nope' }))).status).toBe(
      404,
    );
  });

  it('refuses to delete a catalog holding a schema, unless forced; schemas and volumes likewise', async () => {
    await ok(post(emulator, `${UC}/catalogs`, { name: 'ops' }));
    await ok(post(emulator, `${UC}/schemas`, { name: 'raw', catalog_name: 'ops' }));
    await ok(
      post(emulator, `${UC}/volumes`, {
        catalog_name: 'ops',
        schema_name: 'raw',
        name: 'files',
        volume_type: 'MANAGED',
      }),
    );
    const refused = await fails(call(emulator, 'DELETE', `${UC}/catalogs/ops`));
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe('CATALOG_NOT_EMPTY');
    expect((await fails(call(emulator, 'DELETE', `${UC}/schemas/ops.raw`))).body.error_code).toBe(
      'SCHEMA_NOT_EMPTY',
    );
    await ok(call(emulator, 'DELETE', `${UC}/catalogs/ops`, { query: { force: 'true' } }));
    expect((await fails(get(emulator, `${UC}/volumes/ops.raw.files`))).status).toBe(404);
  });

  it('pages lists with max_results and page_token; max_results unset lists all', async () => {
    await ok(post(emulator, `${UC}/catalogs`, { name: 'paged' }));
    for (let i = 0; i < UC_SERVER_PAGE + 3; i++)
      await ok(post(emulator, `${UC}/schemas`, { name: `s${i}`, catalog_name: 'paged' }));
    const all = await ok(get(emulator, `${UC}/schemas`, { catalog_name: 'paged' }));
    expect((all.schemas as JsonObject[]).length).toBe(UC_SERVER_PAGE + 5);
    expect(all.next_page_token).toBeUndefined();
    const names: unknown[] = [];
    let token: string | undefined;
    do {
      const page = await ok(
        get(emulator, `${UC}/schemas`, {
          catalog_name: 'paged',
          max_results: '20',
          ...(token ? { page_token: token } : {}),
        }),
      );
      names.push(...(page.schemas as JsonObject[]).map((s) => s.name));
      token = page.next_page_token as string | undefined;
    } while (token);
    expect(names).toEqual((all.schemas as JsonObject[]).map((s) => s.name));
    expect(
      (await fails(get(emulator, `${UC}/schemas`, { catalog_name: 'paged', max_results: '-1' }))).status,
    ).toBe(400);
  });

  it('keeps direct grants: PATCH adds and removes, removing ALL_PRIVILEGES clears the principal', async () => {
    const path = `${UC}/permissions/catalog/sales`;
    const first = await ok(
      call(emulator, 'PATCH', path, {
        body: {
          changes: [
            { principal: 'analysts', add: ['USE_CATALOG', 'SELECT'] },
            { principal: 'etl', add: ['ALL_PRIVILEGES'] },
          ],
        },
      }),
    );
    expect(first.privilege_assignments).toEqual([
      { principal: 'analysts', privileges: ['SELECT', 'USE_CATALOG'] },
      { principal: 'etl', privileges: ['ALL_PRIVILEGES'] },
    ]);
    await ok(
      call(emulator, 'PATCH', path, {
        body: {
          changes: [
            { principal: 'analysts', remove: ['SELECT'] },
            { principal: 'etl', remove: ['ALL_PRIVILEGES'] },
          ],
        },
      }),
    );
    expect((await ok(get(emulator, path))).privilege_assignments).toEqual([
      { principal: 'analysts', privileges: ['USE_CATALOG'] },
    ]);
    expect((await fails(get(emulator, `${UC}/permissions/catalog/nope`))).status).toBe(404);
  });

  it('answers PERMISSION_DENIED for a securable the caller may not use, and leaves it out of lists', async () => {
    await ok(post(emulator, `${UC}/catalogs`, { name: 'secret' }));
    emulator.state.unityCatalog.denied.add('catalog:secret');
    expect(await fails(get(emulator, `${UC}/catalogs/secret`))).toEqual({
      status: 403,
      body: expect.objectContaining({ error_code: 'PERMISSION_DENIED' }),
    });
    const { catalogs } = await ok(get(emulator, `${UC}/catalogs`));
    expect((catalogs as JsonObject[]).map((c) => c.name)).not.toContain('secret');
  });

  it('creates credentials and locations, never answers a secret, isolates a catalog with a binding', async () => {
    const credential = await ok(
      post(emulator, `${UC}/storage-credentials`, {
        name: 'sp',
        azure_service_principal: { directory_id: 'd', application_id: 'a', client_secret: 'hush' },
      }),
    );
    expect(JSON.stringify(credential)).not.toContain('hush');
    await ok(
      post(emulator, `${UC}/external-locations`, {
        name: 'landing',
        url: 'abfss://l@acct.dfs.core.windows.net/',
        credential_name: 'sp',
      }),
    );
    const overlapping = await fails(
      post(emulator, `${UC}/external-locations`, {
        name: 'inner',
        url: 'abfss://l@acct.dfs.core.windows.net/x',
        credential_name: 'sp',
      }),
    );
    expect(overlapping.status).toBe(400);
    await ok(call(emulator, 'PATCH', `${UC}/catalogs/sales`, { body: { isolation_mode: 'ISOLATED' } }));
    const { bindings } = await ok(get(emulator, `${UC}/bindings/catalog/sales`));
    expect(bindings).toEqual([
      { workspace_id: Number(emulator.state.context.orgId), binding_type: 'BINDING_TYPE_READ_WRITE' },
    ]);
  });
});
