/** Instance Pools API 2.0 (reference §5; databricks-sdk-go service/compute/model.go). */
import { requiredString } from '../params.js';
import { bodyObject } from './clusters.js';
import type { ComputeStore } from './compute-store.js';
import type { ApiModule } from './module.js';

export const instancePoolsApi: ApiModule<{ readonly compute: ComputeStore }> = {
  name: 'instance-pools',
  register(router, state) {
    const store = state.compute;

    router.get('/api/2.0/instance-pools/list', () => ({
      instance_pools: [...store.pools.values()]
        .sort((a, b) => a.instance_pool_id.localeCompare(b.instance_pool_id))
        .map((p) => store.poolDetails(p)),
    }));

    router.get('/api/2.0/instance-pools/get', (request) =>
      store.poolDetails(store.getPool(requiredString(request, 'instance_pool_id'))),
    );

    router.post('/api/2.0/instance-pools/create', (request) => ({
      instance_pool_id: store.createPool(bodyObject(request)).instance_pool_id,
    }));

    router.post('/api/2.0/instance-pools/edit', (request) => {
      store.editPool(bodyObject(request));
      return {};
    });

    router.post('/api/2.0/instance-pools/delete', (request) => {
      store.deletePool(requiredString(request, 'instance_pool_id'));
      return {};
    });
  },
};
