import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Every `.ts` file under `dir`. */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(p)));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The import circles among the modules of src, type-only imports included (issue 19 item 8). */
async function importCycles(): Promise<string[]> {
  const graph = new Map<string, string[]>();
  for (const file of await sources('src')) {
    const text = await fs.readFile(file, 'utf8');
    const deps = [...text.matchAll(/(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g)].map((m) =>
      path.normalize(path.join(path.dirname(file), m[1].replace(/\.js$/, '.ts'))),
    );
    graph.set(file, deps);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep].join(' -> '));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('module structure', () => {
  it('has no import circles, type-only ones included: each module can be read before what uses it', async () => {
    expect(await importCycles()).toEqual([]);
  });
});
