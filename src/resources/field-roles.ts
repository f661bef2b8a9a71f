/**
 * The roles of a kind's top-level fields, one const per kind module, in the shape the kind spec takes on
 * branch `kinds` (issue 19 item 1): what create takes and the snapshot keeps, what an update changes in
 * place, what only the API writes, and where a reader can check it.
 */
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
