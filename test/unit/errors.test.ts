import { parseApiError } from '../../src/databricks/errors.js';

const h = (init: Record<string, string> = {}) => new Headers(init);

describe('API error bodies', () => {
  test.each([
    [
      404,
      '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Path (/x) doesn\'t exist."}',
      {},
      'RESOURCE_DOES_NOT_EXIST',
      "Path (/x) doesn't exist.",
    ],
    [
      403,
      '{"error_code": 403, "message": "Invalid access token."}',
      { 'x-databricks-reason-phrase': 'Invalid access token.' },
      'INVALID_TOKEN',
      'Invalid access token.',
    ],
    // The number alone says it: the reason phrase may not come through a proxy.
    [
      403,
      '{"error_code": 403, "message": "Invalid access token."}',
      {},
      'INVALID_TOKEN',
      'Invalid access token.',
    ],
    [
      403,
      '{"error_code": "PERMISSION_DENIED", "message": "User x does not have MANAGE permission on scope y."}',
      {},
      'PERMISSION_DENIED',
      'User x does not have MANAGE permission on scope y.',
    ],
    // A number on another status is that status's code.
    [404, '{"error_code": 404, "message": "Not here."}', {}, 'NOT_FOUND', 'Not here.'],
    [400, '{"error": "legacy failure"}', {}, 'BAD_REQUEST', 'legacy failure'],
    [
      404,
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"User not found","status":"404","scimType":"invalidValue"}',
      {},
      'SCIM_404',
      'invalidValue User not found',
    ],
    [400, 'INVALID_PARAMETER_VALUE: bad thing', {}, 'INVALID_PARAMETER_VALUE', 'bad thing'],
    [
      403,
      '<html><head><title>Error 403 Invalid access token.</title></head></html>',
      {},
      'INVALID_TOKEN',
      'Error 403 Invalid access token.',
    ],
    [429, '', { 'retry-after': '3' }, 'TOO_MANY_REQUESTS', 'Too Many Requests'],
    [
      403,
      '',
      { 'x-databricks-reason-phrase': 'Invalid access token.' },
      'INVALID_TOKEN',
      'Invalid access token.',
    ],
    [403, '', {}, 'PERMISSION_DENIED', 'PERMISSION_DENIED'],
  ])('%i %s', (status, body, headers, code, message) => {
    const e = parseApiError(
      status,
      status === 429 ? 'Too Many Requests' : '',
      body,
      h(headers),
      'GET',
      '/api/x',
    );
    expect(e.errorCode).toBe(code);
    expect(e.message).toBe(message);
    expect(e.status).toBe(status);
  });

  test('an invalid token is an auth error, never a per-object denial', () => {
    const parse = (body: string, headers: Record<string, string> = {}) =>
      parseApiError(403, '', body, h(headers), 'GET', '/api/2.0/secrets/list');
    const invalid = parse('{"error_code": 403, "message": "Invalid access token."}', {
      'x-databricks-reason-phrase': 'Invalid access token.',
    });
    expect([invalid.isAuth, invalid.isPermissionDenied]).toEqual([true, false]);
    expect(invalid.describe()).toBe(
      'GET /api/2.0/secrets/list failed: HTTP 403 INVALID_TOKEN: Invalid access token.',
    );
    const denied = parse('{"error_code": "PERMISSION_DENIED", "message": "no MANAGE on scope y"}');
    expect([denied.isAuth, denied.isPermissionDenied]).toEqual([false, true]);
    const unauthenticated = parseApiError(401, '', '', h(), 'GET', '/x');
    expect([unauthenticated.isAuth, unauthenticated.isPermissionDenied]).toEqual([true, false]);
  });

  test('Retry-After is kept', () => {
    expect(parseApiError(429, '', '', h({ 'retry-after': '3' }), 'GET', '/x').retryAfterSeconds).toBe(3);
  });

  test('throttling is a 429 or a throttling error code on any status', () => {
    const parse = (status: number, body: string) => parseApiError(status, '', body, h(), 'POST', '/x');
    expect(parse(429, '').isThrottled).toBe(true);
    expect(parse(400, '{"error_code":"RESOURCE_EXHAUSTED","message":"Too many requests."}').isThrottled).toBe(
      true,
    );
    expect(parse(400, 'REQUEST_LIMIT_EXCEEDED: RPC token bucket limit has been exceeded.').isThrottled).toBe(
      true,
    );
    expect(parse(400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad"}').isThrottled).toBe(false);
  });

  test('not found covers the 400 quirks of clusters/get and jobs/get', () => {
    expect(
      parseApiError(
        400,
        '',
        '{"error_code":"INVALID_PARAMETER_VALUE","message":"Job 123 does not exist."}',
        h(),
        'GET',
        '/x',
      ).isNotFound,
    ).toBe(true);
    // A missing cluster policy (reference §1.4, databrickslabs/ucx#358).
    expect(
      parseApiError(
        400,
        '',
        '{"error_code":"INVALID_PARAMETER_VALUE","message":"Can\'t find a cluster policy with id: 3063AE1FA3002298."}',
        h(),
        'POST',
        '/api/2.0/policies/clusters/delete',
      ).isNotFound,
    ).toBe(true);
  });
});
