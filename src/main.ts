import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { connect } from './databricks/connect.js';
import { commentMarker, failedPlanComment, runUrl, upsertStickyComment } from './github/comment.js';
import { runExport } from './modes/export.js';
import { runPlanOrApply } from './modes/restore.js';
import { checkRepositoryFile, writeRepositoryFile } from './snapshot/repo-file.js';
import {
  applySummaryMarkdown,
  exportSummaryMarkdown,
  exportSummaryText,
  planFindingsMarkdown,
  snapshotCommitMarkdown,
} from './report/render.js';
import { planJson, planMarkdown, planText } from './report/plan-render.js';
import { parseSettings, parseBoolean, type Settings } from './settings.js';
import { DEFAULTS, SECRET_INPUTS } from './inputs.js';
import { stableJson } from './util/json.js';
import type { Log } from './util/log.js';
import { MaskingLog } from './util/log.js';
import { redactCredentials } from './security/credentials.js';
import { ApiRecorder, recordingDir } from './record/api-recorder.js';
import type { ApiObserver, DatabricksClient } from './databricks/client.js';
import { recoveryPoint, runVerify } from './modes/verify.js';
import { recoveryPointLine, verifyMarkdown, verifyText } from './report/verify-render.js';
import { readiness, readinessJson, readinessMarkdown } from './report/readiness.js';
import { measuredLine } from './report/restore-estimate.js';

const actionsLog: Log = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
};

/** The action: inputs -> settings -> one mode of the core -> outputs and job summary. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = new MaskingLog(actionsLog);
  const masked = new Set<string>();
  const secret = (s: string | undefined) => {
    if (!s || masked.has(s)) return;
    masked.add(s);
    core.setSecret(s);
    log.addSecret(s);
  };
  let recorder: ApiRecorder | undefined;
  try {
    for (const name of SECRET_INPUTS) secret(core.getInput(name));
    const settings = parseSettings((name) => core.getInput(name), env.GITHUB_WORKSPACE ?? process.cwd());
    for (const value of Object.values(settings.secretValues)) secret(value);
    // verify needs no workspace and contacts none: no connection is made at all.
    if (settings.mode === 'verify') return await verifyMode(settings, log, env);
    const recordDir = core.getInput('record-api').trim();
    recorder = recordDir
      ? new ApiRecorder(
          recordingDir(recordDir, settings.repoDir, settings.snapshotPath, "Input 'record-api'"),
          { mask: (t) => log.mask(t) },
        )
      : undefined;
    // Every request an apply sends, for its measured time beside the estimate at the published limits.
    const sent: Array<{ method: string; path: string }> = [];
    const observer: ApiObserver = (exchange) => {
      if (settings.mode !== 'export') sent.push({ method: exchange.method, path: exchange.path });
      recorder?.observer(exchange);
    };
    const client = connect(settings, { env, log, onSecret: secret, observer });
    if (settings.mode === 'export') await exportMode(settings, client, log, env);
    else await planOrApply(settings, client, log, env, sent);
    recorder?.close();
  } catch (error) {
    // Masked like every log line: the message may echo an input (a token pasted as the host) or a name.
    core.setFailed(log.mask((error instanceof Error ? error.message : String(error)).split('\n')[0]));
  } finally {
    if (recorder)
      log.info(`recorded ${recorder.count} API exchange(s) in ${recorder.dir} (secrets redacted)`);
  }
}

async function exportMode(settings: Settings, client: DatabricksClient, log: Log, env: NodeJS.ProcessEnv) {
  const result = await runExport(settings, { client, log });
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const commitUrl =
    result.commitSha && env.GITHUB_REPOSITORY
      ? `${server}/${env.GITHUB_REPOSITORY}/commit/${result.commitSha}`
      : undefined;
  log.info(exportSummaryText(result));
  core.setOutput('changed', String(result.changed));
  core.setOutput('commit-sha', result.commitSha ?? '');
  core.setOutput('exported', String(result.report.total('exported') + result.report.total('unchanged')));
  core.setOutput('skipped', String(result.report.total('skipped')));
  core.setOutput('added', String(result.changes.added));
  core.setOutput('modified', String(result.changes.modified));
  core.setOutput('removed', String(result.changes.deleted));
  let markdown = exportSummaryMarkdown(result, { commitUrl });
  if (result.committing) {
    const rp = await recoveryPoint(settings.repoDir, settings.snapshotPath, result.commitSha, log);
    markdown += `\n**Recovery point:** ${recoveryPointLine(rp)}\n`;
  }
  if (!settings.verify) {
    if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(redactCredentials(markdown)).write();
    return;
  }
  // The snapshot as committed (or, with commit off, as written): it stays the record whatever verify says.
  const ref = result.commitSha ?? (result.committing ? 'HEAD' : undefined);
  const verified = await runVerify({ ...settings, ref }, { log });
  if (env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(redactCredentials(`${markdown}\n${verifyMarkdown(verified)}`)).write();
  reportVerify(verified, log);
}

async function verifyMode(settings: Settings, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runVerify(settings, { log });
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(redactCredentials(verifyMarkdown(result))).write();
  reportVerify(result, log);
}

/** Logs a verify, sets the output `restorable`, and fails the step with the reasons when it is not. */
function reportVerify(result: Awaited<ReturnType<typeof runVerify>>, log: Log): void {
  log.info(verifyText(result));
  core.setOutput('restorable', String(result.restorable));
  if (result.restorable) return;
  const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more, see the summary)` : '';
  throw new Error(`the snapshot is not restorable as is: ${result.problems[0]}${more}`);
}

async function planOrApply(
  settings: Settings,
  client: DatabricksClient,
  log: MaskingLog,
  env: NodeJS.ProcessEnv,
  sent: ReadonlyArray<{ method: string; path: string }>,
) {
  const started = Date.now();
  if (settings.planFile)
    await checkRepositoryFile(settings.repoDir, settings.planFile, 'plan-file', settings.snapshotPath);
  const { plan, run, report, dryRun, failed, commit } = await runPlanOrApply(settings, { client, log }).catch(
    async (error: unknown) => {
      // The comment must not keep showing the last good plan as if it still held.
      const title = `databricks-dr ${settings.mode}: ${client.host.replace(/^https?:\/\//, '')}`;
      await commentOnPullRequest(
        settings,
        client.host,
        failedPlanComment(title, error, runUrl(env)),
        log,
        env,
      );
      throw error;
    },
  );
  log.info(planText(plan));
  const ready = readiness(plan, run.desired, report);
  const planContent = stableJson(planJson(plan, readinessJson(ready)));
  let planFile: string;
  if (settings.planFile)
    planFile = await writeRepositoryFile(
      settings.repoDir,
      settings.planFile,
      planContent,
      'plan-file',
      settings.snapshotPath,
    );
  else {
    planFile = path.resolve(settings.repoDir, path.join(env.RUNNER_TEMP ?? '.', 'databricks-dr-plan.json'));
    await fs.writeFile(planFile, planContent);
  }
  core.setOutput('plan-file', planFile);
  core.setOutput('has-changes', String(plan.hasChanges));
  core.setOutput('to-create', String(plan.counts.create + plan.counts.replace));
  core.setOutput('to-update', String(plan.counts.update));
  core.setOutput('to-delete', String(plan.counts.delete + plan.counts.replace));
  core.setOutput('unmanaged', String(plan.counts.unmanaged));
  const what = settings.mode === 'plan' ? 'plan' : dryRun ? 'apply (dry run)' : 'apply';
  let markdown = planMarkdown(plan, `databricks-dr ${what}: ${client.host.replace(/^https?:\/\//, '')}`);
  if (commit)
    markdown += snapshotCommitMarkdown(commit, {
      server: env.GITHUB_SERVER_URL,
      repository: env.GITHUB_REPOSITORY,
    });
  // Warnings and the manual checklist belong in a plan too: they are what a reviewer must settle.
  markdown += readinessMarkdown(ready);
  markdown += dryRun ? planFindingsMarkdown(report) : applySummaryMarkdown(report);
  if (!dryRun) {
    const line = measuredLine(Date.now() - started, sent);
    log.info(line);
    markdown += `\n${line}\n`;
  }
  if (!dryRun) {
    core.setOutput('created', String(report.total('created')));
    core.setOutput('updated', String(report.total('updated')));
    core.setOutput('deleted', String(report.total('deleted')));
    core.setOutput('failed', String(report.total('failed')));
  }
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(redactCredentials(markdown)).write();
  await commentOnPullRequest(settings, client.host, markdown, log, env);
  if (failed > 0) {
    const first = report.sorted(report.failed)[0];
    throw new Error(
      `apply finished with ${failed} failure(s); first: ${first.kind} ${first.key}: ${first.reason}`,
    );
  }
}

async function commentOnPullRequest(
  settings: Settings,
  host: string,
  body: string,
  log: MaskingLog,
  env: NodeJS.ProcessEnv,
) {
  const event = env.GITHUB_EVENT_NAME ?? '';
  const token = core.getInput('github-token');
  if (
    !/^pull_request/.test(event) ||
    !token ||
    !parseBoolean('comment', core.getInput('comment') || DEFAULTS.comment)
  )
    return;
  const number = github.context.payload.pull_request?.number;
  if (!number) return;
  const { owner, repo } = github.context.repo;
  try {
    const res = await upsertStickyComment({
      token,
      owner,
      repo,
      issueNumber: number,
      marker: commentMarker(host, settings.snapshotPath),
      // A comment is posted through the API, where the runner's masking does not reach: an error message
      // (a failed plan) or a plan may quote a token, a client secret or a value of the secrets input.
      body: log.mask(body),
      baseUrl: env.GITHUB_API_URL,
      runUrl: runUrl(env),
    });
    log.info(`plan comment ${res.action}: ${res.url}`);
  } catch (error) {
    // A fork's read-only token cannot comment; the plan is still in the log and the job summary.
    log.warning(`cannot comment on the pull request: ${(error as Error).message.split('\n')[0]}`);
  }
}
