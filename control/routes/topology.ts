/**
 * control/routes/topology.ts — DCS "Shards and Replicas": shard groups of an instance, its logical
 * nodes, and the nodes of all instances in batches.
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import type { InstanceParams, Paging, ProjectParams } from '../schemas/common.ts';
import { batchNodesSchema, groupsSchema, logicalNodesSchema } from '../schemas/topology.ts';
import { nodeInfo, replicationInfo } from '../views.ts';
import type { InstanceRow } from '../db/repo.ts';
import { page } from '../util.ts';

export function registerTopology(app: FastifyInstance, ctx: Ctx): void {
  const groups = async (req: FastifyRequest<{ Params: InstanceParams }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const nodes = ctx.repo.nodesOf(inst.id).filter((n) => n.role !== 'proxy');
    const byGroup = new Map<string, typeof nodes>();
    for (const n of nodes) byGroup.set(n.group_id, [...(byGroup.get(n.group_id) ?? []), n]);
    const group_list = [...byGroup.entries()].map(([id, ns]) => ({
      group_id: id,
      group_name: ns[0]?.group_name ?? '',
      slot_range: ns[0]?.slot_start === null || ns[0] === undefined ? null : `${ns[0].slot_start}-${ns[0].slot_end ?? 16383}`,
      replication_list: ns.map((n) => replicationInfo(inst, n, ctx.view)),
    }));
    return { group_list, group_count: group_list.length };
  };
  app.get('/v2/:project_id/instance/:instance_id/groups', { schema: groupsSchema }, groups);
  app.get('/v2/:project_id/instances/:instance_id/groups', { schema: groupsSchema }, groups);

  const nodesOf = (inst: InstanceRow) => (inst.status === 'CREATING' ? [] : ctx.repo.nodesOf(inst.id).map((n) => nodeInfo(inst, n, ctx.view)));

  app.get('/v2/:project_id/instances/:instance_id/logical-nodes', { schema: logicalNodesSchema }, async (req: FastifyRequest<{ Params: InstanceParams }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const nodes = nodesOf(inst);
    return { instance_id: inst.id, total: nodes.length, nodes };
  });

  app.get('/v2/:project_id/instances-logical-nodes', { schema: batchNodesSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Querystring: Paging }>) => {
    const insts = ctx.repo.listInstances({ project_id: req.params.project_id });
    return {
      count: insts.length,
      instances: page(insts, req.query.offset, req.query.limit).map((i) => {
        const nodes = nodesOf(i);
        return { instance_id: i.id, node_count: nodes.length, nodes };
      }),
    };
  });
}
