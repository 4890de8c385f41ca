/**
 * control/routes/catalogue.ts — DCS "Other APIs" that describe the offer: flavors (spec codes),
 * available zones, maintenance windows and quotas.
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import type { ProjectParams } from '../schemas/common.ts';
import { flavorsSchema, quotaSchema, type FlavorsQuery } from '../schemas/catalogue.ts';
import { ENGINE_VERSIONS, FLAVORS, gbToMb, mbToGbText, type Flavor } from '../catalogue/flavors.ts';
import { MAINTAIN_WINDOWS, REGION_ID, ZONES } from '../catalogue/zones.ts';
import type { Json } from '../db/repo.ts';

function flavorView(f: Flavor): { [k: string]: Json } {
  const cap = mbToGbText(f.capacity_mb);
  const attr = (name: string, value: string | number) => ({ capacity: cap, name, value: String(value) });
  return {
    spec_code: f.spec_code,
    cloud_service_type_code: 'hws.service.type.dcs',
    cloud_resource_type_code: 'hws.resource.type.dcs3',
    cache_mode: f.cache_mode,
    engine: 'redis',
    engine_version: ENGINE_VERSIONS.join(';'),
    product_type: 'generic',
    cpu_type: f.cpu_type,
    storage_type: 'DRAM',
    capacity: [cap],
    billing_mode: ['Hourly'],
    tenant_ip_count: f.tenant_ip_count,
    pricing_type: 'normal',
    is_dec: false,
    attrs: [
      attr('max_memory', cap),
      attr('max_connections', f.max_connections),
      attr('sharding_num', f.sharding_num),
      attr('proxy_num', f.proxy_num),
      attr('db_number', 16),
      attr('max_clients', f.max_clients),
      attr('max_bandwidth', f.max_bandwidth),
      attr('max_in_bandwidth', f.max_bandwidth),
    ],
    flavors_available_zones: [{ capacity: cap, unit: 'GB', available_zones: ZONES.map((z) => z.id), az_codes: ZONES.map((z) => z.code) }],
    replica_count: f.replica_count,
    inquiry_spec_code: f.spec_code,
  };
}

export function registerCatalogue(app: FastifyInstance, ctx: Ctx): void {
  app.get('/v2/:project_id/flavors', { schema: flavorsSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Querystring: FlavorsQuery }>) => {
    const q = req.query;
    const flavors = FLAVORS.filter(
      (f) =>
        (q.spec_code === undefined || q.spec_code === f.spec_code) &&
        (q.cache_mode === undefined || q.cache_mode === f.cache_mode) &&
        (q.engine === undefined || q.engine.toLowerCase() === 'redis') &&
        (q.engine_version === undefined || ENGINE_VERSIONS.includes(q.engine_version)) &&
        (q.cpu_type === undefined || q.cpu_type === f.cpu_type) &&
        (q.capacity === undefined || gbToMb(Number(q.capacity)) === f.capacity_mb),
    );
    return { flavors: flavors.map(flavorView) };
  });

  app.get('/v2/available-zones', async () => ({ region_id: REGION_ID, available_zones: ZONES }));

  app.get('/v2/instances/maintain-windows', async () => ({ maintain_windows: MAINTAIN_WINDOWS }));

  app.get('/v2/:project_id/quota', { schema: quotaSchema }, async (req: FastifyRequest<{ Params: ProjectParams }>) => {
    const use = ctx.repo.usage(req.params.project_id);
    return {
      quotas: {
        resources: [
          { type: 'instance', quota: ctx.opts.quotaInstances, used: use.instances, min: 1, max: ctx.opts.quotaInstances },
          { type: 'ram', unit: 'GB', quota: ctx.opts.quotaRamGb, used: Math.ceil(use.mb / 1024), min: 1, max: ctx.opts.quotaRamGb },
        ],
      },
    };
  });
}
