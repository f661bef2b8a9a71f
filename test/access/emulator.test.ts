import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DatabricksClient } from '../../src/databricks/client.js';
import { ApiError } from '../../src/databricks/errors.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { clientFor } from '../helpers/harness.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = API_FIXTURES;

function fixture(rel: string): JsonObject {
  return parseJson(readFileSync(path.join(FIXTURES, rel), 'utf8')) as JsonObject;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

let emulator: Emulator;
let client: DatabricksClient;

beforeEach(async () => {
  emulator = await startEmulator();
  client = clientFor(emulator);
});

afterEach(async () => {
  await emulator.stop();
});

describe('Secrets API emulator', () => {
  it('answers exactly what the recorded fixtures show once seeded with their data', async () => {
    const scopes = fixture('secrets/secret-scopes-response.json');
    const scope = (scopes.scopes as JsonObject[])[0];
    const kv = scope.keyvault_metadata as JsonObject;
    const acl = fixture('secrets/secret-scopes-get-principal-response.json');
    const store = emulator.state.secrets;
    store.createScope(String(scope.name), {
      keyVault: { resource_id: String(kv.resource_id), dns_name: String(kv.dns_name) },
      creator: String(acl.principal),
    });
    const secret = (fixture('secrets/secret-scopes-list-scope-response.json').secrets as JsonObject[])[0];
    store.put(String(scope.name), String(secret.key), 'vault value', Number(secret.last_updated_timestamp));

    expect(await client.get('/api/2.0/secrets/scopes/list')).toEqual(scopes);
    expect(await client.get('/api/2.0/secrets/list', { scope: 'some-kv-scope' })).toEqual(
      fixture('secrets/secret-scopes-list-scope-response.json'),
    );
    expect(await client.get('/api/2.0/secrets/acls/list', { scope: 'some-kv-scope' })).toEqual(
      fixture('secrets/secret-scopes-list-scope-acls-response.json'),
    );
    expect(
      await client.get('/api/2.0/secrets/acls/get', { scope: 'some-kv-scope', principal: 'test@test.com' }),
    ).toEqual(acl);
    // Key Vault scopes are read-only through Databricks.
    const put = await failure(
      client.post('/api/2.0/secrets/put', { scope: 'some-kv-scope', key: 'k', string_value: 'v' }),
    );
    expect([put.status, put.errorCode]).toEqual([400, 'BAD_REQUEST']);
  });

  it('stores values without ever answering them, gives the creator MANAGE and uses the real error codes', async () => {
    expect(await client.get('/api/2.0/secrets/scopes/list')).toEqual({});
    await client.post('/api/2.0/secrets/scopes/create', { scope: 'app' });
    await client.post('/api/2.0/secrets/put', { scope: 'app', key: 'token', string_value: 's3cr3t' });
    await client.post('/api/2.0/secrets/put', {
      scope: 'app',
      key: 'blob',
      bytes_value: Buffer.from([1, 2, 3]).toString('base64'),
    });
    expect(emulator.state.secrets.value('app', 'token')).toBe('s3cr3t');
    expect(emulator.state.secrets.value('app', 'blob')).toEqual(Buffer.from([1, 2, 3]));
    const list = await client.get<{ secrets: JsonObject[] }>('/api/2.0/secrets/list', { scope: 'app' });
    expect(list.secrets.map((s) => Object.keys(s).sort())).toEqual([
      ['key', 'last_updated_timestamp'],
      ['key', 'last_updated_timestamp'],
    ]);
    expect(JSON.stringify(list)).not.toContain('s3cr3t');
    // A caller with READ reads values base64-encoded, as on a real workspace (databricks/cli cloud test
    // acceptance/bundle/resources/secret_scopes/basic); a missing key is RESOURCE_DOES_NOT_EXIST.
    expect(await client.get('/api/2.0/secrets/get', { scope: 'app', key: 'token' })).toEqual({
      key: 'token',
      value: Buffer.from('s3cr3t').toString('base64'),
    });
    expect(await client.get('/api/2.0/secrets/get', { scope: 'app', key: 'blob' })).toEqual({
      key: 'blob',
      value: 'AQID',
    });
    const missingKey = await failure(client.get('/api/2.0/secrets/get', { scope: 'app', key: 'nope' }));
    expect([missingKey.status, missingKey.errorCode]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);

    expect(await client.get('/api/2.0/secrets/acls/list', { scope: 'app' })).toEqual({
      items: [{ principal: 'admin@example.com', permission: 'MANAGE' }],
    });
    emulator.state.scim.createGroup({ displayName: 'data-eng' });
    await client.post('/api/2.0/secrets/acls/put', {
      scope: 'app',
      principal: 'data-eng',
      permission: 'READ',
    });
    await client.post('/api/2.0/secrets/acls/put', {
      scope: 'app',
      principal: 'data-eng',
      permission: 'WRITE',
    });
    expect(await client.get('/api/2.0/secrets/acls/get', { scope: 'app', principal: 'data-eng' })).toEqual({
      principal: 'data-eng',
      permission: 'WRITE',
    });
    await client.post('/api/2.0/secrets/acls/delete', { scope: 'app', principal: 'data-eng' });
    const noAcl = await failure(
      client.get('/api/2.0/secrets/acls/get', { scope: 'app', principal: 'data-eng' }),
    );
    expect(noAcl.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    const badPermission = await failure(
      client.post('/api/2.0/secrets/acls/put', { scope: 'app', principal: 'x', permission: 'OWNER' }),
    );
    expect(badPermission.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(badPermission.message).toMatch(/Invalid permission 'OWNER'/);

    const dup = await failure(client.post('/api/2.0/secrets/scopes/create', { scope: 'app' }));
    expect(dup.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    const missing = await failure(client.get('/api/2.0/secrets/list', { scope: 'nope' }));
    expect([missing.status, missing.errorCode, missing.message]).toEqual([
      404,
      'RESOURCE_DOES_NOT_EXIST',
      'Scope nope does not exist!',
    ]);
    const bothValues = await failure(
      client.post('/api/2.0/secrets/put', { scope: 'app', key: 'k', string_value: 'a', bytes_value: 'YQ==' }),
    );
    expect(bothValues.errorCode).toBe('INVALID_PARAMETER_VALUE');
    await client.post('/api/2.0/secrets/delete', { scope: 'app', key: 'token' });
    expect(emulator.state.secrets.value('app', 'token')).toBeUndefined();
    await client.post('/api/2.0/secrets/scopes/delete', { scope: 'app' });
    expect((await failure(client.post('/api/2.0/secrets/scopes/delete', { scope: 'app' }))).errorCode).toBe(
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('grants ACLs to users, groups and service principals that exist, and refuses unknown principals', async () => {
    const { scim } = emulator.state;
    scim.createUser({ userName: 'Ana@contoso.com' });
    scim.createGroup({ displayName: 'data-eng' });
    scim.createServicePrincipal({ applicationId: '9f0621ee-b52b-11ea-b3de-0242ac130004' });
    await client.post('/api/2.0/secrets/scopes/create', { scope: 'app' });
    for (const principal of ['ana@contoso.com', 'data-eng', '9f0621ee-b52b-11ea-b3de-0242ac130004', 'users'])
      await client.post('/api/2.0/secrets/acls/put', { scope: 'app', principal, permission: 'READ' });
    const unknown = await failure(
      client.post('/api/2.0/secrets/acls/put', { scope: 'app', principal: 'nobody', permission: 'READ' }),
    );
    expect([unknown.status, unknown.errorCode, unknown.message]).toEqual([
      400,
      'INVALID_PARAMETER_VALUE',
      'Principal: nobody does not exist',
    ]);
    expect([...emulator.state.secrets.scope('app').acls.keys()].sort()).toEqual([
      '9f0621ee-b52b-11ea-b3de-0242ac130004',
      'admin@example.com',
      'ana@contoso.com',
      'data-eng',
      'users',
    ]);
  });

  it('lists keys to a non-admin caller with READ (or more) on the scope, and ACLs with MANAGE', async () => {
    const secrets = emulator.state.secrets;
    for (const scope of ['open', 'readable', 'shared', 'sealed']) secrets.createScope(scope);
    secrets.setAcl('open', 'dev@contoso.com', 'MANAGE');
    secrets.setAcl('readable', 'dev@contoso.com', 'READ');
    secrets.setAcl('shared', 'users', 'WRITE');
    secrets.nonAdminCaller = 'dev@contoso.com';
    for (const scope of ['open', 'readable', 'shared'])
      expect(await client.get('/api/2.0/secrets/list', { scope })).toEqual({});
    const sealed = await failure(client.get('/api/2.0/secrets/list', { scope: 'sealed' }));
    expect([sealed.status, sealed.errorCode, sealed.message]).toEqual([
      403,
      'PERMISSION_DENIED',
      'User dev@contoso.com does not have READ permission on scope sealed.',
    ]);
    expect(await client.get('/api/2.0/secrets/acls/list', { scope: 'open' })).toEqual({
      items: [
        { principal: 'admin@example.com', permission: 'MANAGE' },
        { principal: 'dev@contoso.com', permission: 'MANAGE' },
      ],
    });
    for (const scope of ['readable', 'shared', 'sealed'])
      expect((await failure(client.get('/api/2.0/secrets/acls/list', { scope }))).status).toBe(403);
  });

  it('creates Key Vault scopes, and refuses them to a caller without a user Azure AD token', async () => {
    const body = {
      scope: 'kv',
      scope_backend_type: 'AZURE_KEYVAULT',
      backend_azure_keyvault: {
        resource_id: '/subscriptions/x/vaults/kv',
        dns_name: 'https://kv.vault.azure.net/',
      },
    };
    emulator.state.secrets.keyVaultScopesAllowed = false;
    const refused = await failure(client.post('/api/2.0/secrets/scopes/create', body));
    expect(refused.message).toContain('userAADToken');
    emulator.state.secrets.keyVaultScopesAllowed = true;
    await client.post('/api/2.0/secrets/scopes/create', body);
    expect(emulator.state.secrets.scope('kv').keyvault_metadata).toEqual(body.backend_azure_keyvault);
  });
});

describe('Global Init Scripts API emulator', () => {
  it('lists without content, gets base64 content, and shifts positions on create, move and delete', async () => {
    const create = (name: string, position?: number) =>
      client.post<{ script_id: string }>('/api/2.0/global-init-scripts', {
        name,
        script: Buffer.from(`echo ${name}\n`).toString('base64'),
        enabled: true,
        position,
      });
    const a = await create('a');
    const b = await create('b');
    const c = await create('c', 0);
    const names = async () =>
      ((await client.get<{ scripts: JsonObject[] }>('/api/2.0/global-init-scripts')).scripts ?? []).map(
        (s) => `${String(s.position)}:${String(s.name)}`,
      );
    expect(await names()).toEqual(['0:c', '1:a', '2:b']);
    const list = await client.get<{ scripts: JsonObject[] }>('/api/2.0/global-init-scripts');
    // The same fields as the recorded list, and no content.
    const recorded = (
      fixture('global-init-scripts/global-init-scripts-list.json').scripts as JsonObject[]
    )[0];
    expect(Object.keys(list.scripts[0]).sort()).toEqual(Object.keys(recorded).sort());
    const got = await client.get<JsonObject>(`/api/2.0/global-init-scripts/${a.script_id}`);
    expect(Object.keys(got).sort()).toEqual(
      Object.keys(fixture('global-init-scripts/global-init-script-get1.json')).sort(),
    );
    expect(Buffer.from(String(got.script), 'base64').toString()).toBe('echo a\n');
    expect(got.script_id).toMatch(/^[0-9A-F]{16}$/);

    await client.request('PATCH', `/api/2.0/global-init-scripts/${b.script_id}`, {
      body: { name: 'b', script: Buffer.from('new').toString('base64'), position: 0 },
    });
    expect(await names()).toEqual(['0:b', '1:c', '2:a']);
    await client.request('DELETE', `/api/2.0/global-init-scripts/${c.script_id}`);
    expect(await names()).toEqual(['0:b', '1:a']);
    const gone = await failure(client.get(`/api/2.0/global-init-scripts/${c.script_id}`));
    expect([gone.status, gone.errorCode]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
    const noScript = await failure(
      client.request('PATCH', `/api/2.0/global-init-scripts/${a.script_id}`, { body: { name: 'a' } }),
    );
    expect(noScript.errorCode).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('DBFS API emulator', () => {
  it('answers status and reads as the recorded fixtures show', async () => {
    emulator.state.dbfs.write('/FileStore/jars/test.jar', Buffer.from('1234567890'));
    expect(await client.get('/api/2.0/dbfs/get-status', { path: 'dbfs:/FileStore/jars/test.jar' })).toEqual({
      ...fixture('dbfs/get-dbfs-library-status.json'),
      modification_time: expect.any(Number),
    });
    expect(await client.get('/api/2.0/dbfs/read', { path: '/FileStore/jars/test.jar' })).toEqual(
      fixture('dbfs/get-dbfs-library-data.json'),
    );
  });

  it('enforces the 1 MB read and block limits, streams uploads through handles, and deletes and moves', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 7);
    const tooBig = await failure(
      client.post('/api/2.0/dbfs/put', { path: '/a/big', contents: big.toString('base64') }),
    );
    expect(tooBig.errorCode).toBe('MAX_BLOCK_SIZE_EXCEEDED');
    const { handle } = await client.post<{ handle: number }>('/api/2.0/dbfs/create', { path: '/a/big' });
    await client.post('/api/2.0/dbfs/add-block', {
      handle,
      data: big.subarray(0, 1024 * 1024).toString('base64'),
    });
    await client.post('/api/2.0/dbfs/add-block', {
      handle,
      data: big.subarray(1024 * 1024).toString('base64'),
    });
    // Nothing is visible before close.
    expect(emulator.state.dbfs.get('/a/big')).toBeUndefined();
    await client.post('/api/2.0/dbfs/close', { handle });
    expect(emulator.state.dbfs.get('/a/big')?.data.equals(big)).toBe(true);
    const closed = await failure(client.post('/api/2.0/dbfs/add-block', { handle, data: '' }));
    expect(closed.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');

    const readTooMuch = await failure(
      client.get('/api/2.0/dbfs/read', { path: '/a/big', length: 1024 * 1024 + 1 }),
    );
    expect(readTooMuch.errorCode).toBe('MAX_READ_SIZE_EXCEEDED');
    const tail = await client.get<JsonObject>('/api/2.0/dbfs/read', {
      path: '/a/big',
      offset: 1024 * 1024,
      length: 1024 * 1024,
    });
    expect(tail).toEqual({ bytes_read: 1, data: Buffer.from([7]).toString('base64') });
    const dir = await failure(client.get('/api/2.0/dbfs/read', { path: '/a' }));
    expect(dir.errorCode).toBe('INVALID_PARAMETER_VALUE');
    const exists = await failure(client.post('/api/2.0/dbfs/create', { path: '/a/big', overwrite: false }));
    expect(exists.errorCode).toBe('RESOURCE_ALREADY_EXISTS');

    await client.post('/api/2.0/dbfs/mkdirs', { path: '/a/b/c' });
    expect(await client.get('/api/2.0/dbfs/list', { path: '/a' })).toEqual({
      files: [
        { path: '/a/b', is_dir: true, file_size: 0, modification_time: expect.any(Number) },
        { path: '/a/big', is_dir: false, file_size: big.length, modification_time: expect.any(Number) },
      ],
    });
    await client.post('/api/2.0/dbfs/move', { source_path: '/a/big', destination_path: '/a/b/moved' });
    expect(emulator.state.dbfs.get('/a/b/moved')?.data.length).toBe(big.length);
    const notEmpty = await failure(client.post('/api/2.0/dbfs/delete', { path: '/a', recursive: false }));
    expect(notEmpty.errorCode).toBe('IO_ERROR');
    await client.post('/api/2.0/dbfs/delete', { path: '/a', recursive: true });
    const missing = await failure(client.get('/api/2.0/dbfs/list', { path: '/a' }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
  });
});
