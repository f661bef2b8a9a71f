/**
 * The roles of a kind's top-level fields, one const per kind module, in the shape the kind spec takes on
 * branch `kinds` (issue 19 item 1): what create takes and the snapshot keeps, what an update changes in
 * place, what only the API writes, and where a reader can check it.
 */
import type { FieldChange } from '../plan/diff.js';
import type { JsonObject } from '../util/json.js';
import { topField, unknownField } from './compute-common.js';

export interface FieldRoles {
  /** What create takes and the snapshot keeps; other fields refused. */
  settable: readonly string[];
  /** Changed in place by update; any other settable field -> replace. */
  editable?: readonly string[];
  /** The inverse form, for kinds where few fields force a replace. */
  recreateOnChange?: readonly string[];
  /** Returned by the API, never written. */
  outputOnly?: readonly string[];
  /** Where a reader can open the fact (SDK file, doc page). */
  source: string;
}

/** The top-level fields a plan's changes touch, but `except` (an update names these in its mask). */
export function changedFields(changes: readonly FieldChange[], except: readonly string[] = []): string[] {
  return [...new Set(changes.map((c) => topField(c.path)))].filter((f) => !except.includes(f));
}

/** For `replaceFields`: the changed fields that `recreateOnChange` says force a replace. */
export function recreateFields(roles: FieldRoles, changes: readonly FieldChange[]): string[] {
  return changedFields(changes).filter((f) => roles.recreateOnChange?.includes(f));
}

/**
 * For `validate`: a field the roles do not know (a likely typo), an output-only field, or a required string
 * field that is missing or empty; undefined when the file passes.
 */
export function checkRoles(
  value: JsonObject,
  roles: FieldRoles,
  required: readonly string[],
): string | undefined {
  const unknown = unknownField(value, roles.settable);
  if (unknown) return unknown;
  const output = Object.keys(value).filter((k) => roles.outputOnly?.includes(k));
  if (output.length) return `output-only field(s) ${output.join(', ')} cannot be set`;
  const missing = required.find((f) => typeof value[f] !== 'string' || value[f] === '');
  return missing === undefined ? undefined : `'${missing}' is required`;
}

/** The id a create answered under `field`; an answer without one is an error, never an object without id. */
export function createdId(answer: JsonObject, field: string, what: string): string {
  const id = answer[field];
  if (typeof id !== 'string' || id === '') throw new Error(`${what} create answered without ${field}`);
  return id;
}
