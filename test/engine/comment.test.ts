import { capCommentBody, MAX_COMMENT_CHARS, runUrl, upsertStickyComment } from '../../src/github/comment.js';
import { countChanges, planLine, type Plan, type PlannedChange } from '../../src/plan/plan.js';
import { planMarkdown } from '../../src/report/plan-render.js';
import { startFakeGitHub } from '../helpers/fake-github.js';

/** A plan of 1,200 jobs, each with many changed fields: its Markdown is several hundred thousand characters. */
function hugePlan(): Plan {
  const changes: PlannedChange[] = [];
  for (let i = 0; i < 1200; i++)
    changes.push({
      kind: i % 2 ? 'jobs' : 'clusters',
      key: `object_${String(i).padStart(4, '0')}_${'x'.repeat(40)}`,
      action: 'update',
      dependsOn: [],
      changes: Array.from({ length: 8 }, (_, f) => ({
        path: `settings.tasks[${f}].notebook_task.base_parameters.p${f}`,
        before: 'a'.repeat(80),
        after: 'b'.repeat(80),
      })),
    });
  const counts = countChanges(changes);
  return { changes, counts, line: planLine(counts) } as unknown as Plan;
}

describe('the sticky plan comment', () => {
  test('a plan too long for GitHub is cut below 60,000 characters, with the summary line, closed blocks and a link', () => {
    const markdown = planMarkdown(hugePlan(), 'databricks-dr plan: dr.example');
    expect(markdown.length).toBeGreaterThan(200_000);
    const link = runUrl({
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'octo/dr',
      GITHUB_RUN_ID: '4242',
    });
    expect(link).toBe('https://github.example/octo/dr/actions/runs/4242');
    const body = capCommentBody(markdown, link);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.length).toBeGreaterThan(MAX_COMMENT_CHARS - 2_000);
    expect(body).toContain('**Plan: 0 to create, 1200 to update, 0 to delete**');
    expect(body).toContain(
      `The plan is ${markdown.length.toLocaleString('en-US')} characters long, more than a comment can hold: it is cut here. The whole plan is in the job summary and the log of [this run](https://github.example/octo/dr/actions/runs/4242).`,
    );
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
    // Cut at a line end: the last kept table row is whole.
    const beforeNote = body.slice(0, body.indexOf('\n\n> [!WARNING]')).replace(/(\n\n<\/details>)+$/, '');
    expect(beforeNote.split('\n').pop()).toMatch(/^\|.*\|$/);
    // A short plan is left alone.
    expect(capCommentBody('## plan\n\nPlan: 0 to create\n', link)).toBe('## plan\n\nPlan: 0 to create\n');
    expect(runUrl({ GITHUB_REPOSITORY: 'octo/dr' })).toBeUndefined();
  });

  test('through the fake GitHub API: a huge plan updates the comment instead of being refused', async () => {
    const github = await startFakeGitHub();
    try {
      const common = {
        token: 'ghs_test',
        owner: 'octo',
        repo: 'dr',
        issueNumber: 7,
        marker: '<!-- databricks-dr plan dr.example databricks -->',
        baseUrl: github.url,
        runUrl: 'https://github.com/octo/dr/actions/runs/1',
      };
      const first = await upsertStickyComment({ ...common, body: '## first\n\nPlan: 1 to create\n' });
      expect(first.action).toBe('created');
      const huge = planMarkdown(hugePlan(), 'databricks-dr plan: dr.example');
      const second = await upsertStickyComment({ ...common, body: huge });
      expect(second.action).toBe('updated');
      expect(github.comments).toHaveLength(1);
      const body = github.comments[0].body;
      expect(body.startsWith(`${common.marker}\n## databricks-dr plan: dr.example`)).toBe(true);
      expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
      expect(body).toContain('[this run](https://github.com/octo/dr/actions/runs/1)');
      expect(github.calls.filter((c) => !c.startsWith('GET'))).toEqual([
        'POST /repos/octo/dr/issues/7/comments',
        'PATCH /repos/octo/dr/issues/comments/100',
      ]);
    } finally {
      await github.close();
    }
  });
});
