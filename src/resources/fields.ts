/**
 * Field roles as data (issue 19 item 1): which top-level fields of a kind's object a user sets, which an
 * update changes in place, which force a replace, which only the API writes, with the source that says so.
 * A JSON-config kind declares them once (ConfigKindSpec.fields) and configKind derives from them the
 * default pick of normalize, the unknown- and output-only-field checks of validate and the fields whose
 * change is a replace; the generic field helpers every kind uses live here too. Pure.
 */
import type { FieldChange } from '../plan/diff.js';
import { closestName, unknownFieldMessage } from '../util/closest-name.js';
import type { JsonObject } from '../util/json.js';
import type { Normalizer } from './kind.js';

/**
 * The roles of a kind's top-level fields. A kind gives `editable` (few fields change in place: any other
 * changed field is a replace) or `recreateOnChange` (few fields force a replace), not both; with neither,
 * every field changes in place.
 */
export interface FieldRoles {
  /** What create takes and the snapshot keeps; a field of a file near one of these (a typo) is refused. */
  settable: readonly string[];
  /** Changed in place by update; a change to any other field is a replace. */
  editable?: readonly string[];
  /** The inverse form, for kinds where few fields force a replace. */
  recreateOnChange?: readonly string[];
  /** Returned by the API, never written: a snapshot file holding one is refused. */
  outputOnly?: readonly string[];
  /** Where a reader can open the facts above (SDK file, doc page). */
  source: string;
}

/** Copies the listed fields that are present (not undefined/null). */
export function pick(raw: JsonObject, fields: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) if (raw[f] !== undefined && raw[f] !== null) out[f] = raw[f];
  return out;
}

/** The top-level field a FieldChange path is about (`custom_tags["a b"]` -> `custom_tags`). */
export function topField(path: string): string {
  return path.split(/[.[]/)[0];
}

/**
 * For `validate`: the first top-level field of a snapshot file that looks like a typo of a field the API
 * takes (`autotermination_minute` for `autotermination_minutes`), also beside the field it misspells
 * (`existing_cluster_idd` beside `existing_cluster_id`, issue 13 item 2). Checked before anything is
 * written: a workspace refuses or silently drops such a field, and either way the file would not say what
 * the target gets. A field near no known one is taken for one newer than the reference (the workspace
 * answered it, so it takes it) and is sent as it is: a DR snapshot must never be refused because the API
 * grew. (`skip-unrestorable` lets the rest of a snapshot through past a file refused here.)
 */
export function unknownField(value: JsonObject, known: readonly string[]): string | undefined {
  const typo = Object.keys(value).find((k) => likelyTypo(k, known));
  return typo === undefined ? undefined : unknownFieldMessage(typo, known);
}

/** A field the reference does not list, near a known one. */
function likelyTypo(field: string, known: readonly string[]): boolean {
  if (known.includes(field)) return false;
  return closestName(field, known) !== undefined;
}

/** For `normalize`: notes fields the workspace answered that the reference does not list (sent as they are). */
export function warnUnknownFields(value: JsonObject, known: readonly string[], n: Normalizer): void {
  for (const k of Object.keys(value)) {
    if (known.includes(k)) continue;
    if (likelyTypo(k, known))
      n.warn(
        `field '${k}' looks like a typo of a known field (${unknownFieldMessage(k, known)}): apply refuses this file until it is fixed`,
      );
    else
      n.warn(`field '${k}' is newer than the API reference databricks-dr knows: kept and restored as it is`);
  }
}

/** The settable fields of an object as the API answers it: the default normalize of a kind. Pure. */
export function settableFields(raw: JsonObject, roles: FieldRoles): JsonObject {
  return pick(raw, roles.settable);
}

/**
 * What `roles` refuse in a snapshot file: an output-only field (all of them named), else a field that looks
 * like a typo of a settable one (see unknownField); undefined when neither. Pure.
 */
export function fieldRolesProblem(value: JsonObject, roles: FieldRoles): string | undefined {
  const outputOnly = roles.outputOnly ?? [];
  const output = Object.keys(value).filter((k) => outputOnly.includes(k));
  if (output.length) return `output-only field(s) ${output.join(', ')} cannot be set`;
  return unknownField(value, roles.settable);
}

/** Whether a change to top-level `field` needs a replace under `roles`. */
function forcesReplace(field: string, roles: FieldRoles): boolean {
  if (roles.editable) return !roles.editable.includes(field);
  return roles.recreateOnChange?.includes(field) ?? false;
}

/** The top-level fields among `changes` that no update can change (see FieldRoles), each once. Pure. */
export function replaceFieldsOf(roles: FieldRoles, changes: readonly FieldChange[]): string[] {
  return [...new Set(changes.map((c) => topField(c.path)).filter((f) => forcesReplace(f, roles)))];
}

/** The editable fields a spec holds, for an update that takes only those (see FieldRoles.editable). Pure. */
export function editableFields(value: JsonObject, roles: FieldRoles): JsonObject {
  const editable = roles.editable ?? [];
  return Object.fromEntries(Object.entries(value).filter(([k]) => editable.includes(k)));
}
