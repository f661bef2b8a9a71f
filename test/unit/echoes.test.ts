import { describe, expect, it } from '@jest/globals';
import { maskUserInfo, resolveConfig } from '../../src/databricks/config.js';
import { parseSettings } from '../../src/settings.js';

/** Issue 13 #13: an input error quotes what the user gave, never a secret that may be in it. */
describe('input errors never echo a secret', () => {
  const PASSWORD = 'hunter2-S3cr3t';
  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  };
  const settings = (inputs: Record<string, string>) => () =>
    parseSettings((name) => ({ mode: 'apply', ...inputs })[name], '/r');

  it.each([
    `ftp://admin:${PASSWORD}@adb-1.2.azuredatabricks.net`,
    `https://admin:${PASSWORD}@[bad`,
    `https://admin:${PASSWORD}/x#y@adb-1.2.azuredatabricks.net`,
    `admin:${PASSWORD}@ bad host`,
  ])('input host %#: the password is masked, the host still named', (host) => {
    const message = messageOf(settings({ host }));
    expect(message).toMatch(/^Input 'host' must be/);
    expect(message).not.toContain(PASSWORD);
    expect(message).toContain('***@');
  });

  it('DATABRICKS_HOST: the password is masked', () => {
    const message = messageOf(() =>
      resolveConfig({ env: { DATABRICKS_HOST: `gopher://u:${PASSWORD}@h`, DATABRICKS_TOKEN: 't' } }),
    );
    expect(message).toMatch(/^Invalid Databricks host '/);
    expect(message).not.toContain(PASSWORD);
  });

  it('maskUserInfo keeps what is not a credential', () => {
    expect(maskUserInfo('https://u:p@h.net')).toBe('https://***@h.net');
    expect(maskUserInfo('u:p@h.net')).toBe('***@h.net');
    expect(maskUserInfo('https://h.net')).toBe('https://h.net');
  });

  it.each([
    [`{"dapiabcdef0123456789abcdef0123456789": "x"}`, 'dapiabcdef0123456789abcdef0123456789'],
    [`{"scope/key": "v", "${PASSWORD} with spaces": "x"}`, PASSWORD],
    [`{"no-slash-${PASSWORD}": "x"}`, PASSWORD],
  ])('input secrets %#: a malformed key is named by position, not repeated', (secrets, secret) => {
    const message = messageOf(settings({ secrets }));
    expect(message).toMatch(/^Input 'secrets' must be a JSON object/);
    expect(message).toMatch(/key number \d+ \(\d+ characters/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain(secret.slice(0, 12));
  });
});
