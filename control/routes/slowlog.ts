/**
 * control/routes/slowlog.ts — DCS "Log Management": the slow log, read from the engines' SLOWLOG
 * (threshold: the instance's slowlog-log-slower-than parameter, in microseconds).
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { dcs } from '../errors.ts';
import type { InstanceParams } from '../schemas/common.ts';
import { slowlogSchema, type SlowlogQuery } from '../schemas/slowlog.ts';
import { RespError, type Reply } from '../supervisor/resp.ts';
import { isoSeconds, page } from '../util.ts';

interface Entry {
  id: number;
  command: string;
  start_ms: number;
  duration_us: number;
  shard_name: string | null;
}

function num(r: Reply | undefined): number {
  return typeof r === 'number' ? r : typeof r === 'string' ? Number(r) : 0;
}

export function registerSlowlog(app: FastifyInstance, ctx: Ctx): void {
  app.get('/v2/:project_id/instances/:instance_id/slowlog', { schema: slowlogSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Querystring: SlowlogQuery }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const q = req.query;
    const from = Number(q.start_time);
    const to = Number(q.end_time);
    if (to < from) throw dcs('END_BEFORE_START');
    const entries: Entry[] = [];
    const masters = ctx.repo.nodesOf(inst.id).filter((n) => n.role === 'master');
    for (const n of masters) {
      if (!ctx.sup.isRunning(n.id)) continue;
      let r: Reply;
      try {
        r = await ctx.sup.call(inst, n, 'SLOWLOG', 'GET', '1000');
      } catch {
        continue;
      }
      if (r instanceof RespError || !Array.isArray(r)) continue;
      for (const e of r) {
        if (!Array.isArray(e)) continue;
        const args = Array.isArray(e[3]) ? e[3].filter((a): a is string => typeof a === 'string') : [];
        entries.push({
          id: num(e[0]),
          start_ms: num(e[1]) * 1000,
          duration_us: num(e[2]),
          command: args.join(' ').slice(0, 1024),
          shard_name: inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy' ? n.group_name : null,
        });
      }
    }
    const hits = entries.filter((e) => e.start_ms >= from - 999 && e.start_ms <= to);
    const key = q.sort_key === 'duration' ? (e: Entry) => e.duration_us : (e: Entry) => e.start_ms * 1e6 + e.id;
    hits.sort((a, b) => (q.sort_dir === 'asc' ? key(a) - key(b) : key(b) - key(a)));
    const slowlogs = page(hits, q.offset, q.limit).map((e) => ({
      id: e.id,
      command: e.command,
      start_time: isoSeconds(e.start_ms),
      duration: String(Math.round(e.duration_us / 1000)),
      duration_us: e.duration_us,
      shard_name: e.shard_name,
      database_id: 0,
      username: 'default',
    }));
    return { total_num: hits.length, count: slowlogs.length, slowlogs };
  });
}
