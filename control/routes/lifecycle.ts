/**
 * control/routes/lifecycle.ts — DCS "Lifecycle Management": create (batches of instance_num), list
 * (filters, pagination), get, modify, delete, batch delete, resize.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import type { InstanceParams, ProjectParams } from '../schemas/common.ts';
import {
  batchDeleteSchema,
  createSchema,
  deleteSchema,
  getSchema,
  listSchema,
  modifySchema,
  resizeSchema,
  type BatchDeleteBody,
  type CreateBody,
  type ListQuery,
  type ModifyBody,
  type ResizeBody,
} from '../schemas/lifecycle.ts';
import { gbToMb } from '../catalogue/flavors.ts';
import { instanceDetail, instanceListItem } from '../views.ts';
import type { Tag } from '../db/repo.ts';
import { page } from '../util.ts';

function parseTags(s: string): Tag[] {
  const out: Tag[] = [];
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const i = part.indexOf('=');
    out.push(i < 0 ? { key: part.trim(), value: '' } : { key: part.slice(0, i).trim(), value: part.slice(i + 1).trim() });
  }
  return out;
}

export function registerLifecycle(app: FastifyInstance, ctx: Ctx): void {
  app.post('/v2/:project_id/instances', { schema: createSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Body: CreateBody }>) => {
    const instances = await ctx.ops.create(req.params.project_id, req.body);
    return { instances };
  });

  app.get('/v2/:project_id/instances', { schema: listSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Querystring: ListQuery }>) => {
    const q = req.query;
    let port: number | null | undefined;
    if (q.ip !== undefined && q.ip !== '') {
      const m = /^(.*?)(?::(\d{1,5}))?$/.exec(q.ip);
      const host = m?.[1] ?? '';
      if (host !== '' && host !== ctx.view.host && host !== 'localhost') return { instance_num: 0, instances: [] };
      port = m?.[2] === undefined ? null : Number(m[2]);
    }
    const rows = ctx.repo.listInstances({
      project_id: req.params.project_id,
      instance_id: q.instance_id ?? q.id,
      name: q.name,
      name_equal: q.name_equal === 'true',
      status: q.status,
      include_failures: q.include_failures === 'true' || q.include_failure === 'true',
      include_delete: q.include_delete === 'true',
      ip_port: port,
      capacity_mb: q.capacity === undefined ? undefined : gbToMb(Number(q.capacity)),
      tags: q.tags === undefined ? undefined : parseTags(q.tags),
    });
    return {
      instance_num: rows.length,
      instances: page(rows, q.offset, q.limit).map((i) => instanceListItem(i, ctx.repo.nodesOf(i.id), ctx.view)),
    };
  });

  app.delete(
    '/v2/:project_id/instances',
    { schema: batchDeleteSchema, config: { optionalBody: true } },
    async (req: FastifyRequest<{ Params: ProjectParams; Querystring: { all_failure?: boolean }; Body: BatchDeleteBody }>) => {
      const results = await ctx.ops.deleteMany(req.params.project_id, req.body.instances, req.query.all_failure === true);
      return { results };
    },
  );

  app.get('/v2/:project_id/instances/:instance_id', { schema: getSchema }, async (req: FastifyRequest<{ Params: InstanceParams }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    return instanceDetail(inst, ctx.repo.nodesOf(inst.id), ctx.view);
  });

  const modify = async (req: FastifyRequest<{ Params: InstanceParams; Body: ModifyBody }>, reply: FastifyReply) => {
    ctx.ops.modify(req.params.project_id, req.params.instance_id, req.body);
    return reply.code(204).send();
  };
  app.put('/v2/:project_id/instances/:instance_id', { schema: modifySchema, config: { optionalBody: true } }, modify);
  // the reference's own example uses the singular path
  app.put('/v2/:project_id/instance/:instance_id', { schema: modifySchema, config: { optionalBody: true } }, modify);

  app.delete('/v2/:project_id/instances/:instance_id', { schema: deleteSchema }, async (req: FastifyRequest<{ Params: InstanceParams }>, reply) => {
    await ctx.ops.delete(req.params.project_id, req.params.instance_id);
    return reply.code(204).send();
  });

  app.post('/v2/:project_id/instances/:instance_id/resize', { schema: resizeSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Body: ResizeBody }>, reply) => {
    // execute_immediately=false (apply in the maintenance window) is applied at once too (documented)
    ctx.ops.resize(req.params.project_id, req.params.instance_id, req.body);
    return reply.code(204).send();
  });

}
