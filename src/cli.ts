import { runCli } from './cli/run.js';

/** The local CLI: the same core as the action, with the Databricks CLI's conventions. */
runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
