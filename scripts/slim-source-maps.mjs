/**
 * Drops `sourcesContent` from the bundles' source maps: a stack trace of dist/index.js or dist/cli/index.js
 * still names src/... and its line (the mappings and source names stay, which is all Node's source-map
 * support reads), while the copies of every source, half of dist/ before, are left out (the sources are in
 * the repository at the same commit).
 */
import { readFileSync, writeFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  delete map.sourcesContent;
  writeFileSync(file, JSON.stringify(map));
}
