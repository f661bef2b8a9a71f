/**
 * Cluster Policies API 2.0 (reference §6; databricks-sdk-go service/compute/model.go), with the policy
 * families the default policies come from.
 */
import { toJson } from '../../util/json.js';
import { ApiError } from '../errors.js';
import { optionalString, requiredString } from '../params.js';
import { bodyObject } from './clusters.js';
import { POLICY_FAMILIES } from './compute-store.js';
import type { ComputeStore } from './compute-store.js';
import type { ApiModule } from './module.js';

export const clusterPoliciesApi: ApiModule<{ readonly compute: ComputeStore }> = {
  name: 'cluster-policies',
  register(router, state) {
    const store = state.compute;

    router.get('/api/2.0/policies/clusters/list', (request) => {
      const column = optionalString(request, 'sort_column') ?? 'POLICY_CREATION_TIME';
      const all = [...store.policies.values()].sort((a, b) =>
        column === 'POLICY_NAME'
          ? a.name.localeCompare(b.name)
          : a.created_at_timestamp - b.created_at_timestamp || a.policy_id.localeCompare(b.policy_id),
      );
      if (optionalString(request, 'sort_order') === 'DESC') all.reverse();
      return { policies: all.map((p) => store.policyDetails(p)) };
    });

    router.get('/api/2.0/policies/clusters/get', (request) =>
      store.policyDetails(store.getPolicy(requiredString(request, 'policy_id'))),
    );

    router.post('/api/2.0/policies/clusters/create', (request) => ({
      policy_id: store.createPolicy(bodyObject(request)).policy_id,
    }));

    router.post('/api/2.0/policies/clusters/edit', (request) => {
      store.editPolicy(bodyObject(request));
      return {};
    });

    router.post('/api/2.0/policies/clusters/delete', (request) => {
      store.deletePolicy(requiredString(request, 'policy_id'));
      return {};
    });

    router.get('/api/2.0/policy-families', () => ({
      policy_families: Object.entries(POLICY_FAMILIES).map(([id, f]) => ({
        policy_family_id: id,
        name: f.name,
        description: f.name,
        definition: toJson(f.definition),
      })),
    }));

    router.get('/api/2.0/policy-families/:id', (request) => {
      const family = POLICY_FAMILIES[request.params.id];
      if (!family) throw ApiError.notFound(`Policy family ${request.params.id} does not exist.`);
      return {
        policy_family_id: request.params.id,
        name: family.name,
        description: family.name,
        definition: toJson(family.definition),
      };
    });
  },
};
