import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runProcess } from './process.js';

const require = createRequire(import.meta.url);

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks and `name=value` lines). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const [k, ...v] = lines[i].split('=');
      out[k] = v.join('=');
    }
  }
  return out;
}

/**
 * Runs the action as the runner does: inputs as INPUT_* variables, outputs and the job summary in files,
 * nothing from the developer's environment that could change the result. `entry` picks the bundled
 * dist/index.js (what GitHub runs) or src/index.ts through tsx, so that a broken source fails the tests
 * even while the committed bundle still works.
 */
export async function runAction(
  inputs: Record<string, string>,
  workDir: string,
  extraEnv: Record<string, string> = {},
  entry: 'bundle' | 'source' = 'bundle',
): Promise<ActionRun> {
  const outputFile = path.join(workDir, `github-output-${Date.now()}-${Math.random()}`);
  const summaryFile = path.join(workDir, `step-summary-${Date.now()}-${Math.random()}`);
  await fs.writeFile(outputFile, '');
  await fs.writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: workDir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: workDir,
    GITHUB_ACTIONS: 'true',
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const args =
    entry === 'bundle'
      ? [path.resolve('dist/index.js')]
      : ['--import', pathToFileURL(require.resolve('tsx')).href, path.resolve('src/index.ts')];
  const { code, stdout, stderr } = await runProcess(process.execPath, args, { env, cwd: workDir });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await fs.readFile(outputFile, 'utf8')),
    summary: await fs.readFile(summaryFile, 'utf8'),
  };
}
