/** The known name a mistyped one most likely meant, for "did you mean" hints. Pure. */

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours count 1 each). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The candidate nearest to `name` (case ignored), if it is near enough to be a typo: at most a third of
 * the name's length away, and at least 1. Ties go to the candidate listed first.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const distance = editDistance(name.toLowerCase(), c.toLowerCase());
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** `unknown field 'x'`, with `(did you mean 'y'?)` when a known field is near. */
export function unknownFieldMessage(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return `unknown field '${name}'${near ? ` (did you mean '${near}'?)` : ''}`;
}
