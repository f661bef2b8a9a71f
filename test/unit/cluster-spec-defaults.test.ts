/** The pure rules of src/resources/cluster-spec-defaults.ts as compute-common.ts applies them. */
import { describe, expect, it } from '@jest/globals';
import {
  dropPoolClusterFields,
  keepServerDefaults,
  stripRegionPinned,
} from '../../src/resources/compute-common.js';
import type { JsonObject } from '../../src/util/json.js';

describe('stripRegionPinned', () => {
  it('removes an AWS or GCP zone, keeps the values that name none, and drops an emptied block', () => {
    const aws: JsonObject = { aws_attributes: { zone_id: 'us-east-1c', availability: 'SPOT' } };
    expect(stripRegionPinned(aws)).toEqual(['aws_attributes.zone_id']);
    expect(aws).toEqual({ aws_attributes: { availability: 'SPOT' } });
    const only: JsonObject = { aws_attributes: { zone_id: 'us-east-1c' }, num_workers: 1 };
    stripRegionPinned(only);
    expect(only).toEqual({ num_workers: 1 });
    for (const zone_id of ['auto', 'AUTO']) {
      const kept: JsonObject = { aws_attributes: { zone_id } };
      expect(stripRegionPinned(kept)).toEqual([]);
    }
    const gcp: JsonObject = {
      gcp_attributes: { zone_id: 'us-central1-a', google_service_account: 'sa@p.iam' },
    };
    expect(stripRegionPinned(gcp)).toEqual(['gcp_attributes.zone_id']);
    expect(gcp).toEqual({ gcp_attributes: { google_service_account: 'sa@p.iam' } });
    for (const zone_id of ['HA', 'AUTO'])
      expect(stripRegionPinned({ gcp_attributes: { zone_id } })).toEqual([]);
    // Azure has no zone field.
    expect(stripRegionPinned({ azure_attributes: { availability: 'SPOT_AZURE' } })).toEqual([]);
  });
});

describe('keepServerDefaults', () => {
  it("takes what the file leaves out from the target, subfield by subfield; the file's values win", () => {
    expect(
      keepServerDefaults(
        { cluster_name: 'a', azure_attributes: { availability: 'SPOT_AZURE' } },
        {
          cluster_name: 'a',
          azure_attributes: { availability: 'ON_DEMAND_AZURE', first_on_demand: 1, spot_bid_max_price: -1 },
          enable_elastic_disk: true,
          data_security_mode: 'USER_ISOLATION',
          autotermination_minutes: 120,
        },
      ),
    ).toEqual({
      cluster_name: 'a',
      azure_attributes: { availability: 'SPOT_AZURE', first_on_demand: 1, spot_bid_max_price: -1 },
      enable_elastic_disk: true,
      data_security_mode: 'USER_ISOLATION',
    });
  });

  it('matches the newer data_security_mode names to the older ones the service answers, and nothing else', () => {
    const mode = (want: string, have: string) =>
      keepServerDefaults({ data_security_mode: want }, { data_security_mode: have }).data_security_mode;
    expect(mode('DATA_SECURITY_MODE_DEDICATED', 'SINGLE_USER')).toBe('SINGLE_USER');
    expect(mode('DATA_SECURITY_MODE_STANDARD', 'USER_ISOLATION')).toBe('USER_ISOLATION');
    expect(mode('DATA_SECURITY_MODE_AUTO', 'USER_ISOLATION')).toBe('USER_ISOLATION');
    expect(mode('DATA_SECURITY_MODE_DEDICATED', 'USER_ISOLATION')).toBe('DATA_SECURITY_MODE_DEDICATED');
    expect(mode('SINGLE_USER', 'USER_ISOLATION')).toBe('SINGLE_USER');
  });
});

describe('dropPoolClusterFields', () => {
  it('drops what the pool decides, keeping an instance profile or GCP service account; nothing without a pool', () => {
    const spec: JsonObject = {
      instance_pool_id: 'p',
      node_type_id: 'i3.xlarge',
      driver_node_type_id: 'i3.xlarge',
      enable_elastic_disk: true,
      aws_attributes: { availability: 'SPOT', instance_profile_arn: 'arn:aws:iam::1:instance-profile/x' },
      num_workers: 2,
    };
    dropPoolClusterFields(spec);
    expect(spec).toEqual({
      instance_pool_id: 'p',
      aws_attributes: { instance_profile_arn: 'arn:aws:iam::1:instance-profile/x' },
      num_workers: 2,
    });
    const gcp: JsonObject = {
      instance_pool_id: 'p',
      gcp_attributes: { zone_id: 'HA', google_service_account: 's' },
    };
    dropPoolClusterFields(gcp);
    expect(gcp.gcp_attributes).toEqual({ google_service_account: 's' });
    const noPool: JsonObject = { node_type_id: 'i3.xlarge', enable_elastic_disk: true };
    dropPoolClusterFields(noPool);
    expect(noPool).toEqual({ node_type_id: 'i3.xlarge', enable_elastic_disk: true });
  });
});
