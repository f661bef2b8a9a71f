import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public API payloads and SOURCE notebooks the tests feed the emulator (each with a `.source.txt`
 * naming its origin). Vendored into the repository so a clean clone on a fresh machine runs every test.
 */
export const API_FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'api-fixtures',
);
