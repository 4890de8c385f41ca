/**
 * Hash commands: HSET HMSET HGET HDEL HLEN HEXISTS HGETALL HKEYS HVALS HMGET HINCRBY
 * HINCRBYFLOAT HSETNX, with Redis 7.0's replies (RESP3 map for HGETALL) and argument-check order.
 * Values are Hash (keyspace/hash.ts); a hash that becomes empty is deleted, every in-place change
 * is signalled to the database. Shard-side handlers on the key's worker. HOT PATH: HSET.
 *
 * HINCRBYFLOAT computes in x87 80-bit long double, as Redis does on x86-64 (strtold, a 64-bit
 * significand, printf "%.17Lf" with trailing zeros removed), through the exact emulation in
 * util/str-float.ts that INCRBYFLOAT uses too (0.1 + 0.2 = "0.3", 1e308 + 1e308 in full).
 */

import { cached } from './util/config-cache.ts';
import { register } from './registry.ts';
import type { CommandDef, ExecCtx } from './types.ts';
import type { Reply } from '../resp/reply.ts';
import { Err } from '../errors.ts';
import { Kind } from '../keyspace/values.ts';
import { Hash } from '../keyspace/hash.ts';
import { readCollection } from './util/keys.ts';
import { parseInteger, parseLongLong } from './util/args.ts';
import { ValueCollector } from '../resp/collector.ts';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from './util/str-float.ts';
import { W } from '../worker/state.ts';

// ---------------------------------------------------------------------------------------------
// helpers

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

/** Parses a long long as Redis's string2ll: a number when exact in a double, else a bigint. */
function parseLL(s: string): number | bigint | undefined {
  const n = parseInteger(s);
  if (n !== undefined) return n;
  return parseLongLong(s);
}

/** Writes a 64-bit integer reply exactly (Reply.int takes doubles). */
export function writeLongLong(out: Reply, v: bigint): void {
  const n = Number(v);
  if (Number.isSafeInteger(n) || out instanceof ValueCollector) out.int(n);
  else out.raw(Buffer.from(`:${v}\r\n`, 'latin1'));
}

/**
 * The hash-max-listpack-* thresholds, cached from the worker's configuration and re-read after
 * any change to it (CONFIG SET reaches every worker's copy, whose listeners run), so the hot
 * path does not look them up by name on every call.
 */
let maxEntries = 0;
let maxValue = 0;
const loadLimits = cached((c) => {
  maxEntries = c.int('hash-max-listpack-entries');
  maxValue = c.int('hash-max-listpack-value');
});

/** Reads a hash for writing (no keyspace stats): the hash, null when absent, undefined after WRONGTYPE. */
function writeHash(ctx: ExecCtx, key: string): Hash | null | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) return null;
  if (!(v instanceof Hash)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

/** The hash at key for writing, created (and stored) when absent; undefined after WRONGTYPE. */
function writeOrCreate(ctx: ExecCtx, key: string): Hash | undefined {
  const h = writeHash(ctx, key);
  if (h === undefined) return undefined;
  if (h !== null) {
    ctx.db.signalModified(key);
    return h;
  }
  const n = new Hash();
  ctx.db.set(key, n);
  return n;
}

function hset(ctx: ExecCtx, argv: string[], okReply: boolean): void {
  if (argv.length % 2 === 1) {
    ctx.out.error(Err.WRONG_ARGS(okReply ? 'hmset' : 'hset'));
    return;
  }
  const h = writeOrCreate(ctx, argv[1]);
  if (h === undefined) return;
  loadLimits();
  if (h.listpack) for (let i = 2; i < argv.length; i++) h.convertIfLong(argv[i], maxValue);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1], maxEntries, maxValue)) created++;
  if (okReply) ctx.out.ok();
  else ctx.out.int(created);
}

function hsetnx(ctx: ExecCtx, argv: string[]): void {
  const h = writeHash(ctx, argv[1]);
  if (h === undefined) return;
  if (h !== null && h.has(argv[2])) {
    ctx.out.int(0);
    return;
  }
  loadLimits();
  const t = h ?? new Hash();
  t.set(argv[2], argv[3], maxEntries, maxValue);
  if (h === null) ctx.db.set(argv[1], t);
  else ctx.db.signalModified(argv[1]);
  ctx.out.int(1);
}

function hdel(ctx: ExecCtx, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(ctx, key);
  if (h === undefined) return;
  if (h === null) {
    ctx.out.int(0);
    return;
  }
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) {
      deleted++;
      if (h.size === 0) break;
    }
  }
  if (h.size === 0) ctx.db.delete(key);
  else if (deleted > 0) ctx.db.signalModified(key);
  ctx.out.int(deleted);
}

function hincrby(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const incr = parseLL(argv[3]);
  if (incr === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  const key = argv[1];
  const h = writeHash(ctx, key);
  if (h === undefined) return;
  let cur: number | bigint = 0;
  if (h !== null) {
    const old = h.get(argv[2]);
    if (old !== undefined) {
      const p = parseLL(old);
      if (p === undefined) {
        out.error(Err.HASH_NOT_INTEGER);
        return;
      }
      cur = p;
    }
  }
  let text: string;
  let big: bigint | null = null;
  let small = 0;
  if (typeof cur === 'number' && typeof incr === 'number' && Number.isSafeInteger(cur + incr)) {
    small = cur + incr;
    text = String(small);
  } else {
    const sum = BigInt(cur) + BigInt(incr);
    if (sum > LLONG_MAX || sum < LLONG_MIN) {
      out.error(Err.OVERFLOW);
      return;
    }
    big = sum;
    text = sum.toString();
  }
  loadLimits();
  const t = h ?? new Hash();
  t.set(argv[2], text, maxEntries, maxValue);
  if (h === null) ctx.db.set(key, t);
  else ctx.db.signalModified(key);
  if (big === null) out.int(small);
  else writeLongLong(out, big);
}

const ZERO_LD: LongDouble = { neg: false, m: 0n, e: 0, inf: false };

function hincrbyfloat(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const incr = parseLongDouble(argv[3]);
  if (incr === undefined) {
    out.error(Err.NOT_FLOAT);
    return;
  }
  if (incr.inf) {
    out.error(Err.NAN_OR_INFINITY);
    return;
  }
  const key = argv[1];
  const h = writeHash(ctx, key);
  if (h === undefined) return;
  let cur = ZERO_LD;
  if (h !== null) {
    const old = h.get(argv[2]);
    if (old !== undefined) {
      const p = parseLongDouble(old);
      if (p === undefined) {
        out.error(Err.HASH_NOT_FLOAT);
        return;
      }
      cur = p;
    }
  }
  // an infinite operand or sum (inf + -inf too) is refused
  const sum = addLongDouble(cur, incr);
  if (sum.inf) {
    out.error(Err.INCR_NAN);
    return;
  }
  const text = formatLongDouble(sum);
  loadLimits();
  const t = h ?? new Hash();
  t.set(argv[2], text, maxEntries, maxValue);
  if (h === null) ctx.db.set(key, t);
  else ctx.db.signalModified(key);
  out.bulk(text);
}

function readHash(ctx: ExecCtx, key: string): Hash | null | undefined {
  return readCollection<Hash>(ctx, key, Kind.Hash);
}

const SPEC = {
  hset: {
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Set the string value of a hash field',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field_value', type: 'block', multiple: true, arguments: [
          { name: 'field', type: 'string' },
          { name: 'value', type: 'string' },
        ] },
    ],
  },
  hmset: {
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Set multiple hash fields to multiple values',
    complexity: 'O(N) where N is the number of fields being set.',
    docFlags: ['deprecated'],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field_value', type: 'block', multiple: true, arguments: [
          { name: 'field', type: 'string' },
          { name: 'value', type: 'string' },
        ] },
    ],
  },
  hget: {
    name: 'hget',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get the value of a hash field',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string' },
    ],
  },
  hdel: {
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Delete one or more hash fields',
    complexity: 'O(N) where N is the number of fields to be removed.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string', multiple: true },
    ],
  },
  hlen: {
    name: 'hlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get the number of fields in a hash',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  hexists: {
    name: 'hexists',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Determine if a hash field exists',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string' },
    ],
  },
  hgetall: {
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@slow'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get all the fields and values in a hash',
    complexity: 'O(N) where N is the size of the hash.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  hkeys: {
    name: 'hkeys',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@slow'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get all the fields in a hash',
    complexity: 'O(N) where N is the size of the hash.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  hvals: {
    name: 'hvals',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@slow'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get all the values in a hash',
    complexity: 'O(N) where N is the size of the hash.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  hmget: {
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Get the values of all the given hash fields',
    complexity: 'O(N) where N is the number of fields being requested.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string', multiple: true },
    ],
  },
  hincrby: {
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Increment the integer value of a hash field by the given number',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string' },
      { name: 'increment', type: 'integer' },
    ],
  },
  hincrbyfloat: {
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.6.0',
    summary: 'Increment the float value of a hash field by the given amount',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string' },
      { name: 'increment', type: 'double' },
    ],
  },
  hsetnx: {
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@hash', '@fast'],
    group: 'hash',
    since: '2.0.0',
    summary: 'Set the value of a hash field, only if the field does not exist',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'field', type: 'string' },
      { name: 'value', type: 'string' },
    ],
  },
} satisfies Record<string, CommandDef>;

register([
  { ...SPEC.hset, shard: (ctx, argv) => hset(ctx, argv, false) },
  { ...SPEC.hmset, shard: (ctx, argv) => hset(ctx, argv, true) },
  {
    ...SPEC.hget,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h === undefined) return;
      const v = h === null ? undefined : h.get(argv[2]);
      if (v === undefined) ctx.out.nil();
      else ctx.out.bulk(v);
    },
  },
  { ...SPEC.hdel, shard: hdel },
  {
    ...SPEC.hlen,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h !== undefined) ctx.out.int(h === null ? 0 : h.size);
    },
  },
  {
    ...SPEC.hexists,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h !== undefined) ctx.out.int(h !== null && h.has(argv[2]) ? 1 : 0);
    },
  },
  {
    ...SPEC.hgetall,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h === undefined) return;
      const out = ctx.out;
      if (h === null) {
        out.map(0);
        return;
      }
      out.map(h.size);
      for (const [f, v] of h.map) {
        out.bulk(f);
        out.bulk(v);
      }
    },
  },
  {
    ...SPEC.hkeys,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h === undefined) return;
      if (h === null) {
        ctx.out.array(0);
        return;
      }
      ctx.out.array(h.size);
      for (const f of h.map.keys()) ctx.out.bulk(f);
    },
  },
  {
    ...SPEC.hvals,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h === undefined) return;
      if (h === null) {
        ctx.out.array(0);
        return;
      }
      ctx.out.array(h.size);
      for (const v of h.map.values()) ctx.out.bulk(v);
    },
  },
  {
    ...SPEC.hmget,
    shard(ctx, argv) {
      const h = readHash(ctx, argv[1]);
      if (h === undefined) return;
      const out = ctx.out;
      out.array(argv.length - 2);
      for (let i = 2; i < argv.length; i++) {
        const v = h === null ? undefined : h.get(argv[i]);
        if (v === undefined) out.nil();
        else out.bulk(v);
      }
    },
  },
  { ...SPEC.hincrby, shard: hincrby },
  { ...SPEC.hincrbyfloat, shard: hincrbyfloat },
  { ...SPEC.hsetnx, shard: hsetnx },
]);
