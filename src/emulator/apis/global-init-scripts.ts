/**
 * Global Init Scripts API 2.0 (reference §8; databricks-sdk-go service/compute/model.go): list (without
 * content), get (content as base64), create, PATCH update, delete. Scripts keep contiguous positions 0..n-1:
 * creating or moving a script to a taken position shifts the others by one, as the reference describes.
 */
import { isJsonObject, type JsonValue } from '../../util/json.js';
import type { EmulatorContext } from '../context.js';
import { ApiError } from '../errors.js';
import { optionalBoolean, optionalInteger, requiredString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { ApiModule } from './module.js';
import { EMULATOR_USER } from './compute-store.js';

export interface StoredInitScript {
  script_id: string;
  name: string;
  enabled: boolean;
  script: Buffer;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export class GlobalInitScriptsStore {
  /** In position order: the index is the position. */
  readonly scripts: StoredInitScript[] = [];

  constructor(private readonly context: EmulatorContext) {}

  get(id: string): StoredInitScript {
    const script = this.scripts.find((s) => s.script_id === id);
    if (!script) throw ApiError.notFound(`The global init script with id ${id} does not exist.`);
    return script;
  }

  position(script: StoredInitScript): number {
    return this.scripts.indexOf(script);
  }

  /** Default position is last; a position past the end is taken as last (UNVERIFIED: production may refuse it). */
  create(fields: { name: string; script: Buffer; enabled?: boolean; position?: number }): StoredInitScript {
    const now = this.context.now();
    const script: StoredInitScript = {
      script_id: this.context.ids.hex(16, true),
      name: fields.name,
      // The API documents enabled as false when omitted.
      enabled: fields.enabled ?? false,
      script: fields.script,
      created_at: now,
      created_by: EMULATOR_USER,
      updated_at: now,
      updated_by: EMULATOR_USER,
    };
    this.insert(script, fields.position);
    return script;
  }

  update(
    id: string,
    fields: { name: string; script: Buffer; enabled?: boolean; position?: number },
  ): StoredInitScript {
    const script = this.get(id);
    script.name = fields.name;
    script.script = fields.script;
    if (fields.enabled !== undefined) script.enabled = fields.enabled;
    script.updated_at = this.context.now();
    script.updated_by = EMULATOR_USER;
    if (fields.position !== undefined) {
      this.scripts.splice(this.position(script), 1);
      this.insert(script, fields.position);
    }
    return script;
  }

  delete(id: string): void {
    this.scripts.splice(this.position(this.get(id)), 1);
  }

  private insert(script: StoredInitScript, position: number | undefined): void {
    const at = position === undefined ? this.scripts.length : Math.min(position, this.scripts.length);
    this.scripts.splice(at, 0, script);
  }

  info(script: StoredInitScript, withContent: boolean): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {
      script_id: script.script_id,
      name: script.name,
      position: this.position(script),
      enabled: script.enabled,
      created_at: script.created_at,
      created_by: script.created_by,
      updated_at: script.updated_at,
      updated_by: script.updated_by,
    };
    if (withContent) out.script = script.script.toString('base64');
    return out;
  }
}

function positionParam(request: EmulatorRequest): number | undefined {
  const position = optionalInteger(request, 'position');
  if (position === undefined) return undefined;
  if (Number(position) < 0) throw ApiError.invalidParameter(`position must be 0 or more, got ${position}.`);
  return Number(position);
}

function scriptParam(request: EmulatorRequest): Buffer {
  const text = requiredString(request, 'script');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw ApiError.invalidParameter('script must be base64-encoded.');
  return Buffer.from(text, 'base64');
}

export const globalInitScriptsApi: ApiModule<{ readonly globalInitScripts: GlobalInitScriptsStore }> = {
  name: 'global-init-scripts',
  register(router, state) {
    const store = state.globalInitScripts;

    router.get('/api/2.0/global-init-scripts', () => {
      const scripts = store.scripts.map((s) => store.info(s, false));
      return scripts.length ? { scripts } : {};
    });

    router.get('/api/2.0/global-init-scripts/:script_id', (request) =>
      store.info(store.get(request.params.script_id), true),
    );

    router.post('/api/2.0/global-init-scripts', (request) => {
      if (!isJsonObject(request.body)) throw ApiError.invalidParameter('Request body must be a JSON object.');
      const script = store.create({
        name: requiredString(request, 'name'),
        script: scriptParam(request),
        enabled: optionalBoolean(request, 'enabled'),
        position: positionParam(request),
      });
      return { script_id: script.script_id };
    });

    // name and script are required on update too (the SDKs mark both required, §8).
    router.patch('/api/2.0/global-init-scripts/:script_id', (request) => {
      store.update(request.params.script_id, {
        name: requiredString(request, 'name'),
        script: scriptParam(request),
        enabled: optionalBoolean(request, 'enabled'),
        position: positionParam(request),
      });
      return {};
    });

    router.delete('/api/2.0/global-init-scripts/:script_id', (request) => {
      store.delete(request.params.script_id);
      return {};
    });
  },
};
