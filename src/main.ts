import * as core from '@actions/core';
import { connect } from './databricks/connect.js';
import { runExport } from './modes/export.js';
import { exportSummaryMarkdown, exportSummaryText } from './report/render.js';
import { parseSettings } from './settings.js';
import type { Log } from './util/log.js';
import { MaskingLog } from './util/log.js';

const actionsLog: Log = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
};

/** The action: inputs -> settings -> one mode of the core -> outputs and job summary. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = new MaskingLog(actionsLog);
  try {
    const token = core.getInput('token');
    if (token) core.setSecret(token);
    log.addSecret(token);
    const settings = parseSettings((name) => core.getInput(name), env.GITHUB_WORKSPACE ?? process.cwd());
    const client = connect(settings, {
      env,
      log,
      onSecret: (s) => {
        core.setSecret(s);
        log.addSecret(s);
      },
    });
    switch (settings.mode) {
      case 'export': {
        const result = await runExport(settings, { client, log });
        const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
        const commitUrl =
          result.commitSha && env.GITHUB_REPOSITORY
            ? `${server}/${env.GITHUB_REPOSITORY}/commit/${result.commitSha}`
            : undefined;
        log.info(exportSummaryText(result));
        core.setOutput('changed', String(result.changed));
        core.setOutput('commit-sha', result.commitSha ?? '');
        core.setOutput(
          'exported',
          String(result.report.total('exported') + result.report.total('unchanged')),
        );
        core.setOutput('skipped', String(result.report.total('skipped')));
        core.setOutput('added', String(result.changes.added));
        core.setOutput('modified', String(result.changes.modified));
        core.setOutput('removed', String(result.changes.deleted));
        if (env.GITHUB_STEP_SUMMARY)
          await core.summary.addRaw(exportSummaryMarkdown(result, { commitUrl })).write();
        break;
      }
      default:
        throw new Error(`mode '${settings.mode}' is not available yet`);
    }
  } catch (error) {
    core.setFailed(oneLine(error));
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
