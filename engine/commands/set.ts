/**
 * Set commands: SADD SREM SPOP SCARD SMEMBERS SISMEMBER SRANDMEMBER, with Redis 7.0's replies
 * (RESP3 sets for SMEMBERS and SPOP with a count, arrays for SRANDMEMBER) and argument-check
 * order. Values are RSet (keyspace/set.ts); a set that becomes empty is deleted, every in-place
 * change is signalled to the database. Random picks are uniform. Shard-side handlers on the
 * key's worker. HOT PATH: SADD, SPOP (redis-benchmark's default suite).
 */

import { register } from './registry.ts';
import type { CommandDef, ExecCtx } from './types.ts';
import { Err } from '../errors.ts';
import { Kind } from '../keyspace/values.ts';
import { RSet } from '../keyspace/set.ts';
import { readCollection } from './util/keys.ts';
import { parseLong } from './list.ts';
import { parseInteger, parseLongLong } from './util/args.ts';
import { W } from '../worker/state.ts';
import type { EngineConfig } from '../config/store.ts';

/**
 * The set-max-intset-entries thresholds, cached from the worker's configuration and re-read after
 * any change to it (CONFIG SET reaches every worker's copy, whose listeners run), so the hot
 * path does not look them up by name on every call.
 */
let cfgSeen: EngineConfig | null = null;
let cfgStale = true;
let maxIntset = 0;
function loadLimits(): void {
  const c = W.config;
  if (c !== cfgSeen) {
    cfgSeen = c;
    cfgStale = true;
    c.onChange(() => {
      cfgStale = true;
    });
  }
  if (cfgStale) {
    maxIntset = c.int('set-max-intset-entries');
    cfgStale = false;
  }
}

const LONG_MAX_TEXT = '9223372036854775807';
const LLONG_MIN = -9223372036854775808n;

/** Reads a set for writing (no keyspace stats): the set, null when absent, undefined after WRONGTYPE. */
function writeSet(ctx: ExecCtx, key: string): RSet | null | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) return null;
  if (!(v instanceof RSet)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

function sadd(ctx: ExecCtx, argv: string[]): void {
  const key = argv[1];
  let set = writeSet(ctx, key);
  if (set === undefined) return;
  loadLimits();
  const max = maxIntset;
  let added = 0;
  if (set === null) {
    set = RSet.forFirst(argv[2]);
    for (let i = 2; i < argv.length; i++) if (set.add(argv[i], max)) added++;
    ctx.db.set(key, set);
  } else {
    for (let i = 2; i < argv.length; i++) if (set.add(argv[i], max)) added++;
    if (added > 0) ctx.db.signalModified(key);
  }
  ctx.out.int(added);
}

function srem(ctx: ExecCtx, argv: string[]): void {
  const key = argv[1];
  const set = writeSet(ctx, key);
  if (set === undefined) return;
  if (set === null) {
    ctx.out.int(0);
    return;
  }
  let removed = 0;
  for (let i = 2; i < argv.length; i++) {
    if (set.delete(argv[i])) {
      removed++;
      if (set.size === 0) break;
    }
  }
  if (set.size === 0) ctx.db.delete(key);
  else if (removed > 0) ctx.db.signalModified(key);
  ctx.out.int(removed);
}

function spop(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  if (argv.length > 3) {
    out.error(Err.SYNTAX);
    return;
  }
  const key = argv[1];
  if (argv.length === 2) {
    const set = writeSet(ctx, key);
    if (set === undefined) return;
    if (set === null) {
      out.nil();
      return;
    }
    out.bulk(set.popRandom());
    if (set.size === 0) ctx.db.delete(key);
    else ctx.db.signalModified(key);
    return;
  }
  const count = parseLong(argv[2]);
  if (count === undefined || count < 0) {
    out.error(Err.MUST_BE_POSITIVE);
    return;
  }
  const set = writeSet(ctx, key);
  if (set === undefined) return;
  if (set === null || count === 0) {
    out.set(0);
    return;
  }
  if (count >= set.size) {
    const all = set.members();
    out.set(all.length);
    for (let i = 0; i < all.length; i++) out.bulk(all[i]);
    ctx.db.delete(key);
    return;
  }
  out.set(count);
  for (let i = 0; i < count; i++) out.bulk(set.popRandom());
  ctx.db.signalModified(key);
}

function srandmember(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  if (argv.length > 3) {
    out.error(Err.SYNTAX);
    return;
  }
  if (argv.length === 2) {
    const set = readCollection<RSet>(ctx, argv[1], Kind.Set);
    if (set === undefined) return;
    if (set === null) out.nil();
    else out.bulk(set.random());
    return;
  }
  let l = parseInteger(argv[2]);
  if (l === undefined) {
    const b = parseLongLong(argv[2]);
    if (b === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
    if (b === LLONG_MIN) {
      out.error(Err.VALUE_MUST_BETWEEN(`-${LONG_MAX_TEXT}`, LONG_MAX_TEXT));
      return;
    }
    l = Number(b);
  }
  const set = readCollection<RSet>(ctx, argv[1], Kind.Set);
  if (set === undefined) return;
  if (set === null || l === 0) {
    out.array(0);
    return;
  }
  if (l < 0) {
    // repetitions allowed: every element is an independent pick
    const count = -l;
    out.array(count);
    for (let i = 0; i < count; i++) out.bulk(set.random());
    return;
  }
  if (l >= set.size) {
    const all = set.members();
    out.array(all.length);
    for (let i = 0; i < all.length; i++) out.bulk(all[i]);
    return;
  }
  out.bulks(set.randomDistinct(l));
}

const SPEC = {
  sadd: {
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@set', '@fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Add one or more members to a set',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string', multiple: true },
    ],
  },
  srem: {
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@set', '@fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Remove one or more members from a set',
    complexity: 'O(N) where N is the number of members to be removed.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string', multiple: true },
    ],
  },
  spop: {
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@set', '@fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Remove and return one or multiple random members from a set',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '3.2.0', optional: true },
    ],
  },
  scard: {
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@set', '@fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Get the number of members in a set',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  smembers: {
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@set', '@slow'],
    group: 'set',
    since: '1.0.0',
    summary: 'Get all the members in a set',
    complexity: 'O(N) where N is the set cardinality.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  sismember: {
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@set', '@fast'],
    group: 'set',
    since: '1.0.0',
    summary: 'Determine if a given value is a member of a set',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string' },
    ],
  },
  srandmember: {
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@set', '@slow'],
    group: 'set',
    since: '1.0.0',
    summary: 'Get one or multiple random members from a set',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '2.6.0', optional: true },
    ],
  },
} satisfies Record<string, CommandDef>;

register([
  { ...SPEC.sadd, shard: sadd },
  { ...SPEC.srem, shard: srem },
  { ...SPEC.spop, shard: spop },
  {
    ...SPEC.scard,
    shard(ctx, argv) {
      const set = readCollection<RSet>(ctx, argv[1], Kind.Set);
      if (set !== undefined) ctx.out.int(set === null ? 0 : set.size);
    },
  },
  {
    ...SPEC.smembers,
    shard(ctx, argv) {
      const set = readCollection<RSet>(ctx, argv[1], Kind.Set);
      if (set === undefined) return;
      if (set === null) {
        ctx.out.set(0);
        return;
      }
      const all = set.members();
      ctx.out.set(all.length);
      for (let i = 0; i < all.length; i++) ctx.out.bulk(all[i]);
    },
  },
  {
    ...SPEC.sismember,
    shard(ctx, argv) {
      const set = readCollection<RSet>(ctx, argv[1], Kind.Set);
      if (set !== undefined) ctx.out.int(set !== null && set.has(argv[2]) ? 1 : 0);
    },
  },
  { ...SPEC.srandmember, shard: srandmember },
]);
