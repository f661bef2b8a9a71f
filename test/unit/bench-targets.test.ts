import { describe, expect, it } from '@jest/globals';
import { checkTargets, exportFloor, type ScenarioResult, type SizeResult } from '../../src/bench/bench.js';
import { DATABRICKS_ENDPOINT_LIMITS } from '../../src/databricks/rate-limits.js';

const seeded = {
  notebooks: new Array(1000).fill(''),
  files: new Array(6).fill(''),
  jobs: 500,
  clusters: 100,
  objects: 1606,
};

function run(scenario: string, seconds: number): ScenarioResult {
  return {
    scenario,
    ok: true,
    wallMs: seconds * 1000,
    stats: { requests: 0, retries: 0, throttled: 0, peakPending: 0 },
    peakRssBytes: 100 * 1024 * 1024,
    peakHeapBytes: 0,
    counts: {},
    emulatorRequests: 0,
    throttled: 0,
    requestsPerObject: 0,
    byPath: {},
  };
}

describe('benchmark floor and targets', () => {
  it('the floor is set by the busiest per-endpoint budget', () => {
    const floor = exportFloor(seeded, 100, DATABRICKS_ENDPOINT_LIMITS);
    // Contents at 60/s (1006 / 60 = 16.8 s) outweigh permissions at 100/s (16.1 s) and the rest (6 s).
    expect(floor.floorBudget).toBe('workspace/export: 1006 requests at 60/s');
    expect(floor.floorSeconds).toBeCloseTo(1006 / 60, 5);
    expect(floor.permissionsFloorSeconds).toBeCloseTo(16.06, 5);
  });

  it('with one bucket for everything the floor is objects / rps', () => {
    const floor = exportFloor(seeded, 100, undefined);
    expect(floor.floorSeconds).toBeCloseTo(16.06, 5);
    expect(floor.floorBudget).toBe('one bucket: 1606 requests at 100/s');
  });

  it('checks every target and fails the ones missed', () => {
    const size: SizeResult = {
      notebooks: 1000,
      seeded: { files: 6, jobs: 500, clusters: 100, contentBytes: 0, objects: 1606 },
      ...exportFloor(seeded, 100, DATABRICKS_ENDPOINT_LIMITS),
      scenarios: [
        run('export: full', 19),
        run('export: nothing changed', 18),
        run('export: nothing changed, permissions none', 1.2),
        run('apply: full, empty target', 60),
        run('apply: nothing changed', 6),
        run('apply: nothing changed, permissions none', 2),
      ],
    };
    const byName = Object.fromEntries(checkTargets([size]).map((t) => [t.target, t]));
    expect(byName['1000: full export / rate-limit floor']).toMatchObject({ value: 1.133, pass: true });
    expect(byName['1000: no-op export (permissions none) / full export']).toMatchObject({
      value: 0.063,
      pass: false,
    });
    expect(byName['1000: no-op export (permissions read) / permission-read floor']).toMatchObject({
      pass: true,
    });
    expect(byName['1000: no-op apply (permissions none) / full apply']).toMatchObject({
      value: 0.033,
      pass: true,
    });
    // 6 s against 1606 permission reads at 100/s: within the floor.
    expect(byName['1000: no-op apply (permissions read) / permission-read floor']).toMatchObject({
      value: 0.374,
      pass: true,
    });
    expect(byName['1000: peak RSS MB, export: full']).toMatchObject({ value: 100, pass: true });
  });
});
