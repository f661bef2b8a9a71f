import { statSync } from 'node:fs';
import { seedSample } from './sample-all.js';
import { startEmulator, type Emulator, type EmulatorOptions } from './server.js';

export interface ServeOptions extends EmulatorOptions {
  /** A local folder to copy into the workspace root (see WorkspaceStore.seedFromDir). */
  seedDir?: string;
  /** Also build the sample workspace (alice, bob, chloé, /Shared …). */
  sample?: boolean;
}

/**
 * Runs the emulator for a person rather than a test: seeds it, then prints where it listens and how to
 * point the real `databricks` CLI (or any SDK) at it. Stop it with `emulator.stop()` (the CLI wires Ctrl-C).
 */
export async function serveEmulator(options: ServeOptions, print: (line: string) => void): Promise<Emulator> {
  const { seedDir, sample, ...emulatorOptions } = options;
  if (seedDir !== undefined && !isDirectory(seedDir)) {
    throw new Error(
      `--seed ${seedDir}: not a folder. Give a local folder to copy into the emulated workspace.`,
    );
  }
  const emulator = await startEmulator(emulatorOptions);
  try {
    if (sample) seedSample(emulator);
    const seeded = seedDir === undefined ? 0 : emulator.state.workspace.seedFromDir(seedDir, '/');
    print(`Databricks emulator listening on ${emulator.url}`);
    print(`  token:     ${emulator.token}`);
    if (sample) print('  seeded:    the sample workspace (/Users/alice@contoso.com, /Shared, …)');
    if (seedDir !== undefined) print(`  seeded:    ${seeded} objects from ${seedDir}`);
    print(`  objects:   ${emulator.state.workspace.size} in the workspace`);
    print('');
    print('Point the Databricks CLI (or an SDK) at it:');
    print(`  DATABRICKS_HOST=${emulator.url} DATABRICKS_TOKEN=${emulator.token} databricks workspace list /`);
    print('');
    print('Press Ctrl-C to stop.');
    return emulator;
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
