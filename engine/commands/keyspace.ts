/**
 * Keyspace (generic) commands: DEL UNLINK EXISTS TYPE TOUCH RENAME RENAMENX COPY MOVE OBJECT, and
 * the global views SWAPDB KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL. Worker threads.
 * HOT PATH: the single-shard DEL / UNLINK / EXISTS / TYPE handlers.
 *
 * - Per-key commands are shard handlers on the keys' owner. With keys on several shards:
 *   DEL UNLINK EXISTS TOUCH sum per-shard sub-commands; RENAME RENAMENX COPY move just the one
 *   value with export/import (multishard.ts). All run under the multi-shard locks, so they are as
 *   atomic as in Redis. COPY ... DB n writes into database n of the destination key's own shard
 *   (a shard holds its slots in every database).
 * - Global views are 'fanout' connection handlers that send a gated op to every shard. DBSIZE KEYS
 *   FLUSHDB FLUSHALL SWAPDB hold every shard for the duration (util/key-global.ts), so they see and
 *   change one consistent state. SCAN and RANDOMKEY need no such cut: SCAN visits one shard at a
 *   time, RANDOMKEY asks every shard for a candidate and picks one by shard size.
 * - SCAN: one cursor valid across shards. The shard index sits in the cursor's low bits
 *   (util/scan-cursors.ts); above it, an id into that shard's table of live Map iterators. Cursor 0
 *   starts shard 0; a finished shard hands over to the start of the next (cursor = shard index); the
 *   last returns 0. An unknown id (replayed, evicted, or after FLUSHDB/SWAPDB replaced the map)
 *   restarts that shard: duplicates are allowed, losing a key present for the whole scan is not.
 */

import { register } from './registry.ts';
import type { ArgDoc, CommandDef, ExecCtx } from './types.ts';
import type { Reply } from '../resp/reply.ts';
import type { Connection } from '../worker/connection.ts';
import { Err } from '../errors.ts';
import { readKey } from './util/keys.ts';
import { is, parseLongLong } from './util/args.ts';
import { MultiShardRun } from '../worker/multishard.ts';
import { registerOp } from '../worker/mesh.ts';
import { W } from '../worker/state.ts';
import { keySlot } from '../slots.ts';
import { now as clockNow } from '../worker/clock.ts';
import { isError } from '../resp/collector.ts';
import { cloneValue } from '../keyspace/transfer.ts';
import { encodingOf, typeName, type Value } from '../keyspace/values.ts';
import type { Db } from '../keyspace/db.ts';
import { compileGlob } from '../config/glob.ts';
import { onAllShardsAtomically } from './util/key-global.ts';
import {
  CursorTable,
  decodeShardCursor,
  encodeShardCursor,
  parseScanCursor,
  shardBits,
  startMapScan,
  stepMapScan,
  type MapScanState,
} from './util/scan-cursors.ts';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Parses an int argument as Redis's getIntFromObjectOrReply: a non-integer is NOT_INTEGER (or
 * `msg`), a long long outside the int range is the range error (or `msg`). Returns the number,
 * or the error text.
 */
function parseIntArg(s: string, msg?: string): number | string {
  const v = parseLongLong(s);
  if (v === undefined) return msg ?? Err.NOT_INTEGER;
  if (v < BigInt(INT_MIN) || v > BigInt(INT_MAX)) return msg ?? Err.VALUE_MUST_BETWEEN(String(INT_MIN), String(INT_MAX));
  return Number(v);
}

/** A database index argument: the index, or the error text (not an int, or no such database). */
function parseDbIndex(s: string): number | string {
  const n = parseIntArg(s);
  if (typeof n === 'string') return n;
  if (n < 0 || n >= W.databases) return Err.DB_INDEX;
  return n;
}

function shardOf(key: string): number {
  return W.slotOwner[keySlot(key)];
}

// ---- shard-side handlers -----------------------------------------------------------------------

function delKeys(ctx: ExecCtx, argv: string[]): void {
  const db = ctx.db;
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (db.lookup(key, ctx.now) !== undefined && db.delete(key)) n++;
  }
  ctx.out.int(n);
}

/** EXISTS and TOUCH: how many of the keys exist (a key named twice counts twice). */
function countExisting(ctx: ExecCtx, argv: string[]): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (readKey(ctx, argv[i]) !== undefined) n++;
  ctx.out.int(n);
}

function renameKey(ctx: ExecCtx, argv: string[], nx: boolean): void {
  const out = ctx.out;
  const db = ctx.db;
  const src = argv[1];
  const dst = argv[2];
  const v = db.lookup(src, ctx.now);
  if (v === undefined) {
    out.error(Err.NO_SUCH_KEY);
    return;
  }
  if (src === dst) {
    if (nx) out.int(0);
    else out.ok();
    return;
  }
  const exp = db.getExpire(src);
  if (db.lookup(dst, ctx.now) !== undefined) {
    if (nx) {
      out.int(0);
      return;
    }
    db.delete(dst);
  }
  db.set(dst, v);
  if (exp !== undefined) db.setExpire(dst, exp);
  db.delete(src);
  if (nx) out.int(1);
  else out.ok();
}

interface CopyOptions {
  dstDb: number;
  replace: boolean;
}

/** COPY's options; replies with the error and returns null on a bad one. */
function copyOptions(argv: string[], srcDb: number, out: Reply): CopyOptions | null {
  const o: CopyOptions = { dstDb: srcDb, replace: false };
  for (let i = 3; i < argv.length; i++) {
    const more = argv.length - i - 1;
    if (is(argv[i], 'REPLACE')) o.replace = true;
    else if (is(argv[i], 'DB') && more >= 1) {
      const n = parseDbIndex(argv[++i]);
      if (typeof n === 'string') {
        out.error(n);
        return null;
      }
      o.dstDb = n;
    } else {
      out.error(Err.SYNTAX);
      return null;
    }
  }
  return o;
}

function copyKey(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const o = copyOptions(argv, ctx.dbIndex, out);
  if (o === null) return;
  const src = argv[1];
  const dst = argv[2];
  if (o.dstDb === ctx.dbIndex && src === dst) {
    out.error(Err.SAME_OBJECT);
    return;
  }
  const v = readKey(ctx, src);
  if (v === undefined) {
    out.int(0);
    return;
  }
  const exp = ctx.db.getExpire(src);
  const dstDb = ctx.shard.dbs[o.dstDb];
  if (dstDb.lookup(dst, ctx.now) !== undefined) {
    if (!o.replace) {
      out.int(0);
      return;
    }
    dstDb.delete(dst);
  }
  dstDb.set(dst, cloneValue(v));
  if (exp !== undefined) dstDb.setExpire(dst, exp);
  out.int(1);
}

function moveKey(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const n = parseDbIndex(argv[2]);
  if (typeof n === 'string') {
    out.error(n);
    return;
  }
  if (n === ctx.dbIndex) {
    out.error(Err.SAME_OBJECT);
    return;
  }
  const key = argv[1];
  const src = ctx.db;
  const v = src.lookup(key, ctx.now);
  if (v === undefined) {
    out.int(0);
    return;
  }
  const dst = ctx.shard.dbs[n];
  if (dst.lookup(key, ctx.now) !== undefined) {
    out.int(0);
    return;
  }
  const exp = src.getExpire(key);
  dst.set(key, v);
  if (exp !== undefined) dst.setExpire(key, exp);
  src.delete(key);
  out.int(1);
}

// ---- OBJECT ------------------------------------------------------------------------------------

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

/** Redis's OBJ_SHARED_REFCOUNT: the refcount shown for shared integer objects. */
const SHARED_REFCOUNT = 2147483647;
/** Redis shares the integers 0..9999 (OBJ_SHARED_INTEGERS) unless an LRU/LFU policy forbids it. */
const SHARED_INTEGERS = 10000;
/** A key's LFU counter when it is created (Redis's LFU_INIT_VAL); access counting is not tracked. */
const LFU_INIT_VAL = 5;

function lfuPolicy(): boolean {
  return W.config.str('maxmemory-policy').endsWith('-lfu');
}

function sharedIntegersAllowed(): boolean {
  const p = W.config.str('maxmemory-policy');
  return W.config.str('maxmemory') === '0' || !(p.endsWith('-lru') || p.endsWith('-lfu'));
}

function refcountOf(v: Value): number {
  if (typeof v === 'number' && v >= 0 && v < SHARED_INTEGERS && Number.isInteger(v) && sharedIntegersAllowed()) {
    return SHARED_REFCOUNT;
  }
  return 1;
}

/** OBJECT subcommands share the lookup: a missing key answers a null bulk. */
function objectSub(ctx: ExecCtx, argv: string[], then: (v: Value) => void): void {
  const v = readKey(ctx, argv[2]);
  if (v === undefined) ctx.out.nil();
  else then(v);
}

// ---- mesh ops (shard side of the global views) -------------------------------------------------

interface ScanArgs {
  db: number;
  /** cursor id in this shard's table; 0 starts the shard over */
  id: number;
  count: number;
  pattern: string | null;
  type: string | null;
}

interface ScanResult {
  keys: string[];
  /** the id to continue this shard with, or 0 when the shard is finished */
  next: number;
  visited: number;
}

/** live SCAN walks over this shard's databases */
const scanCursors = new CursorTable<MapScanState<string, Value>>(4096);

registerOp('keyspace.scan', {
  gated: true,
  run(shard, a: ScanArgs, respond) {
    const db = shard.dbs[a.db];
    let st = a.id > 0 ? scanCursors.take(a.id) : undefined;
    if (st === undefined || st.map !== db.data) st = startMapScan(db.data);
    const now = clockNow();
    const keys: string[] = [];
    const match = a.pattern === null ? null : compileGlob(a.pattern);
    const type = a.type === null ? null : a.type.toLowerCase();
    const r = stepMapScan(st, a.count, (key) => {
      if (match !== null && !match(key)) return;
      const v = db.lookup(key, now);
      if (v === undefined) return; // expired: deleted on sight, as Redis's SCAN does
      if (type !== null && typeName(v) !== type) return;
      keys.push(key);
    });
    const result: ScanResult = { keys, next: r.done ? 0 : scanCursors.put(st), visited: r.visited };
    respond(result);
  },
});

registerOp('keyspace.dbsize', {
  gated: true,
  run(shard, db: number, respond) {
    respond(shard.dbs[db].size);
  },
});

registerOp('keyspace.keys', {
  gated: true,
  run(shard, a: { db: number; pattern: string }, respond) {
    const db = shard.dbs[a.db];
    const now = clockNow();
    const all = a.pattern === '*';
    const match = all ? null : compileGlob(a.pattern);
    const out: string[] = [];
    const expires = db.expires;
    for (const key of db.data.keys()) {
      if (match !== null && !match(key)) continue;
      if (expires.size !== 0) {
        const at = expires.get(key);
        if (at !== undefined && at <= now) continue; // expired but not yet reclaimed: skipped, kept
      }
      out.push(key);
    }
    respond(out);
  },
});

/** where RANDOMKEY continues in a large database, so a call does not walk the whole map */
const randomWalks = new WeakMap<Map<string, Value>, MapIterator<string>>();
/** databases up to this size get an exactly uniform pick */
const UNIFORM_LIMIT = 1024;

function randomKeyOf(db: Db): string | null {
  const data = db.data;
  const size = data.size;
  if (size === 0) return null;
  if (size <= UNIFORM_LIMIT) {
    let skip = Math.floor(Math.random() * size);
    for (const k of data.keys()) if (skip-- === 0) return k;
    return null;
  }
  let it = randomWalks.get(data);
  if (it === undefined) randomWalks.set(data, (it = data.keys()));
  let skip = Math.floor(Math.random() * UNIFORM_LIMIT);
  for (;;) {
    const r = it.next();
    if (r.done === true) {
      it = data.keys();
      randomWalks.set(data, it);
      continue;
    }
    if (skip-- === 0) return r.value;
  }
}

registerOp('keyspace.random', {
  gated: true,
  run(shard, dbi: number, respond) {
    const db = shard.dbs[dbi];
    const now = clockNow();
    // an expired pick is deleted and another is drawn, until a live key or an empty database
    for (;;) {
      const key = randomKeyOf(db);
      if (key === null) {
        respond([0, null]);
        return;
      }
      if (db.lookup(key, now) !== undefined) {
        respond([db.size, key]);
        return;
      }
    }
  },
});

registerOp('keyspace.flush', {
  gated: true,
  run(shard, dbi: number, respond) {
    if (dbi < 0) for (const db of shard.dbs) db.clear();
    else shard.dbs[dbi].clear();
    respond(null);
  },
});

registerOp('keyspace.swapdb', {
  gated: true,
  run(shard, a: [number, number], respond) {
    const x = shard.dbs[a[0]];
    const y = shard.dbs[a[1]];
    // WATCHed keys stay with the database number; a watched key changes if it exists on either side
    touchWatchedAcross(x, y);
    if (x !== y) {
      touchWatchedAcross(y, x);
      const xd = x.data;
      const xe = x.expires;
      const yd = y.data;
      const ye = y.expires;
      x.clear();
      y.clear();
      x.data = yd;
      x.expires = ye;
      y.data = xd;
      y.expires = xe;
    }
    respond(null);
  },
});

function touchWatchedAcross(db: Db, other: Db): void {
  for (const [key, w] of db.watched) if (db.data.has(key) || other.data.has(key)) w.version++;
}

/** Does key exist (not expired) in database db of this shard? No hit/miss counting. */
registerOp('keyspace.exists', {
  gated: true,
  run(shard, a: { db: number; key: string }, respond) {
    respond(shard.dbs[a.db].lookup(a.key, clockNow()) !== undefined);
  },
});

// ---- coordinators for keys on several shards ---------------------------------------------------

/** DEL UNLINK EXISTS TOUCH over several shards: the sum of the per-shard counts. */
async function sumPerShard(run: MultiShardRun, argv: string[], out: Reply): Promise<void> {
  const { results } = await run.callPerShard(argv, 1, 1);
  let n = 0;
  for (const p of results.values()) {
    if (typeof p === 'number') n += p;
    else if (isError(p)) {
      out.error(p.error);
      return;
    }
  }
  out.int(n);
}

function existsOn(run: MultiShardRun, shard: number, db: number, key: string): Promise<boolean> {
  return W.mesh.request<boolean>(shard, 'keyspace.exists', { db, key }, run.txn);
}

/** RENAME/RENAMENX with the two keys on different shards: move the one value across. */
async function renameAcross(run: MultiShardRun, argv: string[], out: Reply, nx: boolean): Promise<void> {
  const src = argv[1];
  const dst = argv[2];
  const db = run.db;
  const from = shardOf(src);
  const to = shardOf(dst);
  if (!nx) {
    const [[tv, exp]] = await run.exportKeys(from, [[db, src]], true);
    if (tv === null) {
      out.error(Err.NO_SUCH_KEY);
      return;
    }
    await run.importKeys(to, [[db, dst, tv, exp]]);
    out.ok();
    return;
  }
  const [[[tv, exp]], taken] = await Promise.all([run.exportKeys(from, [[db, src]]), existsOn(run, to, db, dst)]);
  if (tv === null) {
    out.error(Err.NO_SUCH_KEY);
    return;
  }
  if (taken) {
    out.int(0);
    return;
  }
  await Promise.all([run.importKeys(to, [[db, dst, tv, exp]]), run.call(from, ['del', src])]);
  out.int(1);
}

/** COPY with the two keys on different shards. */
async function copyAcross(run: MultiShardRun, argv: string[], out: Reply): Promise<void> {
  const o = copyOptions(argv, run.db, out);
  if (o === null) return;
  const src = argv[1];
  const dst = argv[2];
  const to = shardOf(dst);
  const [[[tv, exp]], taken] = await Promise.all([
    run.exportKeys(shardOf(src), [[run.db, src]]),
    o.replace ? Promise.resolve(false) : existsOn(run, to, o.dstDb, dst),
  ]);
  if (tv === null || taken) {
    out.int(0);
    return;
  }
  await run.importKeys(to, [[o.dstDb, dst, tv, exp]]);
  out.int(1);
}

// ---- coordinators of the global views (connection side) ----------------------------------------

/** FLUSHDB/FLUSHALL's optional ASYNC|SYNC; false after replying a syntax error. */
function flushMode(argv: string[], out: Reply): boolean {
  if (argv.length === 1 || (argv.length === 2 && (is(argv[1], 'ASYNC') || is(argv[1], 'SYNC')))) return true;
  out.error(Err.SYNTAX);
  return false;
}

async function scanCommand(conn: Connection, argv: string[], out: Reply): Promise<void> {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === undefined) {
    out.error(Err.INVALID_CURSOR);
    return;
  }
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const more = argv.length - i;
    if (is(argv[i], 'COUNT') && more >= 2) {
      const n = parseLongLong(argv[i + 1]);
      if (n === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      if (n < 1n) {
        out.error(Err.SYNTAX);
        return;
      }
      count = n > 1000000000n ? 1000000000 : Number(n);
    } else if (is(argv[i], 'MATCH') && more >= 2) {
      const p = argv[i + 1];
      pattern = p === '*' ? null : p;
    } else if (is(argv[i], 'TYPE') && more >= 2) {
      type = argv[i + 1];
    } else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  const bits = shardBits(W.shards);
  let [shard, id] = decodeShardCursor(cursor, bits);
  if (shard >= W.shards) {
    // not a cursor we hand out: start over
    shard = 0;
    id = 0;
  }
  const keys: string[] = [];
  let budget = count;
  let next = '0';
  for (;;) {
    const args: ScanArgs = { db: conn.dbIndex, id, count: budget, pattern, type };
    const r = await W.mesh.request<ScanResult>(shard, 'keyspace.scan', args, conn.activeTxn);
    for (const k of r.keys) keys.push(k);
    budget -= r.visited;
    if (r.next !== 0) {
      next = encodeShardCursor(shard, r.next, bits);
      break;
    }
    shard++;
    id = 0;
    if (shard >= W.shards) break;
    if (budget <= 0) {
      next = encodeShardCursor(shard, 0, bits);
      break;
    }
  }
  out.array(2);
  out.bulk(next);
  out.array(keys.length);
  for (const k of keys) out.bulk(k);
}

async function randomKeyCommand(conn: Connection, out: Reply): Promise<void> {
  const picks = await W.mesh.all<[number, string | null]>('keyspace.random', conn.dbIndex, conn.activeTxn);
  let total = 0;
  for (const [n, k] of picks) if (k !== null) total += n;
  if (total === 0) {
    out.nil();
    return;
  }
  let r = Math.floor(Math.random() * total);
  for (const [n, k] of picks) {
    if (k === null) continue;
    if (r < n) {
      out.bulk(k);
      return;
    }
    r -= n;
  }
  out.nil();
}

// ---- command table -----------------------------------------------------------------------------

const keyArg: ArgDoc = { name: 'key', type: 'key', key_spec_index: 0 };
const keysArg: ArgDoc = { name: 'key', type: 'key', key_spec_index: 0, multiple: true };
const flushArgs: ArgDoc[] = [
  {
    name: 'async', type: 'oneof', optional: true,
    arguments: [
      { name: 'async', type: 'pure-token', token: 'ASYNC', since: '4.0.0' },
      { name: 'sync', type: 'pure-token', token: 'SYNC', since: '6.2.0' },
    ],
  },
];

function objectSubcommand(name: string, since: string, summary: string, then: (ctx: ExecCtx, v: Value) => void): CommandDef {
  return {
    name,
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    step: 1,
    categories: ['@keyspace', '@read', '@slow'],
    group: 'generic',
    since,
    summary,
    complexity: 'O(1)',
    args: [keyArg],
    shard(ctx, argv) {
      objectSub(ctx, argv, (v) => then(ctx, v));
    },
  };
}

register([
  {
    name: 'del',
    arity: -2,
    flags: ['write'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@keyspace', '@write', '@slow'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Delete a key',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    args: [keysArg],
    shard: delKeys,
    multi: sumPerShard,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@keyspace', '@write', '@fast'],
    group: 'generic',
    since: '4.0.0',
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    args: [keysArg],
    shard: delKeys,
    multi: sumPerShard,
  },
  {
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@keyspace', '@read', '@fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Determine if a key exists',
    complexity: 'O(N) where N is the number of keys to check.',
    args: [keysArg],
    shard: countExisting,
    multi: sumPerShard,
  },
  {
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    categories: ['@keyspace', '@read', '@fast'],
    group: 'generic',
    since: '3.2.1',
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    args: [keysArg],
    shard: countExisting,
    multi: sumPerShard,
  },
  {
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@keyspace', '@read', '@fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Determine the type stored at key',
    complexity: 'O(1)',
    args: [keyArg],
    shard(ctx, argv) {
      const v = readKey(ctx, argv[1]);
      ctx.out.simple(v === undefined ? 'none' : typeName(v));
    },
  },
  {
    name: 'rename',
    arity: 3,
    flags: ['write'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    categories: ['@keyspace', '@write', '@slow'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Rename a key',
    complexity: 'O(1)',
    args: [keyArg, { name: 'newkey', type: 'key', key_spec_index: 1 }],
    shard(ctx, argv) {
      renameKey(ctx, argv, false);
    },
    multi(run, argv, out) {
      return renameAcross(run, argv, out, false);
    },
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    categories: ['@keyspace', '@write', '@fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Rename a key, only if the new key does not exist',
    complexity: 'O(1)',
    args: [keyArg, { name: 'newkey', type: 'key', key_spec_index: 1 }],
    shard(ctx, argv) {
      renameKey(ctx, argv, true);
    },
    multi(run, argv, out) {
      return renameAcross(run, argv, out, true);
    },
  },
  {
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    categories: ['@keyspace', '@write', '@slow'],
    group: 'generic',
    since: '6.2.0',
    summary: 'Copy a key',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    args: [
      { name: 'source', type: 'key', key_spec_index: 0 },
      { name: 'destination', type: 'key', key_spec_index: 1 },
      { name: 'destination-db', type: 'integer', token: 'DB', optional: true },
      { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true },
    ],
    shard: copyKey,
    multi: copyAcross,
  },
  {
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@keyspace', '@write', '@fast'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Move a key to another database',
    complexity: 'O(1)',
    args: [keyArg, { name: 'db', type: 'integer' }],
    shard: moveKey,
  },
  {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast', 'fanout'],
    categories: ['@keyspace', '@write', '@fast', '@dangerous'],
    group: 'server',
    since: '4.0.0',
    summary: 'Swaps two Redis databases',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    args: [
      { name: 'index1', type: 'integer' },
      { name: 'index2', type: 'integer' },
    ],
    async conn(conn, argv, out) {
      const a = parseIntArg(argv[1], Err.SWAPDB_FIRST_INDEX);
      if (typeof a === 'string') {
        out.error(a);
        return;
      }
      const b = parseIntArg(argv[2], Err.SWAPDB_SECOND_INDEX);
      if (typeof b === 'string') {
        out.error(b);
        return;
      }
      if (a < 0 || a >= W.databases || b < 0 || b >= W.databases) {
        out.error(Err.DB_INDEX);
        return;
      }
      await onAllShardsAtomically(conn, 'keyspace.swapdb', [a, b]);
      out.ok();
    },
  },
  {
    name: 'keys',
    arity: 2,
    flags: ['readonly', 'fanout'],
    categories: ['@keyspace', '@read', '@slow', '@dangerous'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Find all keys matching the given pattern',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    args: [{ name: 'pattern', type: 'pattern' }],
    async conn(conn, argv, out) {
      const parts = await onAllShardsAtomically<string[]>(conn, 'keyspace.keys', { db: conn.dbIndex, pattern: argv[1] });
      let n = 0;
      for (const p of parts) n += p.length;
      out.array(n);
      for (const p of parts) for (const k of p) out.bulk(k);
    },
  },
  {
    name: 'scan',
    arity: -2,
    flags: ['readonly', 'fanout'],
    categories: ['@keyspace', '@read', '@slow'],
    group: 'generic',
    since: '2.8.0',
    summary: 'Incrementally iterate the keys space',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    args: [
      { name: 'cursor', type: 'integer' },
      { name: 'pattern', type: 'pattern', token: 'MATCH', optional: true },
      { name: 'count', type: 'integer', token: 'COUNT', optional: true },
      { name: 'type', type: 'string', token: 'TYPE', since: '6.0.0', optional: true },
    ],
    conn: scanCommand,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: ['readonly', 'fanout'],
    categories: ['@keyspace', '@read', '@slow'],
    group: 'generic',
    since: '1.0.0',
    summary: 'Return a random key from the keyspace',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      return randomKeyCommand(conn, out);
    },
  },
  {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast', 'fanout'],
    categories: ['@keyspace', '@read', '@fast'],
    group: 'server',
    since: '1.0.0',
    summary: 'Return the number of keys in the selected database',
    complexity: 'O(1)',
    async conn(conn, _argv, out) {
      const sizes = await onAllShardsAtomically<number>(conn, 'keyspace.dbsize', conn.dbIndex);
      let n = 0;
      for (const s of sizes) n += s;
      out.int(n);
    },
  },
  {
    name: 'flushdb',
    arity: -1,
    flags: ['write', 'fanout'],
    categories: ['@keyspace', '@write', '@slow', '@dangerous'],
    group: 'server',
    since: '1.0.0',
    summary: 'Remove all keys from the current database',
    complexity: 'O(N) where N is the number of keys in the selected database',
    args: flushArgs,
    async conn(conn, argv, out) {
      if (!flushMode(argv, out)) return;
      await onAllShardsAtomically(conn, 'keyspace.flush', conn.dbIndex);
      out.ok();
    },
  },
  {
    name: 'flushall',
    arity: -1,
    flags: ['write', 'fanout'],
    categories: ['@keyspace', '@write', '@slow', '@dangerous'],
    group: 'server',
    since: '1.0.0',
    summary: 'Remove all keys from all databases',
    complexity: 'O(N) where N is the total number of keys in all databases',
    args: flushArgs,
    async conn(conn, argv, out) {
      if (!flushMode(argv, out)) return;
      await onAllShardsAtomically(conn, 'keyspace.flush', -1);
      out.ok();
    },
  },
  {
    name: 'object',
    arity: -2,
    flags: [],
    categories: ['@slow'],
    group: 'generic',
    since: '2.2.3',
    summary: 'A container for object introspection commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        categories: ['@keyspace', '@slow'],
        group: 'generic',
        since: '6.2.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        conn(_conn, _argv, out) {
          out.array(OBJECT_HELP.length);
          for (const line of OBJECT_HELP) out.simple(line);
        },
      },
      objectSubcommand('encoding', '2.2.3', 'Inspect the internal encoding of a Redis object', (ctx, v) => {
        ctx.out.bulk(encodingOf(v));
      }),
      objectSubcommand('freq', '4.0.0', 'Get the logarithmic access frequency counter of a Redis object', (ctx) => {
        if (!lfuPolicy()) ctx.out.error(Err.LFU_NOT_SELECTED);
        else ctx.out.int(LFU_INIT_VAL);
      }),
      objectSubcommand('idletime', '2.2.3', 'Get the time since a Redis object was last accessed', (ctx) => {
        // access times are not tracked yet: every key reads as just used
        if (lfuPolicy()) ctx.out.error(Err.LFU_SELECTED);
        else ctx.out.int(0);
      }),
      objectSubcommand('refcount', '2.2.3', 'Get the number of references to the value of the key', (ctx, v) => {
        ctx.out.int(refcountOf(v));
      }),
    ],
  },
]);
