import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isJsonObject, parseJson, toJson, type JsonObject } from '../../src/util/json.js';
import {
  applySnapshot,
  clientFor,
  exportWorkspace,
  readTree,
  tempDir,
  withEmulators,
} from '../helpers/harness.js';
import { get, post } from '../emulator/helpers.js';
import { fixture } from './fixtures.js';

describe('compute APIs of the emulator (real HTTP)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
  });
  afterAll(() => emulator.stop());

  const json = async (p: Promise<{ status: number; json: () => unknown }>, status = 200) => {
    const res = await p;
    expect(res.status).toBe(status);
    return res.json() as JsonObject;
  };

  it('creates a cluster with a realistic id, echoes defaults and the exact spec, then terminates it', async () => {
    const sent = {
      cluster_name: 'etl',
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'Standard_DS3_v2',
      num_workers: 2,
    };
    const { cluster_id } = await json(post(emulator, '/api/2.1/clusters/create', sent));
    expect(cluster_id).toMatch(/^0102-030405-[a-z0-9]{8}$/);
    const first = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    expect(first.state).toBe('PENDING');
    const details = await json(get(emulator, '/api/2.0/clusters/get', { cluster_id: String(cluster_id) }));
    expect(details).toMatchObject({
      state: 'RUNNING',
      cluster_source: 'API',
      driver_node_type_id: 'Standard_DS3_v2',
      enable_elastic_disk: true,
      azure_attributes: { availability: 'ON_DEMAND_AZURE', first_on_demand: 1, spot_bid_max_price: -1 },
      default_tags: { Vendor: 'Databricks', ClusterName: 'etl', ClusterId: cluster_id },
      creator_user_name: expect.any(String),
    });
    expect(details.spec).toEqual(sent);
    expect(typeof details.spark_context_id).toBe('bigint');
    expect(BigInt(details.spark_context_id as bigint) > 2n ** 53n).toBe(true);

    // Delete terminates asynchronously: TERMINATING first, then TERMINATED with the time it ended.
    await json(post(emulator, '/api/2.0/clusters/delete', { cluster_id }));
    const terminating = await json(
      get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }),
    );
    expect(terminating).toMatchObject({ state: 'TERMINATING', termination_reason: { code: 'USER_REQUEST' } });
    expect(terminating).not.toHaveProperty('terminated_time');
    const after = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    expect(after).toMatchObject({
      state: 'TERMINATED',
      termination_reason: { code: 'USER_REQUEST' },
      terminated_time: Date.UTC(2025, 0, 2, 3, 4, 5),
    });
  });

  it('takes clusterTransitionMs to start, restart and terminate; refuses an edit meanwhile with INVALID_STATE', async () => {
    let clock = Date.UTC(2025, 0, 2);
    const own = await startEmulator({ now: () => clock });
    try {
      own.state.compute.clusterTransitionMs = 60_000;
      const spec = {
        cluster_name: 'slow',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
      };
      const { cluster_id } = await json(post(own, '/api/2.1/clusters/create', spec));
      const state = async () =>
        (await json(get(own, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }))).state;
      const edit = (status?: number) =>
        json(post(own, '/api/2.1/clusters/edit', { ...spec, cluster_id, num_workers: 2 }), status);
      // However often it is read, a cluster starts only when its time has passed.
      for (let i = 0; i < 3; i++) expect(await state()).toBe('PENDING');
      const refused = await edit(400);
      expect(refused).toMatchObject({ error_code: 'INVALID_STATE' });
      expect(String(refused.message)).toContain('PENDING');
      clock += 60_000;
      expect(await state()).toBe('RUNNING');
      // An edit restarts a running cluster: RESTARTING for a while, refusing another edit.
      await edit();
      expect(await state()).toBe('RESTARTING');
      expect((await edit(400)).error_code).toBe('INVALID_STATE');
      clock += 60_000;
      expect(await state()).toBe('RUNNING');
      await json(post(own, '/api/2.1/clusters/delete', { cluster_id }));
      expect(await state()).toBe('TERMINATING');
      expect((await edit(400)).error_code).toBe('INVALID_STATE');
      clock += 60_000;
      expect(await state()).toBe('TERMINATED');
      // A terminated cluster is edited and stays terminated.
      await edit();
      expect(await state()).toBe('TERMINATED');
    } finally {
      await own.stop();
    }
  });

  it('answers a missing cluster with 400 INVALID_PARAMETER_VALUE, and rejects unknown pools and policies', async () => {
    const missing = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: 'nope' }), 400);
    expect(missing).toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Cluster nope does not exist',
    });
    const pool = await json(
      post(emulator, '/api/2.1/clusters/create', {
        cluster_name: 'x',
        spark_version: '15.4.x-scala2.12',
        instance_pool_id: 'p0',
      }),
      400,
    );
    expect(pool.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(String(pool.message)).toContain('p0');
    const policy = await json(
      post(emulator, '/api/2.1/clusters/create', {
        cluster_name: 'x',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        policy_id: 'ABC',
      }),
      400,
    );
    expect(policy.message).toBe("Can't find a cluster policy with id: ABC.");
  });

  it('refuses a node type or runtime the workspace does not offer, on cluster and pool create and edit', async () => {
    const types = await json(get(emulator, '/api/2.1/clusters/list-node-types'));
    const versions = await json(get(emulator, '/api/2.0/clusters/spark-versions'));
    const typeIds = (types.node_types as JsonObject[]).map((n) => n.node_type_id);
    const keys = (versions.versions as JsonObject[]).map((v) => v.key);
    // Every value the shared fixtures name is offered, so they round-trip between two emulators.
    expect(typeIds).toEqual(
      expect.arrayContaining(['Standard_DS3_v2', 'Standard_NC6s_v3', 'i3.xlarge', 'c4.2xlarge']),
    );
    expect(keys).toEqual(
      expect.arrayContaining(['15.4.x-gpu-ml-scala2.12', '12.2.x-photon-scala2.12', '5.4.x-scala2.11']),
    );

    const cluster = { cluster_name: 'x', spark_version: '15.4.x-scala2.12', node_type_id: 'Standard_DS3_v2' };
    const refused = async (p: Promise<{ status: number; json: () => unknown }>, message: RegExp) => {
      const body = await json(p, 400);
      expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(String(body.message)).toMatch(message);
    };
    await refused(
      post(emulator, '/api/2.1/clusters/create', { ...cluster, node_type_id: 'Standard_NC6' }),
      /^Node type Standard_NC6 is not supported/,
    );
    await refused(
      post(emulator, '/api/2.1/clusters/create', { ...cluster, driver_node_type_id: 'Standard_NC6' }),
      /^Node type Standard_NC6 is not supported/,
    );
    await refused(
      post(emulator, '/api/2.1/clusters/create', { ...cluster, spark_version: '99.9.x-scala2.12' }),
      /^Invalid spark version 99\.9\.x-scala2\.12/,
    );
    // A policy's `auto:` alias is resolved by the service, never listed.
    const { cluster_id } = await json(
      post(emulator, '/api/2.1/clusters/create', { ...cluster, spark_version: 'auto:latest-lts' }),
    );
    await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    await refused(
      post(emulator, '/api/2.1/clusters/edit', { ...cluster, cluster_id, node_type_id: 'Standard_NC6' }),
      /Standard_NC6/,
    );

    const pool = { instance_pool_name: 'catalog pool', node_type_id: 'Standard_DS3_v2' };
    await refused(
      post(emulator, '/api/2.0/instance-pools/create', { ...pool, node_type_id: 'nope' }),
      /nope/,
    );
    await refused(
      post(emulator, '/api/2.0/instance-pools/create', {
        ...pool,
        preloaded_spark_versions: ['1.0.x-scala2.10'],
      }),
      /^Invalid spark version 1\.0\.x-scala2\.10/,
    );
    const { instance_pool_id } = await json(post(emulator, '/api/2.0/instance-pools/create', pool));
    // A region that stopped offering a size: the pool's edit is refused too.
    const offered = emulator.state.compute.nodeTypes.get('Standard_DS3_v2');
    emulator.state.compute.nodeTypes.delete('Standard_DS3_v2');
    try {
      await refused(
        post(emulator, '/api/2.0/instance-pools/edit', { ...pool, instance_pool_id, max_capacity: 3 }),
        /Standard_DS3_v2/,
      );
      const listed = await json(get(emulator, '/api/2.1/clusters/list-node-types'));
      expect((listed.node_types as JsonObject[]).map((n) => n.node_type_id)).not.toContain('Standard_DS3_v2');
    } finally {
      if (offered) emulator.state.compute.nodeTypes.set('Standard_DS3_v2', offered);
    }
    await json(post(emulator, '/api/2.0/instance-pools/delete', { instance_pool_id }));
  });

  it('offers what a current Azure workspace does: LTS runtimes 10.4 to 17.3 in every variant, the D/E/F/L/NC sizes', async () => {
    const types = await json(get(emulator, '/api/2.1/clusters/list-node-types'));
    const versions = await json(get(emulator, '/api/2.1/clusters/spark-versions'));
    const typeIds = (types.node_types as JsonObject[]).map((n) => n.node_type_id);
    const keys = (versions.versions as JsonObject[]).map((v) => v.key);
    for (const v of ['10.4', '11.3', '12.2', '13.3', '14.3', '15.4', '16.4'])
      for (const variant of ['', 'photon-', 'cpu-ml-', 'gpu-ml-'])
        expect(keys).toContain(`${v}.x-${variant}scala2.12`);
    expect(keys).toEqual(expect.arrayContaining(['17.3.x-scala2.13', '17.3.x-cpu-ml-scala2.13']));
    const sizes = [
      'Standard_DS3_v2',
      'Standard_DS13_v2',
      'Standard_D4s_v3',
      'Standard_D8ds_v5',
      'Standard_E4ds_v4',
      'Standard_E8s_v3',
      'Standard_F8s_v2',
      'Standard_L8s_v3',
      'Standard_NC4as_T4_v3',
      'Standard_NC24ads_A100_v4',
    ];
    expect(typeIds).toEqual(expect.arrayContaining(sizes));
    const ds13 = (types.node_types as JsonObject[]).find((n) => n.node_type_id === 'Standard_DS13_v2');
    expect(ds13).toMatchObject({ num_cores: 8, memory_mb: 57344, category: 'Memory Optimized' });
    // Real cluster specs can be seeded: the runtimes and sizes of public payloads are accepted.
    for (const [spark_version, node_type_id] of [
      ['14.3.x-scala2.12', 'Standard_E4ds_v4'],
      ['14.3.x-cpu-ml-scala2.12', 'Standard_DS13_v2'],
      ['15.4.x-gpu-ml-scala2.12', 'Standard_NC4as_T4_v3'],
    ])
      await json(
        post(emulator, '/api/2.1/clusters/create', {
          cluster_name: `${spark_version} on ${node_type_id}`,
          spark_version,
          node_type_id,
          num_workers: 1,
        }),
      );
  });

  it('refuses node types on a pool cluster, as the service does', async () => {
    const { instance_pool_id } = await json(
      post(emulator, '/api/2.0/instance-pools/create', {
        instance_pool_name: 'no node types here',
        node_type_id: 'Standard_DS3_v2',
      }),
    );
    const base = { cluster_name: 'p', spark_version: '15.4.x-scala2.12', num_workers: 1, instance_pool_id };
    for (const field of ['node_type_id', 'driver_node_type_id']) {
      const body = await json(
        post(emulator, '/api/2.1/clusters/create', { ...base, [field]: 'Standard_DS3_v2' }),
        400,
      );
      expect(body).toEqual({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: `The field '${field}' cannot be supplied when an instance pool ID is provided.`,
      });
    }
    const { cluster_id } = await json(post(emulator, '/api/2.1/clusters/create', base));
    await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    const edited = await json(
      post(emulator, '/api/2.1/clusters/edit', { ...base, cluster_id, node_type_id: 'Standard_DS3_v2' }),
      400,
    );
    expect(edited.message).toBe(
      "The field 'node_type_id' cannot be supplied when an instance pool ID is provided.",
    );
    // get answers the pool's node types, which the service filled in.
    const details = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    expect(details).toMatchObject({
      node_type_id: 'Standard_DS3_v2',
      driver_instance_pool_id: instance_pool_id,
    });
    expect(details.spec).not.toHaveProperty('node_type_id');
  });

  it('assigns a SINGLE_USER cluster created without single_user_name to its creator, at the top level only', async () => {
    const { cluster_id } = await json(
      post(emulator, '/api/2.1/clusters/create', {
        cluster_name: 'mine',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 0,
        data_security_mode: 'SINGLE_USER',
      }),
    );
    const details = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    expect(details.single_user_name).toBe(emulator.state.scim.me.userName);
    expect(details.spec).not.toHaveProperty('single_user_name');
  });

  it('resizes and restarts a running cluster only, logs its events, pages them both ways; lists no zones on Azure', async () => {
    const { cluster_id } = await json(
      post(emulator, '/api/2.1/clusters/create', {
        cluster_name: 'events',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        num_workers: 1,
      }),
    );
    const id = String(cluster_id);
    const read = async () => json(get(emulator, '/api/2.1/clusters/get', { cluster_id: id }));
    const notRunning = await json(
      post(emulator, '/api/2.0/clusters/resize', { cluster_id: id, num_workers: 3 }),
      400,
    );
    expect(notRunning).toEqual({ error_code: 'INVALID_STATE', message: 'Cluster is not running' });
    expect((await read()).state).toBe('PENDING');
    expect((await read()).state).toBe('RUNNING');
    await json(post(emulator, '/api/2.0/clusters/resize', { cluster_id: id, num_workers: 3 }));
    const resizing = await read();
    expect([resizing.state, resizing.num_workers]).toEqual(['RESIZING', 3]);
    expect((await read()).state).toBe('RUNNING');
    await json(post(emulator, '/api/2.0/clusters/restart', { cluster_id: id }));
    expect((await read()).state).toBe('RESTARTING');
    expect((await read()).state).toBe('RUNNING');
    await json(post(emulator, '/api/2.0/clusters/delete', { cluster_id: id }));
    expect((await read()).state).toBe('TERMINATING');
    expect((await read()).state).toBe('TERMINATED');
    // Restarting a cluster that is not running does nothing.
    await json(post(emulator, '/api/2.0/clusters/restart', { cluster_id: id }));
    expect((await read()).state).toBe('TERMINATED');

    const all = await json(post(emulator, '/api/2.0/clusters/events', { cluster_id: id, order: 'ASC' }));
    expect((all.events as JsonObject[]).map((e) => e.type)).toEqual([
      'CREATING',
      'RUNNING',
      'RESIZING',
      'RUNNING',
      'RESTARTING',
      'RUNNING',
      'TERMINATING',
      'TERMINATED',
    ]);
    expect(all.total_count).toBe(8);
    expect((all.events as JsonObject[])[0]).toMatchObject({
      cluster_id: id,
      details: { user: 'admin@example.com' },
    });
    // The legacy databricks-cli pages with offset/limit and follows next_page; newest first by default.
    // (The CLI sends its options as strings and the event types as a list, empty when none is asked for.)
    const first = await json(
      post(emulator, '/api/2.0/clusters/events', { cluster_id: id, limit: '5', event_types: [] }),
    );
    expect((first.events as JsonObject[]).map((e) => e.type)).toEqual([
      'TERMINATED',
      'TERMINATING',
      'RUNNING',
      'RESTARTING',
      'RUNNING',
    ]);
    // Newest first, the next page names the end of the window: an offset needs it then.
    expect(first.next_page).toEqual({
      cluster_id: id,
      limit: 5,
      offset: 5,
      end_time: Date.UTC(2025, 0, 2, 3, 4, 5),
    });
    const noEnd = await json(
      post(emulator, '/api/2.0/clusters/events', { cluster_id: id, offset: '5' }),
      400,
    );
    expect(noEnd.message).toMatch(/end_time is required/);
    const second = await json(post(emulator, '/api/2.0/clusters/events', first.next_page));
    expect((second.events as JsonObject[]).map((e) => e.type)).toEqual(['RESIZING', 'RUNNING', 'CREATING']);
    expect(second).not.toHaveProperty('next_page');
    // Tokens and type filters (2.1).
    const typed = await json(
      post(emulator, '/api/2.1/clusters/events', { cluster_id: id, event_types: ['RUNNING'], page_size: 2 }),
    );
    expect((typed.events as JsonObject[]).length).toBe(2);
    const rest = await json(
      post(emulator, '/api/2.1/clusters/events', {
        cluster_id: id,
        event_types: ['RUNNING'],
        page_size: 2,
        page_token: typed.next_page_token,
      }),
    );
    expect([(rest.events as JsonObject[]).length, rest.next_page_token]).toEqual([1, undefined]);
    const missing = await json(post(emulator, '/api/2.0/clusters/events', { cluster_id: 'nope' }), 400);
    expect(missing.message).toBe('Cluster nope does not exist');

    // An empty list is left out of the answer, proto3 style (§1.2); a test may emulate AWS zones.
    expect(await json(get(emulator, '/api/2.0/clusters/list-zones'))).toEqual({});
    emulator.state.compute.zones.push('us-west-2a', 'us-west-2b');
    expect(await json(get(emulator, '/api/2.0/clusters/list-zones'))).toEqual({
      zones: ['us-west-2a', 'us-west-2b'],
      default_zone: 'us-west-2a',
    });
    emulator.state.compute.zones.length = 0;
  });

  it('refuses a single_user_name that names no user, service principal or group of the workspace', async () => {
    const scim = emulator.state.scim;
    const sp = scim.createServicePrincipal({ displayName: 'single-user robot' });
    scim.createGroup({ displayName: 'single-user team' });
    const cluster = {
      cluster_name: 'assigned',
      spark_version: '15.4.x-scala2.12',
      node_type_id: 'Standard_DS3_v2',
      data_security_mode: 'SINGLE_USER',
    };
    const ghost = await json(
      post(emulator, '/api/2.1/clusters/create', { ...cluster, single_user_name: 'ghost@example.com' }),
      400,
    );
    expect(ghost).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message:
        "single_user_name 'ghost@example.com' is not a user, service principal or group of this workspace.",
    });
    // A user by userName (case-insensitively, as SCIM compares them), a service principal by applicationId,
    // a group by displayName.
    const { cluster_id } = await json(
      post(emulator, '/api/2.1/clusters/create', {
        ...cluster,
        single_user_name: scim.me.userName.toUpperCase(),
      }),
    );
    await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    for (const principal of [sp.applicationId, 'single-user team']) {
      await json(
        post(emulator, '/api/2.1/clusters/edit', { ...cluster, cluster_id, single_user_name: principal }),
      );
      // The edit restarts the running cluster: one read sees it RESTARTING, the next RUNNING again.
      await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: String(cluster_id) }));
    }
    const edit = await json(
      post(emulator, '/api/2.1/clusters/edit', { ...cluster, cluster_id, single_user_name: 'ghost' }),
      400,
    );
    expect(edit.error_code).toBe('INVALID_PARAMETER_VALUE');
    await json(post(emulator, '/api/2.1/clusters/permanent-delete', { cluster_id }));
  });

  it('pages 2.1 list with page tokens, answers 2.0 list at once, never with spec', async () => {
    for (let i = 0; i < 5; i++)
      await json(
        post(emulator, '/api/2.1/clusters/create', {
          cluster_name: `page-${i}`,
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
        }),
      );
    const total = emulator.state.compute.clusters.size;
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await json(
        get(emulator, '/api/2.1/clusters/list', { page_size: '2', ...(token ? { page_token: token } : {}) }),
      );
      const clusters = page.clusters as JsonObject[];
      for (const c of clusters) {
        expect(c).not.toHaveProperty('spec');
        names.push(String(c.cluster_name));
      }
      token = page.next_page_token as string | undefined;
      pages++;
    } while (token);
    expect(names).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 2));
    const all = await json(get(emulator, '/api/2.0/clusters/list'));
    expect((all.clusters as JsonObject[]).length).toBe(total);
    expect(all).not.toHaveProperty('next_page_token');
  });

  it('filters 2.1 list by source, state, pin and policy, and sorts by name or the default order', async () => {
    const own = await startEmulator();
    try {
      const compute = own.state.compute;
      const policy = [...compute.policies.values()][0].policy_id;
      const make = (cluster_name: string, extra: JsonObject = {}) =>
        compute.createCluster({
          cluster_name,
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          ...extra,
        }).cluster_id;
      const b = make('b');
      const a = make('a', { policy_id: policy });
      const c = make('c');
      compute.seedCluster({ cluster_id: 'ui-1', cluster_name: 'd', cluster_source: 'UI', state: 'RUNNING' });
      await json(post(own, '/api/2.1/clusters/delete', { cluster_id: c }));
      await json(post(own, '/api/2.1/clusters/pin', { cluster_id: b }));
      const names = async (query: string) =>
        ((await json(get(own, `/api/2.1/clusters/list?${query}`))).clusters as JsonObject[] | undefined)?.map(
          (x) => x.cluster_name,
        ) ?? [];
      // Default: pinned first, then the clusters not terminated, then the terminated ones; by name within.
      expect(await names('')).toEqual(['b', 'a', 'd', 'c']);
      expect(await names('sort_by.field=CLUSTER_NAME')).toEqual(['a', 'b', 'c', 'd']);
      expect(await names('sort_by.field=CLUSTER_NAME&sort_by.direction=DESC')).toEqual(['d', 'c', 'b', 'a']);
      expect(await names('filter_by.cluster_sources=UI')).toEqual(['d']);
      expect(await names('filter_by.cluster_sources=UI&filter_by.cluster_sources=API')).toHaveLength(4);
      expect(await names('filter_by.cluster_states=TERMINATED')).toEqual(['c']);
      expect(await names('filter_by.is_pinned=true')).toEqual(['b']);
      expect(await names(`filter_by.policy_id=${policy}`)).toEqual(['a']);
      await json(post(own, '/api/2.1/clusters/unpin', { cluster_id: b }));
      expect(await names('filter_by.is_pinned=true')).toEqual([]);
      expect(a).toBeDefined();
      const bad = await json(get(own, '/api/2.1/clusters/list?filter_by.cluster_states=ASLEEP'), 400);
      expect(bad.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect((await json(get(own, '/api/2.1/clusters/list?sort_by.field=AGE'), 400)).error_code).toBe(
        'INVALID_PARAMETER_VALUE',
      );
    } finally {
      await own.stop();
    }
  });

  it('answers who pinned a cluster on get and list, and refuses to delete a pinned cluster', async () => {
    const { cluster_id } = await json(
      post(emulator, '/api/2.1/clusters/create', {
        cluster_name: 'pinme',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
      }),
    );
    const id = String(cluster_id);
    const read = async () => json(get(emulator, '/api/2.1/clusters/get', { cluster_id: id }));
    const listed = async () =>
      ((await json(get(emulator, '/api/2.0/clusters/list'))).clusters as JsonObject[]).find(
        (c) => c.cluster_id === id,
      );
    expect(await read()).not.toHaveProperty('pinned_by_user_name');
    // Idempotent, as §4 says: twice is the same as once.
    for (let i = 0; i < 2; i++) await json(post(emulator, '/api/2.1/clusters/pin', { cluster_id }));
    const admin = emulator.state.scim.me.id;
    expect((await read()).pinned_by_user_name).toBe(admin);
    expect((await listed())?.pinned_by_user_name).toBe(admin);
    const refused = await json(post(emulator, '/api/2.1/clusters/permanent-delete', { cluster_id }), 400);
    expect(refused.message).toContain('unpin the cluster first');
    await json(post(emulator, '/api/2.0/clusters/unpin', { cluster_id }));
    expect(await read()).not.toHaveProperty('pinned_by_user_name');
    expect(await listed()).not.toHaveProperty('pinned_by_user_name');
    await json(post(emulator, '/api/2.1/clusters/permanent-delete', { cluster_id }));
    // A seeded answer keeps its pin until unpinned.
    emulator.state.compute.seedCluster(fixture('clusters/get-cluster-awscluster-response.json'));
    const seeded = String(fixture('clusters/get-cluster-awscluster-response.json').cluster_id);
    expect(
      (await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: seeded }))).pinned_by_user_name,
    ).toBe('100095');
    await json(post(emulator, '/api/2.1/clusters/unpin', { cluster_id: seeded }));
    expect(await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: seeded }))).not.toHaveProperty(
      'pinned_by_user_name',
    );
  });

  it('has a default Personal Compute policy; names are unique; definitions are JSON strings', async () => {
    const list = await json(get(emulator, '/api/2.0/policies/clusters/list'));
    const personal = (list.policies as JsonObject[]).find((p) => p.name === 'Personal Compute');
    expect(personal).toMatchObject({ is_default: true, policy_family_id: 'personal-vm' });
    expect(String(personal?.policy_id)).toMatch(/^[0-9A-F]{16}$/);
    const del = await json(
      post(emulator, '/api/2.0/policies/clusters/delete', { policy_id: personal?.policy_id }),
      400,
    );
    expect(del.error_code).toBe('INVALID_PARAMETER_VALUE');

    const body = { name: 'small', definition: '{"num_workers":{"type":"range","maxValue":4}}' };
    const { policy_id } = await json(post(emulator, '/api/2.0/policies/clusters/create', body));
    const dup = await json(post(emulator, '/api/2.0/policies/clusters/create', body), 400);
    expect(dup.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    const got = await json(get(emulator, '/api/2.0/policies/clusters/get', { policy_id: String(policy_id) }));
    expect(got).toMatchObject({
      name: 'small',
      definition: body.definition,
      creator_user_name: expect.any(String),
    });
    const bad = await json(
      post(emulator, '/api/2.0/policies/clusters/create', { name: 'bad', definition: '{' }),
      400,
    );
    expect(bad.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('has the four default policies; an edit takes overrides, limits and libraries, never another family; none is deleted', async () => {
    const all = (await json(get(emulator, '/api/2.0/policies/clusters/list'))).policies as JsonObject[];
    const defaults = all.filter((p) => p.is_default === true);
    expect(defaults.map((p) => [p.name, p.policy_family_id]).sort()).toEqual([
      ['Job Compute', 'job-cluster'],
      ['Personal Compute', 'personal-vm'],
      ['Power User Compute', 'power-user'],
      ['Shared Compute', 'shared-compute'],
    ]);
    for (const p of defaults) {
      expect(p).not.toHaveProperty('policy_family_definition_overrides');
      expect(
        (await json(post(emulator, '/api/2.0/policies/clusters/delete', { policy_id: p.policy_id }), 400))
          .error_code,
      ).toBe('INVALID_PARAMETER_VALUE');
    }

    const policy_id = String(defaults.find((p) => p.name === 'Power User Compute')?.policy_id);
    const read = async () => json(get(emulator, '/api/2.0/policies/clusters/get', { policy_id }));
    const same = { policy_id, name: 'Power User Compute', policy_family_id: 'power-user' };
    const overrides = { 'autoscale.max_workers': { type: 'range', maxValue: 4 } };
    await json(
      post(emulator, '/api/2.0/policies/clusters/edit', {
        ...same,
        policy_family_definition_overrides: toJson(overrides),
        max_clusters_per_user: 2,
        libraries: [{ pypi: { package: 'pandas' } }],
      }),
    );
    const edited = await read();
    expect(edited).toMatchObject({
      is_default: true,
      policy_family_id: 'power-user',
      policy_family_definition_overrides: toJson(overrides),
      max_clusters_per_user: 2,
      libraries: [{ pypi: { package: 'pandas' } }],
    });
    // The definition answered is the family's, with the overrides merged in.
    expect(JSON.parse(String(edited.definition))).toMatchObject({
      ...overrides,
      spark_version: { type: 'unlimited', defaultValue: 'auto:latest-ml' },
    });
    // Another family, or a definition of its own (no family at all), is refused and changes nothing.
    for (const body of [
      { ...same, policy_family_id: 'job-cluster' },
      { policy_id, name: 'Power User Compute', definition: '{}' },
    ])
      expect((await json(post(emulator, '/api/2.0/policies/clusters/edit', body), 400)).error_code).toBe(
        'INVALID_PARAMETER_VALUE',
      );
    expect(await read()).toEqual(edited);
    // An edit restating only the family takes the admin's changes back out (edit replaces every field).
    await json(post(emulator, '/api/2.0/policies/clusters/edit', same));
    const reset = await read();
    for (const field of ['policy_family_definition_overrides', 'max_clusters_per_user', 'libraries'])
      expect(reset).not.toHaveProperty(field);
  });

  it('keeps, answers and checks a policy auto_enforcement_config; an edit without it turns it off', async () => {
    const body = {
      name: 'enforced',
      definition: '{"autotermination_minutes":{"type":"fixed","value":30}}',
      auto_enforcement_config: { enforce_mode: 'WAIT_FOR_TERMINATION' },
    };
    const { policy_id } = await json(post(emulator, '/api/2.0/policies/clusters/create', body));
    const read = async () =>
      json(get(emulator, '/api/2.0/policies/clusters/get', { policy_id: String(policy_id) }));
    expect(await read()).toMatchObject({ auto_enforcement_config: { enforce_mode: 'WAIT_FOR_TERMINATION' } });
    const listed = (await json(get(emulator, '/api/2.0/policies/clusters/list'))).policies as JsonObject[];
    expect(listed.find((p) => p.policy_id === policy_id)?.auto_enforcement_config).toEqual({
      enforce_mode: 'WAIT_FOR_TERMINATION',
    });
    // Present but empty: auto enforcement on, in the default mode; kept as it was sent.
    await json(
      post(emulator, '/api/2.0/policies/clusters/edit', { ...body, policy_id, auto_enforcement_config: {} }),
    );
    expect((await read()).auto_enforcement_config).toEqual({});
    const { auto_enforcement_config: _, ...without } = body;
    await json(post(emulator, '/api/2.0/policies/clusters/edit', { ...without, policy_id }));
    expect(await read()).not.toHaveProperty('auto_enforcement_config');
    for (const bad of [
      { enforce_mode: 'SOMETIMES' },
      { enforce_mode: 'ENFORCE_IMMEDIATELY', when: 'now' },
      'ENFORCE_IMMEDIATELY',
    ])
      expect(
        (
          await json(
            post(emulator, '/api/2.0/policies/clusters/edit', {
              ...body,
              policy_id,
              auto_enforcement_config: bad,
            }),
            400,
          )
        ).error_code,
      ).toBe('INVALID_PARAMETER_VALUE');
  });

  it('instance pools: server fields on get, only editable fields change on edit, node type is fixed', async () => {
    const { instance_pool_id } = await json(
      post(emulator, '/api/2.0/instance-pools/create', {
        instance_pool_name: 'p',
        node_type_id: 'Standard_DS3_v2',
        preloaded_spark_versions: ['15.4.x-scala2.12'],
      }),
    );
    expect(instance_pool_id).toMatch(/^0102-030405-[a-z]+\d-pool-[A-Z0-9]{8}$/);
    const id = String(instance_pool_id);
    const pool = await json(get(emulator, '/api/2.0/instance-pools/get', { instance_pool_id: id }));
    expect(pool).toMatchObject({
      state: 'ACTIVE',
      status: {},
      stats: { used_count: 0 },
      default_tags: { DatabricksInstancePoolId: id },
    });
    await json(
      post(emulator, '/api/2.0/instance-pools/edit', {
        instance_pool_id: id,
        instance_pool_name: 'p2',
        node_type_id: 'Standard_DS3_v2',
        max_capacity: 8,
        preloaded_spark_versions: ['13.3.x-scala2.12'],
      }),
    );
    const edited = await json(get(emulator, '/api/2.0/instance-pools/get', { instance_pool_id: id }));
    expect(edited).toMatchObject({
      instance_pool_name: 'p2',
      max_capacity: 8,
      preloaded_spark_versions: ['15.4.x-scala2.12'],
    });
    const nodeChange = await json(
      post(emulator, '/api/2.0/instance-pools/edit', {
        instance_pool_id: id,
        instance_pool_name: 'p2',
        node_type_id: 'Standard_F4s',
      }),
      400,
    );
    expect(nodeChange.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('libraries: install, status by cluster state, uninstall marks UNINSTALL_ON_RESTART', async () => {
    emulator.state.compute.seedCluster(fixture('clusters/get-cluster-test1-response.json'));
    const seeded = await json(get(emulator, '/api/2.1/clusters/get', { cluster_id: 'test1' }));
    expect(seeded.cluster_name).toBe('Test1');
    const lib = { pypi: { package: 'requests==2.32.3' } };
    await json(
      post(emulator, '/api/2.0/libraries/install', {
        cluster_id: 'test1',
        libraries: [lib, { jar: 'dbfs:/a.jar' }],
      }),
    );
    const status = await json(get(emulator, '/api/2.0/libraries/cluster-status', { cluster_id: 'test1' }));
    expect(status.library_statuses).toEqual([
      { library: lib, status: 'INSTALLED', is_library_for_all_clusters: false },
      { library: { jar: 'dbfs:/a.jar' }, status: 'INSTALLED', is_library_for_all_clusters: false },
    ]);
    await json(post(emulator, '/api/2.0/libraries/uninstall', { cluster_id: 'test1', libraries: [lib] }));
    const after = await json(get(emulator, '/api/2.0/libraries/all-cluster-statuses'));
    const entry = (after.statuses as JsonObject[]).find((s) => s.cluster_id === 'test1');
    expect(isJsonObject(entry) && (entry.library_statuses as JsonObject[])[0].status).toBe(
      'UNINSTALL_ON_RESTART',
    );
    const bad = await json(
      post(emulator, '/api/2.0/libraries/install', { cluster_id: 'test1', libraries: [{ foo: 'x' }] }),
      400,
    );
    expect(bad.error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('compute export edge cases', () => {
  it('writes an id that matches no exported object as a marker: reported on export, refused on apply before any write', async () => {
    await withEmulators(async (primary, secondary) => {
      const compute = primary.state.compute;
      compute.seedCluster({
        cluster_id: '0101-000000-dangling',
        cluster_name: 'dangling',
        cluster_source: 'UI',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        policy_id: 'DEADBEEF00000000',
        state: 'TERMINATED',
      });
      compute.createPolicy({
        name: 'gone pool',
        definition: '{"instance_pool_id":{"type":"fixed","value":"0101-000000-gone-pool-X"}}',
      });
      const repo = await tempDir();
      const result = await exportWorkspace(clientFor(primary), repo);
      const snap = path.join(repo, 'databricks');
      const read = async (rel: string) =>
        parseJson(await fs.readFile(path.join(snap, rel), 'utf8')) as JsonObject;
      const marker = '${resources.cluster_policies.unexported_DEADBEEF00000000.id}';
      expect((await read('clusters/dangling.json')).policy_id).toBe(marker);
      expect((await read('cluster-policies/gone_pool.json')).definition).toEqual({
        instance_pool_id: {
          type: 'fixed',
          value: '${resources.instance_pools.unexported_0101-000000-gone-pool-X.id}',
        },
      });
      expect(result.report.warnings).toEqual([
        {
          kind: 'cluster_policies',
          key: 'gone_pool',
          reason: expect.stringContaining("instance pool '0101-000000-gone-pool-X' matches no exported pool"),
        },
        {
          kind: 'clusters',
          key: 'dangling',
          reason: expect.stringContaining(
            `policy_id 'DEADBEEF00000000' matches no exported cluster_policies object; written as ${marker}`,
          ),
        },
      ]);

      // Apply names the file and the field, and writes nothing.
      secondary.clearRequests();
      const writes = () => secondary.requests.filter((r) => r.method !== 'GET');
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /cluster-policies\/gone_pool\.json:\d+: definition\.instance_pool_id\.value is .*unexported_0101-000000-gone-pool-X.*was not exported/,
      );
      await fs.rm(path.join(snap, 'cluster-policies/gone_pool.json'));
      await expect(applySnapshot(clientFor(secondary), snap)).rejects.toThrow(
        /clusters\/dangling\.json:\d+: policy_id is \$\{resources\.cluster_policies\.unexported_DEADBEEF00000000\.id\}: the cluster_policies object 'DEADBEEF00000000' it named was not exported/,
      );
      expect(writes()).toEqual([]);
    });
  });

  it('completes a partial spec from the details', async () => {
    const emulator = await startEmulator();
    try {
      emulator.state.compute.seedCluster(fixture('clusters/syncsparkpy-azure_cluster.json'));
      const repo = await tempDir();
      await exportWorkspace(clientFor(emulator), repo);
      const partial = parseJson(
        await fs.readFile(path.join(repo, 'databricks/clusters/my_cluster.json'), 'utf8'),
      );
      // The spec holds only spark_version: the settings come from the details, the derived ones left out.
      expect(partial).toEqual({
        cluster_name: 'my-cluster',
        spark_version: '13.3.x-scala2.12',
        azure_attributes: {
          first_on_demand: 6,
          availability: 'SPOT_WITH_FALLBACK_AZURE',
          spot_bid_max_price: 100,
        },
        node_type_id: 'Standard_DS5_v2',
        num_workers: 30,
        autotermination_minutes: 120,
        enable_elastic_disk: false,
        enable_local_disk_encryption: false,
      });
    } finally {
      await emulator.stop();
    }
  });
});

describe('compute export: keys and libraries', () => {
  it('keeps the keys of same-name clusters when one restarts (no file changes)', async () => {
    let clock = Date.UTC(2025, 0, 2);
    const emulator = await startEmulator({ now: () => clock });
    try {
      const compute = emulator.state.compute;
      // 'a' started after 'b': an order by start time names 'b' first, and a restart of 'b' swaps them.
      for (const [id, workers, started] of [
        ['0101-000000-aaaaaaaa', 1, 2000],
        ['0101-000000-bbbbbbbb', 2, 1000],
      ] as const)
        compute.seedCluster({
          cluster_id: id,
          cluster_name: 'shared',
          cluster_source: 'UI',
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: workers,
          state: 'RUNNING',
          start_time: started,
        });
      const snapshot = async () => {
        const repo = await tempDir();
        await exportWorkspace(clientFor(emulator), repo);
        return readTree(path.join(repo, 'databricks', 'clusters'));
      };
      const before = await snapshot();
      expect(JSON.parse(String(before.get('shared.json')))).toMatchObject({ num_workers: 1 });
      expect(JSON.parse(String(before.get('shared_2.json')))).toMatchObject({ num_workers: 2 });

      clock += 60_000;
      await post(emulator, '/api/2.1/clusters/delete', { cluster_id: '0101-000000-bbbbbbbb' });
      await get(emulator, '/api/2.1/clusters/get', { cluster_id: '0101-000000-bbbbbbbb' });
      await get(emulator, '/api/2.1/clusters/get', { cluster_id: '0101-000000-bbbbbbbb' });
      await post(emulator, '/api/2.1/clusters/start', { cluster_id: '0101-000000-bbbbbbbb' });
      expect(compute.getCluster('0101-000000-bbbbbbbb').start_time).toBe(clock);
      const after = await snapshot();
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(after.get(file)?.toString()).toBe(bytes.toString());
    } finally {
      await emulator.stop();
    }
  });

  it('exports only the libraries of the cluster itself: not all-cluster ones, not those being uninstalled', async () => {
    const emulator = await startEmulator();
    try {
      const compute = emulator.state.compute;
      compute.allClusterLibraries.push({ pypi: { package: 'everywhere==1.0' } });
      const cluster = compute.seedCluster({
        cluster_id: '0101-000000-libsonly',
        cluster_name: 'libs',
        cluster_source: 'UI',
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'Standard_DS3_v2',
        state: 'RUNNING',
      });
      const own = { jar: 'dbfs:/own.jar' };
      const leaving = { whl: 'dbfs:/leaving.whl' };
      compute.installLibraries(cluster.cluster_id, [own, leaving]);
      compute.uninstallLibraries(cluster.cluster_id, [leaving]);
      const status = await get(emulator, '/api/2.0/libraries/cluster-status', {
        cluster_id: cluster.cluster_id,
      });
      expect((status.json() as JsonObject).library_statuses).toEqual([
        {
          library: { pypi: { package: 'everywhere==1.0' } },
          status: 'INSTALLED',
          is_library_for_all_clusters: true,
        },
        { library: own, status: 'INSTALLED', is_library_for_all_clusters: false },
        {
          library: leaving,
          status: 'UNINSTALL_ON_RESTART',
          is_library_for_all_clusters: false,
          messages: [expect.any(String)],
        },
      ]);
      const repo = await tempDir();
      await exportWorkspace(clientFor(emulator), repo);
      const file = parseJson(await fs.readFile(path.join(repo, 'databricks/clusters/libs.json'), 'utf8'));
      expect((file as JsonObject).libraries).toEqual([own]);
    } finally {
      await emulator.stop();
    }
  });
});
