/**
 * Notification destinations (`/api/2.0/notification-destinations`: list, get, create, update, delete), as
 * the Go SDK models them (databricks/databricks-sdk-go service/settings/model.go: Config, EmailConfig,
 * GenericWebhookConfig, SlackConfig, MicrosoftTeamsConfig, PagerdutyConfig, NotificationDestination; impl.go
 * for the methods and paths). Every field of a config but email `addresses` is "[Input-Only]": the service
 * never answers it and says instead whether it is set (`url_set`, `password_set`, ...); the Terraform
 * provider copies its own values back over those flags for that reason (terraform-provider-databricks
 * settings/resource_notification_destination.go, setStruct). The emulator keeps the values it was given
 * where no answer can reach them (`secretsOf`, for tests).
 *
 * The emulator's choices where the sources say nothing: `*_set` flags that are false are left out (as the
 * SDK's omitempty would), list answers every destination unless `page_size` is given, the destination type
 * cannot change on update ("The type can not be changed once set", model.go) and a `config` given to update
 * replaces the stored one whole (the provider sends the whole block, secrets included), 404
 * RESOURCE_DOES_NOT_EXIST for an unknown id.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { bodyObject, seqPage } from '../paging.js';
import type { ApiModule } from './module.js';

/** Config member → destination_type, and the input-only fields of each (model.go). */
export const DESTINATION_TYPES: Readonly<Record<string, { type: string; secrets: readonly string[] }>> = {
  email: { type: 'EMAIL', secrets: [] },
  generic_webhook: { type: 'WEBHOOK', secrets: ['url', 'username', 'password'] },
  slack: { type: 'SLACK', secrets: ['url', 'channel_id', 'oauth_token'] },
  microsoft_teams: {
    type: 'MICROSOFT_TEAMS',
    secrets: ['url', 'app_id', 'auth_secret', 'channel_url', 'tenant_id'],
  },
  pagerduty: { type: 'PAGERDUTY', secrets: ['integration_key'] },
};

/** What each type cannot be created without: one of these sets of fields (model.go field docs). */
const REQUIRED: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  email: [['addresses']],
  generic_webhook: [['url']],
  slack: [['url'], ['channel_id', 'oauth_token']],
  microsoft_teams: [['url'], ['app_id', 'auth_secret', 'tenant_id', 'channel_url']],
  pagerduty: [['integration_key']],
};

interface StoredDestination {
  id: string;
  display_name: string;
  /** The config member's name (`generic_webhook`, ...). */
  member: string;
  addresses?: string[];
  /** Input-only values, never answered. */
  secrets: Record<string, string>;
  seq: number;
}

/** The one member of a config, checked; its fields split into addresses and input-only values. */
function parseConfig(config: JsonValue | undefined): Omit<StoredDestination, 'id' | 'display_name' | 'seq'> {
  if (!isJsonObject(config)) throw ApiError.missingField('config');
  const members = Object.keys(config).filter((k) => config[k] !== null && config[k] !== undefined);
  if (members.length !== 1 || !(members[0] in DESTINATION_TYPES))
    throw ApiError.invalidParameter(
      `config must wrap exactly one of ${Object.keys(DESTINATION_TYPES).join(', ')}`,
    );
  const member = members[0];
  const body = config[member];
  if (!isJsonObject(body)) throw ApiError.invalidParameter(`config.${member} must be an object`);
  const out: Omit<StoredDestination, 'id' | 'display_name' | 'seq'> = { member, secrets: {} };
  for (const [k, v] of Object.entries(body)) {
    if (v === null || v === undefined || k.endsWith('_set')) continue; // output-only flags are ignored
    if (member === 'email' && k === 'addresses') {
      if (!Array.isArray(v) || !v.every((a) => typeof a === 'string'))
        throw ApiError.invalidParameter('config.email.addresses must be a list of strings');
      out.addresses = v as string[];
    } else if (DESTINATION_TYPES[member].secrets.includes(k)) {
      if (typeof v !== 'string') throw ApiError.invalidParameter(`config.${member}.${k} must be a string`);
      if (v !== '') out.secrets[k] = v;
    } else throw ApiError.invalidParameter(`Unknown field config.${member}.${k}`);
  }
  const has = (f: string) => (f === 'addresses' ? (out.addresses?.length ?? 0) > 0 : f in out.secrets);
  if (!REQUIRED[member].some((set) => set.every(has)))
    throw ApiError.invalidParameter(
      `config.${member} requires ${REQUIRED[member].map((s) => s.join(' and ')).join(', or ')}`,
    );
  return out;
}

export class NotificationDestinationsStore {
  private readonly destinations = new Map<string, StoredDestination>();
  private nextSeq = 1;

  constructor(private readonly context: EmulatorContext) {}

  all(): StoredDestination[] {
    return [...this.destinations.values()].sort((a, b) => a.seq - b.seq);
  }

  require(id: string): StoredDestination {
    const d = this.destinations.get(id);
    if (!d) throw ApiError.notFound(`Notification destination ${id} does not exist.`);
    return d;
  }

  create(body: JsonObject): StoredDestination {
    const name = body.display_name;
    if (typeof name !== 'string' || name === '') throw ApiError.missingField('display_name');
    const d: StoredDestination = {
      id: this.context.ids.uuid(),
      display_name: name,
      ...parseConfig(body.config),
      seq: this.nextSeq++,
    };
    this.destinations.set(d.id, d);
    return d;
  }

  update(id: string, body: JsonObject): StoredDestination {
    const d = this.require(id);
    if (body.display_name !== undefined && body.display_name !== null) {
      if (typeof body.display_name !== 'string' || body.display_name === '')
        throw ApiError.invalidParameter('display_name must be a non-empty string');
      d.display_name = body.display_name;
    }
    if (body.config !== undefined && body.config !== null) {
      const next = parseConfig(body.config);
      if (next.member !== d.member)
        throw ApiError.invalidParameter(
          `The destination type cannot be changed: ${DESTINATION_TYPES[d.member].type} to ${DESTINATION_TYPES[next.member].type}`,
        );
      d.addresses = next.addresses;
      d.secrets = next.secrets;
    }
    return d;
  }

  delete(id: string): void {
    this.require(id);
    this.destinations.delete(id);
  }

  /** The input-only values a destination holds (tests only: no API answers them). */
  secretsOf(id: string): Record<string, string> {
    return { ...this.require(id).secrets };
  }

  /** NotificationDestination: the config with `*_set` flags in place of the input-only values. */
  info(d: StoredDestination): JsonObject {
    const member: JsonObject = {};
    if (d.addresses) member.addresses = [...d.addresses];
    for (const f of DESTINATION_TYPES[d.member].secrets) if (f in d.secrets) member[`${f}_set`] = true;
    return {
      id: d.id,
      display_name: d.display_name,
      destination_type: DESTINATION_TYPES[d.member].type,
      config: { [d.member]: member },
    };
  }
}

export const notificationDestinationsApi: ApiModule<{
  readonly notificationDestinations: NotificationDestinationsStore;
}> = {
  name: 'notification-destinations',
  register(router, state) {
    const store = state.notificationDestinations;
    const base = '/api/2.0/notification-destinations';

    // ListNotificationDestinationsResult: id, display_name, destination_type only (no config).
    router.get(base, (request) =>
      seqPage(request, store.all(), 'results', (d) => ({
        id: d.id,
        display_name: d.display_name,
        destination_type: DESTINATION_TYPES[d.member].type,
      })),
    );

    router.get(`${base}/:id`, (request) => store.info(store.require(request.params.id)));
    router.post(base, (request) => store.info(store.create(bodyObject(request))));
    router.patch(`${base}/:id`, (request) =>
      store.info(store.update(request.params.id, bodyObject(request))),
    );
    router.delete(`${base}/:id`, (request) => {
      store.delete(request.params.id);
      return {};
    });
  },
};
