/**
 * String commands. Values are latin1 strings, int-encoded numbers or RawStrings (see
 * keyspace/values.ts). Shard-side handlers; MGET/MSET also bring coordinators for keys on several
 * shards. Worker threads. HOT PATH: GET, SET.
 */

import { register } from './registry.ts';
import type { ExecCtx } from './types.ts';
import { Err } from '../errors.ts';
import { encodeString } from '../keyspace/values.ts';
import { readString, writeString, writeStringOrNil, parseExpireTime } from './util/keys.ts';
import { is } from './util/args.ts';
import { MultiShardRun } from '../worker/multishard.ts';
import { writeValue, type RespValue } from '../resp/collector.ts';

const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const EXPIRE = 16;

function setCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  let flags = 0;
  let expireAt = -1;
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i];
    const hasNext = i + 1 < argv.length;
    if (is(opt, 'NX') && !(flags & XX)) flags |= NX;
    else if (is(opt, 'XX') && !(flags & NX)) flags |= XX;
    else if (is(opt, 'GET')) flags |= GET;
    else if (is(opt, 'KEEPTTL') && !(flags & (EXPIRE | KEEPTTL))) flags |= KEEPTTL;
    else if (hasNext && !(flags & (EXPIRE | KEEPTTL)) && (is(opt, 'EX') || is(opt, 'PX') || is(opt, 'EXAT') || is(opt, 'PXAT'))) {
      const u = opt.toUpperCase();
      const t = parseExpireTime(argv[++i], u === 'EX' || u === 'EXAT', u === 'EX' || u === 'PX', ctx.now, 'set');
      if (typeof t === 'string') {
        out.error(t);
        return;
      }
      expireAt = t;
      flags |= EXPIRE;
    } else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const db = ctx.db;
  if (flags === 0) {
    db.set(key, encodeString(argv[2]));
    out.ok();
    return;
  }
  let old = null;
  if (flags & GET) {
    const o = readString(ctx, key);
    if (o === undefined) return; // WRONGTYPE
    old = o;
  }
  const exists = flags & GET ? old !== null : (flags & (NX | XX)) !== 0 && db.lookup(key, ctx.now) !== undefined;
  if ((flags & NX && exists) || (flags & XX && !exists)) {
    if (flags & GET) writeStringOrNil(out, old);
    else out.nil();
    return;
  }
  db.set(key, encodeString(argv[2]), (flags & KEEPTTL) !== 0);
  if (expireAt >= 0) db.setExpire(key, expireAt);
  if (flags & GET) writeStringOrNil(out, old);
  else out.ok();
}

/** Runs a per-shard sub-command for each group of keys and returns the parts by shard. */
async function perShard(
  run: MultiShardRun,
  argv: string[],
  firstArg: number,
  stride: number,
  name: string,
): Promise<{ groups: Map<number, number[]>; results: Map<number, RespValue> }> {
  const positions: number[] = [];
  for (let i = firstArg; i < argv.length; i += stride) positions.push(i);
  const groups = MultiShardRun.groupKeys(argv, positions);
  const results = new Map<number, RespValue>();
  await Promise.all(
    [...groups.entries()].map(async ([shard, pos]) => {
      const sub = [name];
      for (const p of pos) for (let k = 0; k < stride; k++) sub.push(argv[p + k]);
      results.set(shard, await run.call(shard, sub));
    }),
  );
  return { groups, results };
}

register([
  {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Get the value of a key',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    shard(ctx, argv) {
      const v = readString(ctx, argv[1]);
      if (v === null) ctx.out.nil();
      else if (v !== undefined) writeString(ctx.out, v);
    },
  },
  {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '1.0.0',
    summary: 'Set the string value of a key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
      {
        name: 'condition', type: 'oneof', optional: true, since: '2.6.12',
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      { name: 'get', token: 'GET', type: 'pure-token', optional: true, since: '6.2.0' },
      {
        name: 'expiration', type: 'oneof', optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
          { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
          { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
        ],
      },
    ],
    shard: setCommand,
  },
  {
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@read', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Get the values of all the given keys',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    args: [{ name: 'key', type: 'key', key_spec_index: 0, multiple: true }],
    shard(ctx, argv) {
      const out = ctx.out;
      out.array(argv.length - 1);
      for (let i = 1; i < argv.length; i++) {
        const v = ctx.db.lookup(argv[i], ctx.now);
        if (v === undefined) {
          ctx.shard.keyspaceMisses++;
          out.nil();
        } else {
          ctx.shard.keyspaceHits++;
          if (typeof v === 'string' || typeof v === 'number' || !('kind' in v)) writeString(out, v);
          else out.nil();
        }
      }
    },
    async multi(run, argv, out) {
      const { groups, results } = await perShard(run, argv, 1, 1, 'mget');
      const merged: RespValue[] = new Array(argv.length - 1);
      for (const [shard, pos] of groups) {
        const part = results.get(shard) as RespValue[];
        pos.forEach((p, i) => (merged[p - 1] = part[i]));
      }
      writeValue(out, merged);
    },
  },
  {
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    step: 2,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '1.0.1',
    summary: 'Set multiple keys to multiple values',
    complexity: 'O(N) where N is the number of keys to set.',
    args: [
      {
        name: 'data', type: 'block', multiple: true,
        arguments: [
          { name: 'key', type: 'key', key_spec_index: 0 },
          { name: 'value', type: 'string' },
        ],
      },
    ],
    shard(ctx, argv) {
      if (argv.length % 2 === 0) {
        ctx.out.error(Err.WRONG_ARGS('mset'));
        return;
      }
      for (let i = 1; i < argv.length; i += 2) ctx.db.set(argv[i], encodeString(argv[i + 1]));
      ctx.out.ok();
    },
    async multi(run, argv, out) {
      if (argv.length % 2 === 0) {
        out.error(Err.WRONG_ARGS('mset'));
        return;
      }
      await perShard(run, argv, 1, 2, 'mset');
      out.ok();
    },
  },
]);
