import { InputError, parseSettings } from '../../src/settings.js';

/**
 * `path` and `plan-file` refused `.git` but not the names a Windows or macOS runner reads as `.git`: on
 * those, `plan-file: .git./config` replaced the repository's git config with the plan, and
 * `path: .git ` wrote the snapshot into the git directory.
 */
describe('a path some file system reads as .git is refused', () => {
  const parse = (input: string, value: string) =>
    parseSettings((name) => ({ mode: 'plan', [input]: value })[name], '/tmp/repo');

  test.each([
    '.git./config',
    '.git ./config',
    '.GIT.. /hooks/pre-commit',
    '.git::$INDEX_ALLOCATION/config',
    'GIT~1/config',
    '.g\u200cit/config',
    'sub/.git./config',
  ])('plan-file %j', (value) => {
    expect(() => parse('plan-file', value)).toThrow(InputError);
    expect(() => parse('plan-file', value)).toThrow(/not inside '\.git'/);
  });

  test.each(['.git.', '.git ', 'git~1'])('path %j', (value) => {
    expect(() => parse('path', value)).toThrow(/not inside '\.git'/);
  });

  test.each(['.gitmodules', '.github/plan.json', 'git/plan.json', 'plans/.git-plan.json'])(
    'still fine: %j',
    (value) => {
      expect(parse('plan-file', value).planFile).toBe(value);
    },
  );
});
