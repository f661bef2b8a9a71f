/**
 * A small Unity Catalog tree for the demo's primary workspace (Azure, region "east"): the workspace's
 * access connector as a storage credential, two external locations, a catalog rooted in the lake with a
 * schema, an external and a managed volume, a managed table (data to copy) and the grants analysts and
 * engineers work with. Its storage prefixes and connector are what the region mapping must name.
 */
import type { RegionMapping } from '../resources/unity-catalog-mapping.js';
import type { EmulatorState } from './apis/index.js';

export const SAMPLE_UC = {
  connector:
    '/subscriptions/0000/resourceGroups/contoso-east/providers/Microsoft.Databricks/accessConnectors/uc-east',
  lake: 'abfss://lake@contosoeast.dfs.core.windows.net/',
  landing: 'abfss://landing@contosoeast.dfs.core.windows.net/',
} as const;

export function seedSampleUnityCatalog(target: { state: EmulatorState }): void {
  const uc = target.state.unityCatalog;
  uc.create('storage_credential', {
    name: 'east_connector',
    comment: "The workspace's access connector",
    azure_managed_identity: { access_connector_id: SAMPLE_UC.connector },
  });
  uc.create('external_location', { name: 'lake', url: SAMPLE_UC.lake, credential_name: 'east_connector' });
  uc.create('external_location', {
    name: 'landing',
    url: SAMPLE_UC.landing,
    credential_name: 'east_connector',
    comment: 'Files the shop drops',
  });
  uc.create('catalog', {
    name: 'sales',
    comment: 'Orders and customers',
    storage_root: `${SAMPLE_UC.lake}sales`,
    properties: { team: 'data-eng' },
  });
  uc.update('catalog', 'sales', { owner: 'alice@contoso.com' });
  uc.create('schema', { name: 'orders', catalog_name: 'sales', comment: 'Cleaned orders' });
  uc.create('volume', {
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'raw_files',
    volume_type: 'EXTERNAL',
    storage_location: `${SAMPLE_UC.landing}orders`,
  });
  uc.create('volume', {
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'exports',
    volume_type: 'MANAGED',
  });
  uc.putTable({
    catalog_name: 'sales',
    schema_name: 'orders',
    name: 'daily',
    table_type: 'MANAGED',
    data_source_format: 'DELTA',
    columns: [
      { name: 'order_id', type_name: 'LONG', position: 0 },
      { name: 'amount', type_name: 'DECIMAL', position: 1 },
    ],
  });
  uc.updatePermissions('catalog', 'sales', [{ principal: 'analysts', add: ['USE_CATALOG'] }]);
  uc.updatePermissions('schema', 'sales.orders', [{ principal: 'analysts', add: ['USE_SCHEMA', 'SELECT'] }]);
  uc.updatePermissions('volume', 'sales.orders.raw_files', [
    { principal: 'bob@contoso.com', add: ['READ_VOLUME', 'WRITE_VOLUME'] },
  ]);
  uc.updatePermissions('external_location', 'landing', [
    { principal: 'bob@contoso.com', add: ['READ_FILES'] },
  ]);
}

/**
 * The operator's one-time step for the sample, as the demo and tests take it: the lake goes to the
 * secondary region's account, the landing zone is shared (geo-redundant), the connector is the region's.
 */
export function fillSampleMapping(mapping: RegionMapping): void {
  for (const key of mapping.storage.keys())
    if (key === SAMPLE_UC.lake)
      mapping.storage.set(key, SAMPLE_UC.lake.replace('contosoeast', 'contosowest'));
    else if (!mapping.storage.get(key)) mapping.storage.set(key, 'shared');
  for (const key of mapping.accessConnectors.keys())
    mapping.accessConnectors.set(key, key.replace(/east/g, 'west'));
}
