import { ConfigError } from '../../src/databricks/config.js';
import { describeProxy, proxyFromEnvironment, type Env } from '../../src/databricks/proxy.js';

/** The proxy a URL is sent through, as text, or 'direct'. */
function route(env: Env, url: string): string {
  return proxyFromEnvironment(env)(new URL(url))?.href ?? 'direct';
}

describe('proxy variables, as the Databricks CLI (Go net/http) reads them', () => {
  const WS = 'https://adb-1.2.azuredatabricks.net';

  test('HTTPS_PROXY for https, HTTP_PROXY for http; none set is direct', () => {
    const env = { HTTPS_PROXY: 'http://tls-proxy:3128', HTTP_PROXY: 'http://plain-proxy:8080' };
    expect(route(env, WS)).toBe('http://tls-proxy:3128/');
    expect(route(env, 'http://emulator.internal:8080')).toBe('http://plain-proxy:8080/');
    expect(route({ HTTP_PROXY: 'http://plain-proxy:8080' }, WS)).toBe('direct');
    expect(route({}, WS)).toBe('direct');
  });

  test('upper case wins over lower case; ALL_PROXY is not read; a bare host:port is an http proxy', () => {
    expect(route({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' }, WS)).toBe(
      'http://upper:1/',
    );
    expect(route({ https_proxy: 'http://lower:2' }, WS)).toBe('http://lower:2/');
    expect(route({ ALL_PROXY: 'http://all:3', all_proxy: 'http://all:3' }, WS)).toBe('direct');
    expect(route({ HTTPS_PROXY: 'proxy.corp:3128' }, WS)).toBe('http://proxy.corp:3128/');
    expect(route({ HTTPS_PROXY: 'https://tls.proxy.corp' }, WS)).toBe('https://tls.proxy.corp/');
  });

  test('localhost and loopback addresses are never proxied, whatever NO_PROXY says', () => {
    const env = { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1' };
    for (const url of [
      'http://localhost:8080',
      'http://127.0.0.1:4000',
      'http://127.9.9.9',
      'https://[::1]:8443',
    ])
      expect(route(env, url)).toBe('direct');
    expect(route(env, 'http://10.0.0.1')).toBe('http://p:1/');
  });

  test.each([
    ['*', WS, 'direct'],
    ['azuredatabricks.net', WS, 'direct'],
    ['azuredatabricks.net', 'https://azuredatabricks.net', 'direct'],
    ['.azuredatabricks.net', WS, 'direct'],
    ['.azuredatabricks.net', 'https://azuredatabricks.net', 'proxy'],
    ['*.azuredatabricks.net', WS, 'direct'],
    ['databricks.net', WS, 'proxy'],
    ['ADB-1.2.AzureDatabricks.net', WS, 'direct'],
    ['adb-1.2.azuredatabricks.net:443', WS, 'direct'],
    ['adb-1.2.azuredatabricks.net:8443', WS, 'proxy'],
    ['other.corp, .azuredatabricks.net ,', WS, 'direct'],
    ['10.0.0.0/8', 'https://10.20.30.40', 'direct'],
    ['10.0.0.0/8', 'https://11.0.0.1', 'proxy'],
    ['10.1.2.3', 'https://10.1.2.3', 'direct'],
    ['10.1.2.3:8443', 'https://10.1.2.3', 'proxy'],
    ['fd00::/8', 'https://[fd12::1]', 'direct'],
    ['[fd12::1]:443', 'https://[fd12::1]', 'direct'],
  ])('NO_PROXY=%j: %s goes %s', (noProxy, url, expected) => {
    const got = route({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy }, url);
    expect(got === 'direct' ? 'direct' : 'proxy').toBe(expected);
  });

  test('no_proxy in lower case counts too', () => {
    expect(route({ HTTPS_PROXY: 'http://p:1', no_proxy: '.azuredatabricks.net' }, WS)).toBe('direct');
  });

  test.each([
    [
      { HTTPS_PROXY: 'socks5://p:1080' },
      'HTTPS_PROXY is a socks5 proxy; only http:// and https:// proxies are supported',
    ],
    [{ https_proxy: 'http://[bad' }, 'https_proxy is not a proxy URL; set it as http://host:port'],
    [{ HTTP_PROXY: 'http://:3128' }, 'HTTP_PROXY is not a proxy URL; set it as http://host:port'],
  ])('%j is refused in one line before any request', (env, message) => {
    expect(() => proxyFromEnvironment(env)).toThrow(new ConfigError(message));
  });

  test('a proxy is described without its password', () => {
    expect(describeProxy(new URL('http://dr-bot:s3cret%21@proxy.corp:3128'))).toBe(
      'http://dr-bot:***@proxy.corp:3128',
    );
    expect(describeProxy(new URL('http://proxy.corp:3128/'))).toBe('http://proxy.corp:3128');
  });
});
