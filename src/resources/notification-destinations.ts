/**
 * Notification destinations (`/api/2.0/notification-destinations`): `notification-destinations/<key>.json`,
 * keyed by display name. Jobs name them in `webhook_notifications` (job and task level) and SQL/alert task
 * subscriptions; those ids are written `${resources.notification_destinations.<key>.id}`, so a job with a
 * webhook restores once its destination does.
 *
 * Every field of a destination's config but an email destination's `addresses` is input-only: the API
 * answers `url_set: true`, `password_set: true`, ... in its place (databricks/databricks-sdk-go
 * service/settings/model.go, GenericWebhookConfig, SlackConfig, MicrosoftTeamsConfig, PagerdutyConfig; the
 * Terraform provider keeps its own copy for that reason: terraform-provider-databricks
 * settings/resource_notification_destination.go). The snapshot keeps those flags, which say which values
 * the destination needs, and never a value. Apply takes each value from the `secrets` input as
 * `notification_destinations/<key>/<field>` (e.g. `notification_destinations/ops_webhook/url`), only when it
 * must send the config (a create, a replace, a config change); a value it needs and lacks makes the
 * destination a manual step on the checklist, and what names it (a job) is skipped, not failed.
 *
 * The config is answered to workspace admins only (model.go, NotificationDestination.config): exported by
 * anyone else, a file has no config, and apply cannot create it (a manual step).
 */
import { theOf } from '../inputs.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js';
import { pick, topField } from './compute-common.js';
import { configKind, type ConfigKindSpec, type ConfigObjectExtra } from './config-kind.js';
import { createdId, missingRequired, type FieldRoles } from './fields.js';
import { ManualStepError, type ApplyContext, type ApplyRequest, type ResourceKind } from './kind.js';

export const NOTIFICATION_DESTINATIONS = 'notification_destinations';

export const NOTIFICATION_DESTINATION_FIELDS: FieldRoles = {
  settable: ['display_name', 'config'],
  // The config's member (its type) cannot change: see replaceFields.
  editable: ['display_name', 'config'],
  outputOnly: ['id', 'destination_type'],
  source:
    'databricks/databricks-sdk-go service/settings/model.go (CreateNotificationDestinationRequest, UpdateNotificationDestinationRequest, NotificationDestination)',
};

/** Each config member and its input-only fields (model.go). */
const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  email: [],
  generic_webhook: ['url', 'username', 'password'],
  slack: ['url', 'channel_id', 'oauth_token'],
  microsoft_teams: ['url', 'app_id', 'auth_secret', 'channel_url', 'tenant_id'],
  pagerduty: ['integration_key'],
};

/** The prefix of the `secrets` input's names that hold destination values (not secret scope keys). */
export const DESTINATION_SECRET_PREFIX = `${NOTIFICATION_DESTINATIONS}/`;

/** The `secrets` input name of one value: `notification_destinations/<key>/<field>`. */
export function destinationSecretName(key: string, field: string): string {
  return `${DESTINATION_SECRET_PREFIX}${key}/${field}`;
}

const BASE = '/api/2.0/notification-destinations';

/** The config member of a spec (`generic_webhook`, ...), if it has one. */
function memberOf(spec: JsonObject): [string, JsonObject] | undefined {
  const config = spec.config;
  if (!isJsonObject(config)) return undefined;
  const [name] = Object.keys(config);
  const body = name === undefined ? undefined : config[name];
  return name !== undefined && isJsonObject(body) ? [name, body] : undefined;
}

/** The input-only fields a config says are set (`url_set: true` → `url`). */
function setFields(member: string, body: JsonObject): string[] {
  return (SECRET_FIELDS[member] ?? []).filter((f) => body[`${f}_set`] === true);
}

/** A destination as the snapshot keeps it: the `*_set` flags that are true, never a value. Pure. */
export function normalizeDestination(raw: JsonObject): JsonObject {
  const out = pick(raw, ['display_name']);
  const found = memberOf(raw);
  if (found) {
    const [member, body] = found;
    const kept: JsonObject = {};
    if (member === 'email' && Array.isArray(body.addresses)) kept.addresses = body.addresses;
    for (const f of setFields(member, body)) kept[`${f}_set`] = true;
    out.config = { [member]: kept };
  }
  return out;
}

function validate(value: JsonObject): string | undefined {
  const missing = missingRequired(value, ['display_name']);
  if (missing) return missing;
  if (value.config === undefined) return undefined;
  const config = value.config;
  const members = isJsonObject(config) ? Object.keys(config) : [];
  if (!isJsonObject(config) || members.length !== 1 || !(members[0] in SECRET_FIELDS))
    return `'config' must hold exactly one of ${Object.keys(SECRET_FIELDS).join(', ')}`;
  const member = members[0];
  const body = config[member];
  if (!isJsonObject(body)) return `'config.${member}' must be an object`;
  for (const [k, v] of Object.entries(body)) {
    if (member === 'email' && k === 'addresses') {
      if (!Array.isArray(v) || !v.every((a) => typeof a === 'string'))
        return "'config.email.addresses' must be a list of email addresses";
    } else if (SECRET_FIELDS[member].includes(k))
      return `'config.${member}.${k}' is a secret and does not belong in the snapshot: write "${k}_set": true and pass the value in the 'secrets' input as "notification_destinations/<key>/${k}"`;
    else if (!SECRET_FIELDS[member].some((f) => k === `${f}_set`))
      return `unknown field 'config.${member}.${k}' (a ${member} destination takes ${[...(member === 'email' ? ['addresses'] : []), ...SECRET_FIELDS[member].map((f) => `${f}_set`)].join(', ')})`;
    else if (v !== true)
      return `'config.${member}.${k}' must be true (leave it out when the value is not set)`;
  }
  return undefined;
}

/**
 * The create or update body: the config with each `*_set` flag replaced by its value from the `secrets`
 * input. A value that is missing makes the destination a manual step (checklist, warning) and throws
 * ManualStepError, so what names it is skipped rather than failed.
 */
function withSecrets(ctx: ApplyContext, key: string, resolved: JsonObject): JsonObject {
  const found = memberOf(resolved);
  const name = String(resolved.display_name);
  const manual = (reason: string): never => {
    ctx.report.manual.push({ kind: NOTIFICATION_DESTINATIONS, key, reason });
    ctx.report.warn(
      NOTIFICATION_DESTINATIONS,
      key,
      `'${name}' not applied: a manual step, see the checklist`,
    );
    throw new ManualStepError(reason);
  };
  if (!found)
    return manual(
      `create the notification destination '${name}' by hand: its file has no config (the export did not run as a workspace admin, the only callers the API shows a config to)`,
    );
  const [member, body] = found;
  const fields = setFields(member, body);
  const values = ctx.options.secretValues ?? {};
  const missing = fields.filter((f) => values[destinationSecretName(key, f)] === undefined);
  if (missing.length)
    return manual(
      `set ${missing.join(', ')} of the notification destination '${name}' by hand (Settings, Notifications), or pass ${missing.map((f) => `"${destinationSecretName(key, f)}"`).join(', ')} in ${theOf('secrets', ctx.options.words ?? 'action')}: the API never returns them`,
    );
  const out: JsonObject = {};
  if (member === 'email' && body.addresses !== undefined) out.addresses = body.addresses;
  for (const f of fields) out[f] = values[destinationSecretName(key, f)];
  return { display_name: resolved.display_name, config: { [member]: out } };
}

/** Does an update touch the config (so it must send the config, and its values, again)? */
const touchesConfig = (request: ApplyRequest): boolean =>
  request.changes.some((c) => topField(c.path) === 'config');

const spec: ConfigKindSpec = {
  name: NOTIFICATION_DESTINATIONS,
  folder: 'notification-destinations',
  fields: NOTIFICATION_DESTINATION_FIELDS,

  async list(client) {
    const out: JsonObject[] = [];
    for await (const d of client.paginate<JsonObject>(BASE, 'results', { page_size: 100 })) out.push(d);
    return out;
  },
  // The list has no config (ListNotificationDestinationsResult): each destination is read whole.
  get: (client, raw) => client.get<JsonObject>(`${BASE}/${String(raw.id)}`),

  id: (raw) => raw.id,
  displayName: (raw) => String(raw.display_name ?? raw.id),
  normalize(raw, n) {
    const out = normalizeDestination(raw);
    if (out.config === undefined)
      n.warn(
        'the API answered no config (it shows one to workspace admins only): apply cannot create this destination',
      );
    return out;
  },
  validate,

  async create(client, value) {
    return createdId(await client.post<JsonObject>(BASE, value), 'id', 'notification-destinations');
  },

  async update(client, id, value, _ctx, request) {
    // A rename alone sends no config: the values the target holds stay as they are.
    const body = touchesConfig(request) ? value : { display_name: value.display_name };
    await client.request('PATCH', `${BASE}/${String(id)}`, { body, idempotent: true });
  },

  async remove(client, id) {
    await client.request('DELETE', `${BASE}/${String(id)}`, { notFoundOnRetryIsDone: true });
  },

  // The destination type cannot change once set (model.go): another config member is a replace.
  replaceFields: (changes) =>
    changes.some((c) => /^config\.[a-z_]+$/.test(c.path) && (c.before === undefined || c.after === undefined))
      ? ['config']
      : [],

  planNotes(change, desired) {
    if (!desired || !['create', 'replace'].includes(change.action) || !isJsonObject(desired.config))
      return [];
    const found = memberOf(desired);
    const fields = found ? setFields(...found) : [];
    return fields.length
      ? [
          // No input name here: plan notes reach a terminal as they are (the manual step names the input).
          `its ${fields.join(', ')} come from the secret values ${fields.map((f) => destinationSecretName(change.key, f)).join(', ')}; without them it is a manual step`,
        ]
      : [];
  },
};

const base = configKind(spec);

export const notificationDestinationsKind: ResourceKind<ConfigObjectExtra<JsonObject>> = {
  ...base,
  async readActual(ctx) {
    // A mistyped name would leave the destination without its value and say nothing about why.
    const mine = ctx.desired.filter((d) => d.kind === NOTIFICATION_DESTINATIONS);
    for (const name of unusedDestinationSecrets(ctx.applyOptions?.secretValues ?? {}, mine)) {
      const message = `secrets input: '${name}' names no secret field of a notification destination in the snapshot; its value is not used`;
      ctx.report.warn(NOTIFICATION_DESTINATIONS, name, message);
      ctx.log.warning(message);
    }
    return base.readActual(ctx);
  },
  async apply(ctx, request) {
    // The values are put into the request body here, at the last moment: never into a spec that a plan,
    // a log line or a file could show.
    const send =
      isJsonObject(request.resolved) &&
      (request.action === 'create' ||
        request.action === 'replace' ||
        (request.action === 'update' && touchesConfig(request)));
    if (!send) return base.apply(ctx, request);
    const resolved = withSecrets(ctx, request.key, request.resolved as JsonObject);
    return base.apply(ctx, { ...request, resolved });
  },
};

/** The `secrets` input names meant for destinations that name none of the snapshot's values. */
export function unusedDestinationSecrets(
  supplied: Record<string, string>,
  desired: ReadonlyArray<{ key: string; spec: JsonValue }>,
): string[] {
  const wanted = new Set(destinationSecretNames(desired));
  return Object.keys(supplied)
    .filter((k) => k.startsWith(DESTINATION_SECRET_PREFIX) && !wanted.has(k))
    .sort();
}

/** The `secrets` input names the destinations of `desired` take their input-only values from, sorted. */
export function destinationSecretNames(desired: ReadonlyArray<{ key: string; spec: JsonValue }>): string[] {
  const out: string[] = [];
  for (const d of desired) {
    const found = isJsonObject(d.spec) ? memberOf(d.spec) : undefined;
    if (found) for (const f of setFields(...found)) out.push(destinationSecretName(d.key, f));
  }
  return out.sort();
}
