/**
 * Groups API 2.0 (`/api/2.0/groups/*`), the legacy group API the legacy databricks-cli's `groups` commands
 * call (github databricks/databricks-cli, databricks_cli/sdk/service.py GroupsService). It is a view of the
 * SCIM store: the same groups and members. Answer shapes are those its tests record
 * (tests/groups/test_cli.py: `{"group_names": [...]}`, `{"members": [{"user_name": ...}]}`); the error
 * codes of its failures are not recorded anywhere we found (UNVERIFIED): the usual ones are answered.
 */
import { ApiError } from '../errors.js';
import { optionalString, requiredString } from '../params.js';
import type { EmulatorRequest } from '../router.js';
import type { CreatorStores } from './scim.js';
import type { ApiModule } from './module.js';
import { syncCreators, type ScimGroup } from './scim.js';

function group(state: CreatorStores, name: string): ScimGroup {
  const found = state.scim.groupByName(name);
  if (!found) throw ApiError.notFound(`Group ${name} does not exist.`);
  return found;
}

/** The principal named by `user_name` or `group_name` (exactly one), as a SCIM id. */
function principal(state: CreatorStores, request: EmulatorRequest): string {
  const userName = optionalString(request, 'user_name');
  const groupName = optionalString(request, 'group_name');
  if ((userName === undefined) === (groupName === undefined))
    throw ApiError.invalidParameter('Exactly one of user_name and group_name must be given.');
  if (groupName !== undefined) return group(state, groupName).id;
  const user = state.scim.userByName(userName as string);
  if (!user) throw ApiError.notFound(`User ${userName} does not exist.`);
  return user.id;
}

export const groupsApi: ApiModule<CreatorStores> = {
  name: 'groups',
  register(router, state) {
    const base = '/api/2.0/groups';
    router.post(`${base}/create`, (request) => {
      const name = requiredString(request, 'group_name');
      if (state.scim.groupByName(name)) throw ApiError.alreadyExists(`Group ${name} already exists.`);
      state.scim.createGroup({ displayName: name });
      return { group_name: name };
    });
    router.get(`${base}/list`, () => {
      syncCreators(state);
      return { group_names: [...state.scim.groups.values()].map((g) => g.displayName).sort() };
    });
    router.get(`${base}/list-members`, (request) => {
      syncCreators(state);
      const { scim } = state;
      const members = scim.membersOf(group(state, requiredString(request, 'group_name'))).map((id) => {
        const user = scim.users.get(id);
        if (user) return { user_name: user.userName };
        const sp = scim.servicePrincipals.get(id);
        if (sp) return { user_name: sp.applicationId };
        return { group_name: (scim.groups.get(id) as ScimGroup).displayName };
      });
      return { members };
    });
    router.get(`${base}/list-parents`, (request) => {
      syncCreators(state);
      const id = principal(state, request);
      return {
        group_names: state.scim
          .groupsOf(id)
          .map((g) => g.displayName)
          .sort(),
      };
    });
    router.post(`${base}/add-member`, (request) => {
      const parent = group(state, requiredString(request, 'parent_name'));
      state.scim.addMember(parent, principal(state, request));
      return {};
    });
    router.post(`${base}/remove-member`, (request) => {
      const parent = group(state, requiredString(request, 'parent_name'));
      state.scim.removeMember(parent, principal(state, request));
      return {};
    });
    router.post(`${base}/delete`, (request) => {
      state.scim.delete('Groups', group(state, requiredString(request, 'group_name')).id);
      return {};
    });
  },
};
