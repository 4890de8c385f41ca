/**
 * SLOWLOG GET [count] / LEN / RESET / HELP. Every shard keeps its own log (worker/slowlog.ts) with
 * ids from a process-wide counter; GET and LEN gather every shard's entries through the non-gated
 * mesh op 'srv.slowlog' and merge them by id, newest first, within slowlog-max-len, so the result
 * reads like one server's log. Runs on the connection's worker.
 */

import { register } from '../registry.ts';
import type { Reply } from '../../resp/reply.ts';
import { Err } from '../../errors.ts';
import { W } from '../../worker/state.ts';
import { registerOp } from '../../worker/mesh.ts';
import type { SlowLogEntry } from '../../worker/slowlog.ts';
import { parseInteger } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';

registerOp('srv.slowlog', {
  gated: false,
  run(shard, a: { op: 'get' | 'reset'; count: number }, respond) {
    if (a.op === 'reset') {
      shard.slowlog.reset();
      respond([]);
      return;
    }
    respond(shard.slowlog.entries.slice(0, a.count));
  },
});

/** The newest `count` entries of all shards, newest first. */
async function merged(count: number): Promise<SlowLogEntry[]> {
  const max = Math.min(count, W.config.int('slowlog-max-len'));
  const parts = await W.mesh.all<SlowLogEntry[]>('srv.slowlog', { op: 'get', count: max });
  const all = parts.flat();
  all.sort((a, b) => b.id - a.id);
  if (all.length > max) all.length = max;
  return all;
}

async function slowlogGet(argv: string[], out: Reply): Promise<void> {
  if (argv.length > 3) {
    out.error(Err.SUBCOMMAND_SYNTAX(argv[1], 'SLOWLOG'));
    return;
  }
  let count = 10;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]);
    if (n === undefined || n < -1) {
      out.error(Err.SLOWLOG_COUNT);
      return;
    }
    count = n === -1 ? Number.MAX_SAFE_INTEGER : n;
  }
  const entries = await merged(count);
  out.array(entries.length);
  for (const e of entries) {
    out.array(6);
    out.int(e.id);
    out.int(e.time);
    out.int(e.usec);
    out.bulks(e.argv);
    out.bulk(e.peer);
    out.bulk(e.name);
  }
}

const HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

register([
  serverDef('slowlog', {
    subcommands: [
      serverDef('slowlog|get', { internal: ['fanout'], conn: (_c, argv, out) => slowlogGet(argv, out) }),
      serverDef('slowlog|len', {
        internal: ['fanout'],
        async conn(_c, _a, out) {
          out.int((await merged(Number.MAX_SAFE_INTEGER)).length);
        },
      }),
      serverDef('slowlog|reset', {
        internal: ['fanout'],
        async conn(_c, _a, out) {
          await W.mesh.all('srv.slowlog', { op: 'reset', count: 0 });
          out.ok();
        },
      }),
      serverDef('slowlog|help', { conn: (_c, _a, out) => helpReply(out, HELP) }),
    ],
  }),
]);
