/**
 * control/routes/configs.ts — DCS "Parameter Management": GET / PUT the instance's configuration
 * parameters, mapped onto the engine's CONFIG (control/catalogue/config-params.ts).
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import type { InstanceParams } from '../schemas/common.ts';
import { getConfigsSchema, putConfigsSchema, type PutConfigsBody } from '../schemas/configs.ts';
import { effectiveParams, paramsFor, rangeOf } from '../catalogue/config-params.ts';
import { iso } from '../util.ts';

export function registerConfigs(app: FastifyInstance, ctx: Ctx): void {
  app.get('/v2/:project_id/instances/:instance_id/configs', { schema: getConfigsSchema }, async (req: FastifyRequest<{ Params: InstanceParams }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const values = effectiveParams(inst);
    return {
      config_time: iso(inst.config_time ?? inst.created_at),
      instance_id: inst.id,
      redis_config: paramsFor(inst.cache_mode).map((p) => ({
        param_id: p.id,
        param_name: p.name,
        param_value: values[p.name] ?? p.default,
        default_value: p.default,
        value_type: p.type,
        value_range: rangeOf(p, inst),
        description: p.description,
      })),
      config_status: inst.config_status,
      status: inst.status,
    };
  });

  app.put(
    '/v2/:project_id/instances/:instance_id/configs',
    { schema: putConfigsSchema, config: { optionalBody: true } },
    async (req: FastifyRequest<{ Params: InstanceParams; Body: PutConfigsBody }>, reply) => {
      await ctx.ops.updateConfigs(req.params.project_id, req.params.instance_id, req.body.redis_config ?? []);
      return reply.code(204).send();
    },
  );
}
