import { describe, expect, it } from '@jest/globals';
import { Router } from '../../src/emulator/index.js';

const handler = () => ({});

describe('Router', () => {
  it('matches literals, version alternatives and params', () => {
    const router = new Router()
      .get('/api/2.0|2.1/clusters/get', handler)
      .get('/api/2.0/permissions/:type/:id', handler);
    expect(router.match('GET', '/api/2.1/clusters/get')?.route.pattern).toBe('/api/2.0|2.1/clusters/get');
    expect(router.match('GET', '/api/2.2/clusters/get')).toBeUndefined();
    expect(router.match('POST', '/api/2.0/clusters/get')).toBeUndefined();
    expect(router.match('GET', '/api/2.0/permissions/jobs/123')?.params).toEqual({ type: 'jobs', id: '123' });
    expect(router.match('GET', '/api/2.0/permissions/jobs')).toBeUndefined();
    expect(router.match('GET', '/api/2.0/permissions/jobs/123/extra')).toBeUndefined();
    expect(router.match('GET', '/api/2.0/permissions/jobs/')).toBeUndefined();
  });

  it('prefers the most literal pattern, whatever the registration order', () => {
    const router = new Router()
      .get('/api/2.0/permissions/:type/:id', handler)
      .get('/api/2.0/permissions/sql/warehouses/:id', handler)
      .get('/api/2.0/permissions/:type/:id/permissionLevels', handler);
    expect(router.match('GET', '/api/2.0/permissions/sql/warehouses/abc')).toMatchObject({
      route: { pattern: '/api/2.0/permissions/sql/warehouses/:id' },
      params: { id: 'abc' },
    });
    expect(router.match('GET', '/api/2.0/permissions/clusters/abc')?.route.pattern).toBe(
      '/api/2.0/permissions/:type/:id',
    );
    expect(router.match('GET', '/api/2.0/permissions/jobs/1/permissionLevels')?.params).toEqual({
      type: 'jobs',
      id: '1',
    });
  });

  it('captures the rest of the path with :name*', () => {
    const router = new Router().get('/api/2.0/fs/files/:path*', handler);
    expect(router.match('GET', '/api/2.0/fs/files/Volumes/main/x/file.txt')?.params).toEqual({
      path: 'Volumes/main/x/file.txt',
    });
  });

  it('refuses duplicate routes and malformed patterns', () => {
    const router = new Router().get('/a', handler);
    expect(() => router.get('/a', handler)).toThrow(/twice/);
    expect(() => router.get('a', handler)).toThrow(/start with/);
    expect(() => router.get('/a/:rest*/b', handler)).toThrow(/last/);
    expect(router.list()).toEqual(['GET /a']);
  });
});
