import type { EmulatorState } from './apis/index.js';

/** A fixed application id, so the sample is the same on every run. */
export const SAMPLE_SP_APPLICATION_ID = '7f3c2a1e-5b4d-4c6e-9a8f-0d1e2f3a4b5c';

/**
 * Access and the rest of the sample primary: a group with members, a service principal, a secret scope
 * with keys and an ACL, a global init script, a legacy DBFS init script, and direct grants on a folder and
 * a notebook. Runs after the workspace and compute seeds (it grants on their objects).
 */
export function seedSampleAccess(target: { state: EmulatorState }): void {
  const { scim, secrets, globalInitScripts, dbfs, permissions, workspace } = target.state;
  const user = (userName: string) => scim.userByName(userName) ?? scim.createUser({ userName }, true);
  const alice = user('alice@contoso.com');
  const bob = user('bob@contoso.com');
  const chloe = user('chloé.martin@contoso.com');
  scim.createServicePrincipal({ applicationId: SAMPLE_SP_APPLICATION_ID, displayName: 'dr-automation' });
  scim.createGroup({
    displayName: 'data-engineers',
    members: [alice.id, bob.id],
    entitlements: ['allow-cluster-create'],
  });
  scim.createGroup({ displayName: 'analysts', members: [chloe.id], entitlements: ['databricks-sql-access'] });

  secrets.createScope('etl');
  secrets.put('etl', 'storage-account-key', 'sample-value-not-exported-1');
  secrets.put('etl', 'jdbc-password', 'sample-value-not-exported-2');
  secrets.setAcl('etl', 'data-engineers', 'READ');

  globalInitScripts.create({
    name: 'install-monitoring-agent',
    script: Buffer.from('#!/bin/bash\nset -euo pipefail\necho "installing the monitoring agent"\n'),
    enabled: true,
  });
  dbfs.write(
    '/databricks/init/legacy-proxy.sh',
    Buffer.from('#!/bin/bash\nexport HTTPS_PROXY=http://proxy.contoso.internal:3128\n'),
  );

  const grant = (
    type: string,
    objectId: number | bigint | undefined,
    field: 'user_name' | 'group_name',
    name: string,
    level: string,
  ) => {
    if (objectId === undefined) return;
    const acl = permissions.direct(type, String(objectId), () => []);
    acl.set(`${field}:${field === 'user_name' ? name.toLowerCase() : name}`, { field, name, level });
  };
  grant(
    'directories',
    workspace.get('/Shared/Onboarding')?.object_id,
    'group_name',
    'data-engineers',
    'CAN_RUN',
  );
  grant('directories', workspace.get('/Shared/Onboarding')?.object_id, 'group_name', 'analysts', 'CAN_READ');
  grant(
    'notebooks',
    workspace.get('/Users/alice@contoso.com/ETL/01_ingest_orders')?.object_id,
    'user_name',
    'bob@contoso.com',
    'CAN_EDIT',
  );
}
