import * as github from '@actions/github';

/** The hidden line by which the one sticky plan comment of a snapshot is found again. */
export function commentMarker(host: string, snapshotPath: string): string {
  return `<!-- databricks-dr plan ${host.replace(/^https?:\/\//, '')} ${snapshotPath} -->`;
}

/**
 * Creates the plan comment on the pull request, or updates it on later pushes, so a PR carries exactly
 * one (per target and snapshot path). Returns the comment's URL.
 */
export async function upsertStickyComment(options: {
  token: string;
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  body: string;
  baseUrl?: string;
}): Promise<{ url: string; action: 'created' | 'updated' }> {
  const octokit = github.getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
  const { owner, repo, issueNumber, marker } = options;
  const body = `${marker}\n${options.body}`;
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
