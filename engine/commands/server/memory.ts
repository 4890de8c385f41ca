/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.
 *
 * MEMORY USAGE runs on the shard that owns the key (a shard handler: its key is argv[2]) and
 * estimates the bytes of the value (values.ts valueMemory), the key and the table entry. The
 * numbers are this engine's estimates, not Redis's allocator sizes. MEMORY STATS and DOCTOR
 * gather every worker's heap and key counts through the 'srv.info' mesh op.
 * Runs on worker threads.
 */

import { register } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import { Err } from '../../errors.ts';
import { W } from '../../worker/state.ts';
import { valueMemory } from '../../keyspace/values.ts';
import { parseInteger, is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';
import type { WorkerInfo } from './info.ts';

/** Bytes of a table entry (key pointer, value pointer, next) and of a key's string header. */
const ENTRY_OVERHEAD = 24;

function keyBytes(key: string): number {
  return (key.length + 4 + 7) & ~7;
}

const usageDef = serverDef('memory|usage');
usageDef.shard = (ctx, argv) => {
  const out = ctx.out;
  for (let j = 3; j < argv.length; j++) {
    if (is(argv[j], 'SAMPLES') && j + 1 < argv.length) {
      const n = parseInteger(argv[j + 1]);
      if (n === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      if (n < 0) {
        out.error(Err.SYNTAX);
        return;
      }
      j++;
    } else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  const v = ctx.db.lookup(argv[2], ctx.now);
  if (v === undefined) {
    out.nil();
    return;
  }
  out.int(valueMemory(v) + keyBytes(argv[2]) + ENTRY_OVERHEAD);
};

async function gather(): Promise<WorkerInfo[]> {
  return W.mesh.all<WorkerInfo>('srv.info', ['memory', 'keyspace']);
}

async function memoryStats(out: Reply): Promise<void> {
  const all = await gather();
  let used = 0;
  let peak = 0;
  let startup = 0;
  let active = 0;
  let keys = 0;
  const dbs = new Map<number, [number, number]>();
  for (const w of all) {
    used += w.memoryUsed;
    peak += w.memoryPeak;
    startup += w.memoryStartup;
    active += w.heapTotal;
    for (const [db, k, e] of w.keyspace) {
      keys += k;
      const d = dbs.get(db) ?? [0, 0];
      d[0] += k;
      d[1] += e;
      dbs.set(db, d);
    }
  }
  peak = Math.max(peak, used);
  const rss = process.memoryUsage.rss();
  const overhead = Math.min(used, startup);
  const dataset = Math.max(0, used - overhead);
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const dbList = [...dbs.keys()].sort((a, b) => a - b);
  out.map(27 + dbList.length);
  const pair = (k: string, v: number, dbl = false): void => {
    out.bulk(k);
    if (dbl) out.double(v);
    else out.int(Math.round(v));
  };
  pair('peak.allocated', peak);
  pair('total.allocated', used);
  pair('startup.allocated', startup);
  pair('replication.backlog', 0);
  pair('clients.slaves', 0);
  pair('clients.normal', 0);
  pair('cluster.links', 0);
  pair('aof.buffer', 0);
  pair('lua.caches', 0);
  pair('functions.caches', 0);
  for (const db of dbList) {
    const [k, e] = dbs.get(db)!;
    out.bulk(`db.${db}`);
    out.map(3);
    pair('overhead.hashtable.main', k * ENTRY_OVERHEAD);
    pair('overhead.hashtable.expires', e * ENTRY_OVERHEAD);
    pair('overhead.hashtable.slot-to-keys', 0);
  }
  pair('overhead.total', overhead);
  pair('keys.count', keys);
  pair('keys.bytes-per-key', keys === 0 ? 0 : Math.floor(dataset / keys));
  pair('dataset.bytes', dataset);
  pair('dataset.percentage', ratio(dataset, used) * 100, true);
  pair('peak.percentage', ratio(used, peak) * 100, true);
  pair('allocator.allocated', used);
  pair('allocator.active', active);
  pair('allocator.resident', rss);
  pair('allocator-fragmentation.ratio', ratio(active, used), true);
  pair('allocator-fragmentation.bytes', active - used);
  pair('allocator-rss.ratio', ratio(rss, active), true);
  pair('allocator-rss.bytes', rss - active);
  pair('rss-overhead.ratio', 1, true);
  pair('rss-overhead.bytes', 0);
  pair('fragmentation', ratio(rss, used), true);
  pair('fragmentation.bytes', rss - used);
}

const EMPTY_DOCTOR =
  "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
const HEALTHY_DOCTOR = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";

async function memoryDoctor(out: Reply): Promise<void> {
  const all = await gather();
  let keys = 0;
  for (const w of all) for (const [, k] of w.keyspace) keys += k;
  out.verbatim(keys === 0 ? EMPTY_DOCTOR : HEALTHY_DOCTOR);
}

const HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

register([
  serverDef('memory', {
    subcommands: [
      usageDef,
      serverDef('memory|stats', { internal: ['fanout'], conn: (_c, _a, out) => memoryStats(out) }),
      serverDef('memory|doctor', { internal: ['fanout'], conn: (_c, _a, out) => memoryDoctor(out) }),
      serverDef('memory|malloc-stats', { conn: (_c, _a, out) => out.bulk('Stats not supported for the current allocator') }),
      serverDef('memory|purge', { conn: (_c, _a, out) => out.ok() }),
      serverDef('memory|help', { conn: (_c, _a, out) => helpReply(out, HELP) }),
    ],
  }),
]);
