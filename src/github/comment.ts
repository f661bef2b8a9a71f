import * as github from '@actions/github';

/** The hidden line by which the one sticky plan comment of a snapshot is found again. */
export function commentMarker(host: string, snapshotPath: string): string {
  return `<!-- databricks-dr plan ${host.replace(/^https?:\/\//, '')} ${snapshotPath} -->`;
}

/** GitHub refuses a comment body over 65,536 characters; the rest of the margin is for the note. */
export const MAX_COMMENT_CHARS = 60_000;

/** The link to this workflow run (its job summary and log hold the whole plan), when the runner says. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}

/**
 * A body that GitHub accepts: a longer one is cut at a line end, open `<details>` blocks are closed, and a
 * note says where the whole plan is. The summary line comes first in the body, so it always survives.
 */
export function capCommentBody(body: string, link?: string, max = MAX_COMMENT_CHARS): string {
  if (body.length <= max) return body;
  const where = link ? `the job summary and the log of [this run](${link})` : "the run's job summary and log";
  const note = `\n\n> [!WARNING]\n> The plan is ${body.length.toLocaleString('en-US')} characters long, more than a comment can hold: it is cut here. The whole plan is in ${where}.\n`;
  const close = '\n\n</details>';
  const room = max - note.length - close.length * 4;
  let kept = body.slice(0, room);
  kept = kept.slice(0, Math.max(0, kept.lastIndexOf('\n')));
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  const closing = close.repeat(Math.min(Math.max(open, 0), 4));
  return kept + closing + note;
}

/** The comment that replaces the last plan when planning failed, so reviewers do not trust a stale plan. */
export function failedPlanComment(title: string, error: unknown, link?: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return [
    `## ${title}`,
    '',
    '**The plan failed: nothing was planned or applied.**',
    '',
    '```',
    message.replace(/```/g, "'''"),
    '```',
    '',
    `Any earlier plan in this comment no longer applies.${link ? ` See [the run](${link}).` : ''}`,
    '',
  ].join('\n');
}

/**
 * Creates the plan comment on the pull request, or updates it on later pushes, so a PR carries exactly
 * one (per target and snapshot path). A body too long for GitHub is cut (see capCommentBody). Returns the
 * comment's URL.
 */
export async function upsertStickyComment(options: {
  token: string;
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  body: string;
  baseUrl?: string;
  /** Where the whole plan can be read when the comment has to be cut. */
  runUrl?: string;
}): Promise<{ url: string; action: 'created' | 'updated' }> {
  const octokit = github.getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
  const { owner, repo, issueNumber, marker } = options;
  const body = `${marker}\n${capCommentBody(options.body, options.runUrl, MAX_COMMENT_CHARS - marker.length - 1)}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
  if (existing) {
    const res = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { url: res.data.html_url, action: 'updated' };
  }
  const res = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { url: res.data.html_url, action: 'created' };
}
