/**
 * control/routes/operations.ts — DCS "Instance Management" operations: restart / soft restart /
 * flush in batches, password change and reset, status counts, statistics of running instances,
 * and master/standby switchover (answered DCS.4855 until ha instances exist).
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { dcs } from '../errors.ts';
import type { InstanceParams, ProjectParams } from '../schemas/common.ts';
import { instanceParams } from '../schemas/common.ts';
import {
  passwordSchema,
  resetSchema,
  statisticSchema,
  statusActionSchema,
  statusCountSchema,
  type PasswordBody,
  type ResetBody,
  type StatusActionBody,
  type StatusCountQuery,
} from '../schemas/operations.ts';
import type { InstanceRow } from '../db/repo.ts';
import { maxmemoryBytes } from '../catalogue/config-params.ts';

const COUNTED = [
  'paying_count', 'freezing_count', 'migrating_count', 'flushing_count', 'upgrading_count', 'restoring_count',
  'extending_count', 'creating_count', 'running_count', 'error_count', 'frozen_count', 'createfailed_count', 'restarting_count',
] as const;

function counts(insts: InstanceRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of COUNTED) out[k] = 0;
  for (const i of insts) {
    const key = `${i.status.toLowerCase()}_count`;
    if (key in out) out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export function registerOperations(app: FastifyInstance, ctx: Ctx): void {
  app.put('/v2/:project_id/instances/status', { schema: statusActionSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Body: StatusActionBody }>) => {
    return { results: ctx.ops.statusAction(req.params.project_id, req.body.instances, req.body.action) };
  });

  app.get('/v2/:project_id/instances/status', { schema: statusCountSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Querystring: StatusCountQuery }>) => {
    const insts = ctx.repo.listInstances({ project_id: req.params.project_id, include_failures: req.query.include_failure === 'true' });
    const redis = counts(insts);
    return { redis, memcached: counts([]), ...redis };
  });

  app.get('/v2/:project_id/instances/statistic', { schema: statisticSchema }, async (req: FastifyRequest<{ Params: ProjectParams }>) => {
    const insts = ctx.repo.listInstances({ project_id: req.params.project_id }).filter((i) => i.status === 'RUNNING');
    const MB = 1024 * 1024;
    return {
      statistics: insts.map((i) => {
        const stats = ctx.repo
          .nodesOf(i.id)
          .filter((n) => n.role === 'master')
          .map((n) => ctx.sup.statsOf(n.id))
          .filter((s) => s !== undefined);
        const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((a, s) => a + f(s), 0);
        return {
          instance_id: i.id,
          input_kbps: sum((s) => Number(s.input_kbps)).toFixed(2),
          output_kbps: sum((s) => Number(s.output_kbps)).toFixed(2),
          keys: sum((s) => s.keys),
          used_memory: Math.round(sum((s) => s.used_memory) / MB),
          max_memory: Math.floor(maxmemoryBytes(i) / MB),
          cmd_get_count: sum((s) => s.cmd_get),
          cmd_set_count: sum((s) => s.cmd_set),
          used_cpu: sum((s) => Number(s.used_cpu)).toFixed(2),
        };
      }),
    };
  });

  app.put('/v2/:project_id/instances/:instance_id/password', { schema: passwordSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Body: PasswordBody }>) => {
    return await ctx.ops.changePassword(req.params.project_id, req.params.instance_id, req.body.old_password, req.body.new_password);
  });

  app.post('/v2/:project_id/instances/:instance_id/password/reset', { schema: resetSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Body: ResetBody }>) => {
    const r = await ctx.ops.resetPassword(req.params.project_id, req.params.instance_id, req.body.new_password, req.body.no_password_access);
    return { lock_time: r.lock_time, lock_time_left: r.lock_time_left, retry_times_left: r.retry_times_left };
  });

  const swap = async (req: FastifyRequest<{ Params: InstanceParams }>) => {
    ctx.ops.instance(req.params.project_id, req.params.instance_id);
    // only master/standby instances can switch over, and they need the engine's replication
    throw dcs('SWAP_NOT_SUPPORTED');
  };
  app.post('/v2/:project_id/instances/:instance_id/swap', { schema: { params: instanceParams }, config: { optionalBody: true } }, swap);
  app.put('/v2/:project_id/instances/:instance_id/async-swap', { schema: { params: instanceParams }, config: { optionalBody: true } }, swap);
}
