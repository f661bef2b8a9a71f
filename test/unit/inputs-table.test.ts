import { promises as fs } from 'node:fs';
import yaml from 'js-yaml';
import {
  DEFAULTS,
  INPUTS,
  SECRET_INPUTS,
  flagOf,
  inputsOfFlags,
  nameOf,
  settingOf,
} from '../../src/inputs.js';
import { parseSettings } from '../../src/settings.js';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
}

describe('the input table (src/inputs.ts) agrees with action.yml', () => {
  let action: ActionYml;
  beforeAll(async () => {
    action = yaml.load(await fs.readFile('action.yml', 'utf8')) as ActionYml;
  });

  test('every input of action.yml is a row, with the same default, and every row with an input is in action.yml', () => {
    const rows = INPUTS.filter((r) => r.input !== undefined);
    expect(rows.map((r) => r.input).sort()).toEqual(Object.keys(action.inputs).sort());
    for (const row of rows) {
      const yml = action.inputs[row.input!];
      expect({ input: row.input, default: yml.default }).toEqual({ input: row.input, default: row.default });
    }
  });

  test('the credential inputs, masked by the action before anything runs, are the ones action.yml calls masked or a token', () => {
    const masked = Object.entries(action.inputs as Record<string, { description?: string }>)
      .filter(([name, v]) => /Masked/.test(v.description ?? '') || /token$/.test(name))
      .map(([name]) => name)
      .filter((name) => name !== 'secrets'); // values, masked one by one once parsed
    expect([...SECRET_INPUTS].sort()).toEqual(masked.sort());
  });

  test("the action's defaults are action.yml's non-empty ones", () => {
    const fromYml = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, v]) => v.default !== undefined && v.default !== '')
        .map(([k, v]) => [k, v.default]),
    );
    expect(DEFAULTS).toEqual(fromYml);
  });

  test('no two rows of one command share a flag; a row names at least one command', () => {
    for (const row of INPUTS) expect(row.commands.length).toBeGreaterThan(0);
    const commands = new Set(INPUTS.flatMap((r) => r.commands));
    for (const command of commands) {
      const flags = INPUTS.filter((r) => r.commands.includes(command)).flatMap((r) => flagOf(r) ?? []);
      expect(flags).toEqual([...new Set(flags)]);
    }
  });

  test("every input an export, plan or apply reads is taken by the CLI's command, as a flag or a variable", () => {
    for (const row of INPUTS.filter((r) => r.input && !r.actionOnly && r.input !== 'mode'))
      expect({ input: row.input, way: flagOf(row) ?? row.env }).toEqual({
        input: row.input,
        way: expect.any(String),
      });
  });

  test('flags map to inputs by the table: switches, an inverted switch, a repeated flag, a variable and CLI defaults', () => {
    const inputs = inputsOfFlags(
      'export',
      { 'no-commit': true, exclude: ['/a/**', '/b/**'], concurrency: '4' },
      { DATABRICKS_DR_SECRETS: '{"s/k": "v"}' },
    );
    expect(inputs).toMatchObject({ mode: 'export', commit: 'false', push: 'false', concurrency: '4' });
    expect(inputs.exclude).toBe('/a/**\n/b/**');
    // Secrets are apply's: an export never reads them.
    expect(inputs.secrets).toBeUndefined();
    expect(inputsOfFlags('apply', {}, { DATABRICKS_DR_SECRETS: '{"s/k": "v"}' }).secrets).toBe(
      '{"s/k": "v"}',
    );
    const s = parseSettings((n) => inputs[n], '/r', 'cli');
    expect(s).toMatchObject({ commit: false, push: false, concurrency: 4, exclude: ['/a/**', '/b/**'] });
  });

  test.each([
    [
      'on-credentials',
      'redact',
      "input 'on-credentials'",
      'on-credentials: redact',
      '--on-credentials',
      '--on-credentials redact',
    ],
    [
      'allow-mass-removal',
      'true',
      "input 'allow-mass-removal'",
      'allow-mass-removal: true',
      '--allow-mass-removal',
      '--allow-mass-removal',
    ],
    ['commit-message', 'x', "input 'commit-message'", 'commit-message: x', '--message', '--message x'],
    ['token', 'x', "input 'token'", 'token: x', 'DATABRICKS_TOKEN', 'DATABRICKS_TOKEN=x'],
  ])('%s in the words of each interface', (input, value, actionName, actionSetting, cliName, cliSetting) => {
    expect(nameOf(input, 'action')).toBe(actionName);
    expect(settingOf(input, value, 'action')).toBe(actionSetting);
    expect(nameOf(input, 'cli')).toBe(cliName);
    expect(settingOf(input, value, 'cli')).toBe(cliSetting);
  });
});
