import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJson, type JsonObject } from '../../src/util/json.js';
import { API_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = API_FIXTURES;

/** A fixture from the shared API reference, parsed losslessly (spark_context_id stays exact). */
export function fixture(rel: string): JsonObject {
  return parseJson(readFileSync(path.join(FIXTURES, rel), 'utf8')) as JsonObject;
}
