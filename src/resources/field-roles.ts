/**
 * The roles of a kind's top-level fields, one const per kind module, in the shape the kind spec takes on
 * branch `kinds` (issue 19 item 1): what create takes and the snapshot keeps, what an update changes in
 * place, what only the API writes, and where a reader can check it.
 */
import type { FieldChange } from '../plan/diff.js';
import { topField } from './compute-common.js';

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
