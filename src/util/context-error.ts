/**
 * An error that says what it was about (a workspace path, a kind) in front of the original message, and
 * keeps the original as its cause, so that the one line a person reads can still name the endpoint, the
 * HTTP status and the host of the request that failed.
 */
export class ContextError extends Error {
  constructor(
    readonly subject: string,
    readonly original: unknown,
  ) {
    super(`${subject}: ${original instanceof Error ? original.message : String(original)}`, {
      cause: original,
    });
    this.name = 'ContextError';
  }
}

/** The subjects from the outside in and the innermost error. */
export function unwrapContext(error: unknown): { subjects: string[]; error: unknown } {
  const subjects: string[] = [];
  let e = error;
  while (e instanceof ContextError) {
    subjects.push(e.subject);
    e = e.original;
  }
  return { subjects, error: e };
}
