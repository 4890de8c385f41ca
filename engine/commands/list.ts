/**
 * List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LRANGE LLEN LINDEX, with Redis 7.0's exact
 * replies (RESP2 and RESP3 null forms of LPOP/RPOP with a count) and argument-check order.
 * Values are List deques (keyspace/list.ts); a list that becomes empty is deleted, every in-place
 * change is signalled to the database. Shard-side handlers on the key's worker.
 * HOT PATH: LPUSH, RPUSH, LPOP, RPOP, LRANGE (redis-benchmark's default suite).
 */

import { register } from './registry.ts';
import type { CommandDef, ExecCtx } from './types.ts';
import { Err } from '../errors.ts';
import { Kind } from '../keyspace/values.ts';
import { List } from '../keyspace/list.ts';
import { readCollection } from './util/keys.ts';
import { parseInteger, parseLongLong } from './util/args.ts';

/** Parses a long as Redis's getLongFromObject does (full 64-bit range; huge values lose precision). */
export function parseLong(s: string): number | undefined {
  const n = parseInteger(s);
  if (n !== undefined) return n;
  const b = parseLongLong(s);
  return b === undefined ? undefined : Number(b);
}

/** Reads a list for writing: the list, null when absent, undefined after WRONGTYPE. */
function writeList(ctx: ExecCtx, key: string): List | null | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) return null;
  if (!(v instanceof List)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

function push(ctx: ExecCtx, argv: string[], front: boolean, onlyIfExists: boolean): void {
  const key = argv[1];
  let list = writeList(ctx, key);
  if (list === undefined) return;
  if (list === null) {
    if (onlyIfExists) {
      ctx.out.int(0);
      return;
    }
    list = new List(argv.length - 2);
    ctx.db.set(key, list);
  } else ctx.db.signalModified(key);
  if (front) for (let i = 2; i < argv.length; i++) list.pushFront(argv[i]);
  else for (let i = 2; i < argv.length; i++) list.pushBack(argv[i]);
  ctx.out.int(list.size);
}

function pop(ctx: ExecCtx, argv: string[], front: boolean): void {
  const out = ctx.out;
  if (argv.length > 3) {
    out.error(Err.WRONG_ARGS(argv[0].toLowerCase()));
    return;
  }
  const hasCount = argv.length === 3;
  let count = 0;
  if (hasCount) {
    const c = parseLong(argv[2]);
    if (c === undefined || c < 0) {
      out.error(Err.MUST_BE_POSITIVE);
      return;
    }
    count = c;
  }
  const key = argv[1];
  const list = writeList(ctx, key);
  if (list === undefined) return;
  if (list === null) {
    if (hasCount) out.nilArray();
    else out.nil();
    return;
  }
  if (!hasCount) {
    out.bulk((front ? list.popFront() : list.popBack()) as string);
  } else {
    if (count === 0) {
      out.array(0);
      return;
    }
    const n = Math.min(count, list.size);
    out.array(n);
    for (let i = 0; i < n; i++) out.bulk((front ? list.popFront() : list.popBack()) as string);
  }
  if (list.size === 0) ctx.db.delete(key);
  else ctx.db.signalModified(key);
}

function lrange(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  let start = parseLong(argv[2]);
  let end = parseLong(argv[3]);
  if (start === undefined || end === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  const list = readCollection<List>(ctx, argv[1], Kind.List);
  if (list === undefined) return;
  if (list === null) {
    out.array(0);
    return;
  }
  const len = list.size;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) {
    out.array(0);
    return;
  }
  if (end >= len) end = len - 1;
  out.array(end - start + 1);
  for (let i = start; i <= end; i++) out.bulk(list.at(i));
}

function lindex(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const list = readCollection<List>(ctx, argv[1], Kind.List);
  if (list === undefined) return;
  if (list === null) {
    out.nil();
    return;
  }
  let i = parseLong(argv[2]);
  if (i === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  if (i < 0) i += list.size;
  if (i < 0 || i >= list.size) out.nil();
  else out.bulk(list.at(i));
}

const SPEC = {
  lpush: {
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Prepend one or multiple elements to a list',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'element', type: 'string', multiple: true },
    ],
  },
  rpush: {
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Append one or multiple elements to a list',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'element', type: 'string', multiple: true },
    ],
  },
  lpushx: {
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '2.2.0',
    summary: 'Prepend an element to a list, only if the list exists',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'element', type: 'string', multiple: true },
    ],
  },
  rpushx: {
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '2.2.0',
    summary: 'Append an element to a list, only if the list exists',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'element', type: 'string', multiple: true },
    ],
  },
  lpop: {
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Remove and get the first elements in a list',
    complexity: 'O(N) where N is the number of elements returned',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '6.2.0', optional: true },
    ],
  },
  rpop: {
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@list', '@fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Remove and get the last elements in a list',
    complexity: 'O(N) where N is the number of elements returned',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', since: '6.2.0', optional: true },
    ],
  },
  lrange: {
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@list', '@slow'],
    group: 'list',
    since: '1.0.0',
    summary: 'Get a range of elements from a list',
    complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'start', type: 'integer' },
      { name: 'stop', type: 'integer' },
    ],
  },
  llen: {
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@list', '@fast'],
    group: 'list',
    since: '1.0.0',
    summary: 'Get the length of a list',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  lindex: {
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@list', '@slow'],
    group: 'list',
    since: '1.0.0',
    summary: 'Get an element from a list by its index',
    complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'index', type: 'integer' },
    ],
  },
} satisfies Record<string, CommandDef>;

register([
  { ...SPEC.lpush, shard: (ctx, argv) => push(ctx, argv, true, false) },
  { ...SPEC.rpush, shard: (ctx, argv) => push(ctx, argv, false, false) },
  { ...SPEC.lpushx, shard: (ctx, argv) => push(ctx, argv, true, true) },
  { ...SPEC.rpushx, shard: (ctx, argv) => push(ctx, argv, false, true) },
  { ...SPEC.lpop, shard: (ctx, argv) => pop(ctx, argv, true) },
  { ...SPEC.rpop, shard: (ctx, argv) => pop(ctx, argv, false) },
  { ...SPEC.lrange, shard: lrange },
  {
    ...SPEC.llen,
    shard(ctx, argv) {
      const list = readCollection<List>(ctx, argv[1], Kind.List);
      if (list !== undefined) ctx.out.int(list === null ? 0 : list.size);
    },
  },
  { ...SPEC.lindex, shard: lindex },
]);
