/**
 * The string family: GET SET GETEX GETDEL GETSET SETNX SETEX PSETEX MGET MSET MSETNX APPEND STRLEN
 * INCR DECR INCRBY DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS, with Redis 7.0's options,
 * argument checks in Redis's order and its exact error replies.
 *
 * Values are latin1 strings, int-encoded numbers or RawStrings (see keyspace/values.ts): writes of
 * whole values store what Redis's tryObjectEncoding would (int when canonical), APPEND and SETRANGE
 * turn the value into a RawString and edit it in place, INCR results beyond 2^53 stay exact as
 * decimal text (BigInt slow path), INCRBYFLOAT emulates long double arithmetic (util/str-float.ts).
 * Shard-side handlers; MGET/MSET also bring coordinators for keys on several shards (MSETNX, LCS use
 * the generic scratch executor). Worker threads. HOT PATH: GET, SET, MGET, MSET, INCR.
 */

import { register } from './registry.ts';
import type { ArgDoc, ExecCtx } from './types.ts';
import type { Reply } from '../resp/reply.ts';
import { Err } from '../errors.ts';
import { encodeString, isString, stringLength, stringOf, RawString, type StringValue } from '../keyspace/values.ts';
import { readKey, readString, writeString, writeStringOrNil, parseExpireTime } from './util/keys.ts';
import { is, parseInteger } from './util/args.ts';
import {
  bytesOf, indexGreater, lengthAllowed, maxBulkLen, parseIndex, parseLL, rawForWrite, rawWithCapacity, replyInt64, writeLookupString,
} from './util/str-value.ts';
import { addLongDouble, formatLongDouble, fromInteger, parseLongDouble, type LongDouble } from './util/str-float.ts';
import { lcsFull, lcsLength, type LcsResult } from './util/str-lcs.ts';
import { writeValue, type RespValue } from '../resp/collector.ts';

// SET / GETEX option flags (Redis's OBJ_SET_* / OBJ_* flags)
const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const PERSIST = 16;
const EX = 32;
const PX = 64;
const EXAT = 128;
const PXAT = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

/** argv index of the expire argument found by the last parseSetOptions (-1: none) */
let expireArg = -1;

/**
 * Parses SET's (isSet) or GETEX's options exactly as Redis's parseExtendedStringArgumentsOrReply:
 * repeating an option is allowed, conflicting ones are a syntax error, the last EX/PX/... wins.
 * Returns the flags, or -1 after replying a syntax error; the expire argument is in expireArg.
 */
function parseSetOptions(argv: string[], from: number, isSet: boolean, out: Reply): number {
  let f = 0;
  expireArg = -1;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j];
    const next = j + 1 < argv.length;
    if (isSet && is(opt, 'NX') && !(f & XX)) f |= NX;
    else if (isSet && is(opt, 'XX') && !(f & NX)) f |= XX;
    else if (isSet && is(opt, 'GET')) f |= GET;
    else if (isSet && is(opt, 'KEEPTTL') && !(f & (PERSIST | ANY_EXPIRE))) f |= KEEPTTL;
    else if (!isSet && is(opt, 'PERSIST') && !(f & (ANY_EXPIRE | KEEPTTL))) f |= PERSIST;
    else if (next && is(opt, 'EX') && !(f & (KEEPTTL | PERSIST | EXAT | PX | PXAT))) {
      f |= EX;
      expireArg = ++j;
    } else if (next && is(opt, 'PX') && !(f & (KEEPTTL | PERSIST | EX | EXAT | PXAT))) {
      f |= PX;
      expireArg = ++j;
    } else if (next && is(opt, 'EXAT') && !(f & (KEEPTTL | PERSIST | EX | PX | PXAT))) {
      f |= EXAT;
      expireArg = ++j;
    } else if (next && is(opt, 'PXAT') && !(f & (KEEPTTL | PERSIST | EX | EXAT | PX))) {
      f |= PXAT;
      expireArg = ++j;
    } else {
      out.error(Err.SYNTAX);
      return -1;
    }
  }
  return f;
}

/** The absolute expire time of a parsed EX/PX/EXAT/PXAT argument, or an error text. */
function expireOf(argv: string[], idx: number, f: number, now: number, cmd: string): number | string {
  return parseExpireTime(argv[idx], (f & (EX | EXAT)) !== 0, (f & (EX | PX)) !== 0, now, cmd);
}

function setCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const key = argv[1];
  const db = ctx.db;
  if (argv.length === 3) {
    db.set(key, encodeString(argv[2]));
    out.ok();
    return;
  }
  const flags = parseSetOptions(argv, 3, true, out);
  if (flags < 0) return;
  let expireAt = -1;
  if (expireArg >= 0) {
    const t = expireOf(argv, expireArg, flags, ctx.now, 'set');
    if (typeof t === 'string') {
      out.error(t);
      return;
    }
    expireAt = t;
  }
  let old = null;
  if (flags & GET) {
    const o = readString(ctx, key);
    if (o === undefined) return; // WRONGTYPE
    old = o;
  }
  if (flags & (NX | XX)) {
    const exists = flags & GET ? old !== null : db.lookup(key, ctx.now) !== undefined;
    if ((flags & NX && exists) || (flags & XX && !exists)) {
      if (flags & GET) writeStringOrNil(out, old);
      else out.nil();
      return;
    }
  }
  if (flags & GET) writeStringOrNil(out, old);
  db.set(key, encodeString(argv[2]), (flags & KEEPTTL) !== 0);
  if (expireAt >= 0) db.setExpire(key, expireAt);
  if (!(flags & GET)) out.ok();
}

function getexCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const flags = parseSetOptions(argv, 2, false, out);
  if (flags < 0) return;
  const key = argv[1];
  const v = readString(ctx, key);
  if (v === null) {
    out.nil();
    return;
  }
  if (v === undefined) return;
  let expireAt = -1;
  if (expireArg >= 0) {
    const t = expireOf(argv, expireArg, flags, ctx.now, 'getex');
    if (typeof t === 'string') {
      out.error(t);
      return;
    }
    expireAt = t;
  }
  writeString(out, v);
  const db = ctx.db;
  if (flags & (EXAT | PXAT) && expireAt <= ctx.now) db.delete(key);
  else if (expireAt >= 0) db.setExpire(key, expireAt);
  else if (flags & PERSIST) db.persist(key);
}

/** SETEX / PSETEX */
function setexGeneric(ctx: ExecCtx, argv: string[], seconds: boolean, name: string): void {
  const t = parseExpireTime(argv[2], seconds, true, ctx.now, name);
  if (typeof t === 'string') {
    ctx.out.error(t);
    return;
  }
  ctx.db.set(argv[1], encodeString(argv[3]));
  ctx.db.setExpire(argv[1], t);
  ctx.out.ok();
}

// ---- INCR family ---------------------------------------------------------------------------------

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The long long value of a string value, or undefined (not an integer or out of range). */
function integerOf(v: StringValue): number | bigint | undefined {
  if (typeof v === 'number') return v;
  return parseLL(typeof v === 'string' ? v : v.toString());
}

/** INCR/DECR/INCRBY/DECRBY with an already parsed increment. HOT PATH for INCR. */
function incrBy(ctx: ExecCtx, key: string, incr: number | bigint): void {
  const db = ctx.db;
  const out = ctx.out;
  const v = db.lookup(key, ctx.now);
  let cur: number | bigint | undefined;
  if (v === undefined) cur = 0;
  else if (typeof v === 'number') cur = v;
  else if (!isString(v)) {
    out.error(Err.WRONGTYPE);
    return;
  } else {
    cur = integerOf(v);
    if (cur === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
  }
  if (typeof cur === 'number' && typeof incr === 'number') {
    const r = cur + incr;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) {
      db.set(key, r, true);
      out.int(r);
      return;
    }
  }
  const r = BigInt(cur) + BigInt(incr);
  if (r > LLONG_MAX || r < LLONG_MIN) {
    out.error(Err.OVERFLOW);
    return;
  }
  // beyond 2^53 the value is kept as its exact decimal text
  db.set(key, r <= 9007199254740991n && r >= -9007199254740991n ? Number(r) : r.toString(), true);
  replyInt64(out, r);
}

function incrbyfloatCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const key = argv[1];
  const v = writeLookupString(ctx, key);
  if (v === undefined) return;
  // fast path: integers whose sum is exact as a double print as that integer
  const a = v === null ? 0 : typeof v === 'number' ? v : typeof v === 'string' ? parseInteger(v) : undefined;
  if (a !== undefined) {
    const b = parseInteger(argv[2]);
    if (b !== undefined && Number.isSafeInteger(a + b)) {
      const text = String(a + b);
      ctx.db.set(key, text, true);
      out.bulk(text);
      return;
    }
  }
  let cur: LongDouble | undefined;
  if (v === null) cur = fromInteger(0);
  else if (typeof v === 'number') cur = fromInteger(v);
  else cur = parseLongDouble(typeof v === 'string' ? v : v.toString());
  const incr = cur === undefined ? undefined : parseLongDouble(argv[2]);
  if (cur === undefined || incr === undefined) {
    out.error(Err.NOT_FLOAT);
    return;
  }
  const sum = addLongDouble(cur, incr);
  if (sum.inf) {
    out.error(Err.INCR_NAN);
    return;
  }
  // stored as text, never int-encoded (Redis creates an embstr/raw string here)
  const text = formatLongDouble(sum);
  ctx.db.set(key, text, true);
  out.bulk(text);
}

// ---- ranges and in-place edits ---------------------------------------------------------------------

function getrangeCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  let start = parseIndex(argv[2]);
  let end = parseIndex(argv[3]);
  if (start === undefined || end === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  const v = readKey(ctx, argv[1]);
  if (v === undefined) {
    out.bulk('');
    return;
  }
  if (!isString(v)) {
    out.error(Err.WRONGTYPE);
    return;
  }
  const len = stringLength(v);
  if (start < 0 && end < 0 && indexGreater(start, end, argv[2], argv[3])) {
    out.bulk('');
    return;
  }
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) {
    out.bulk('');
    return;
  }
  if (v instanceof RawString) out.bulkBuf(v.buf.subarray(start, end + 1));
  else out.bulk(stringOf(v).slice(start, end + 1));
}

function setrangeCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const key = argv[1];
  const value = argv[3];
  const o = parseLL(argv[2]);
  if (o === undefined) {
    out.error(Err.NOT_INTEGER);
    return;
  }
  if (o < 0) {
    out.error(Err.OFFSET_OUT_OF_RANGE);
    return;
  }
  const offset = Number(o);
  const n = value.length;
  const db = ctx.db;
  const v = writeLookupString(ctx, key);
  if (v === undefined) return;
  if (v === null) {
    if (n === 0) {
      out.int(0);
      return;
    }
    if (!lengthAllowed(offset, n)) {
      out.error(Err.STRING_TOO_LONG);
      return;
    }
    const r = rawWithCapacity('', offset + n);
    r.len = offset + n;
    r.buf.latin1Write(value, offset);
    db.set(key, r);
    out.int(r.len);
    return;
  }
  if (n === 0) {
    out.int(stringLength(v));
    return;
  }
  if (!lengthAllowed(offset, n)) {
    out.error(Err.STRING_TOO_LONG);
    return;
  }
  const need = offset + n;
  const r = rawForWrite(db, key, v, need);
  if (need > r.len) {
    r.ensure(need);
    r.len = need;
  }
  r.buf.latin1Write(value, offset);
  db.signalModified(key);
  out.int(r.len);
}

function appendCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const key = argv[1];
  const add = argv[2];
  const db = ctx.db;
  const v = writeLookupString(ctx, key);
  if (v === undefined) return;
  if (v === null) {
    db.set(key, encodeString(add));
    out.int(add.length);
    return;
  }
  const len = stringLength(v);
  if (!lengthAllowed(len, add.length)) {
    out.error(Err.STRING_TOO_LONG);
    return;
  }
  const need = len + add.length;
  const r = rawForWrite(db, key, v, need);
  if (need > r.buf.length) r.ensure(need);
  if (add.length > 0) r.buf.latin1Write(add, r.len);
  r.len = need;
  db.signalModified(key);
  out.int(need);
}

// ---- LCS -----------------------------------------------------------------------------------------

function lcsCommand(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  const va = readKey(ctx, argv[1]);
  const vb = readKey(ctx, argv[2]);
  if ((va !== undefined && !isString(va)) || (vb !== undefined && !isString(vb))) {
    out.error(Err.LCS_NOT_STRINGS);
    return;
  }
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    if (is(opt, 'IDX')) getIdx = true;
    else if (is(opt, 'LEN')) getLen = true;
    else if (is(opt, 'WITHMATCHLEN')) withMatchLen = true;
    else if (is(opt, 'MINMATCHLEN') && j + 1 < argv.length) {
      const m = parseLL(argv[++j]);
      if (m === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      minMatchLen = m < 0 ? 0 : Number(m);
    } else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  if (getIdx && getLen) {
    out.error(Err.LCS_LEN_AND_IDX);
    return;
  }
  const a = va === undefined ? new Uint8Array(0) : bytesOf(va as StringValue);
  const b = vb === undefined ? new Uint8Array(0) : bytesOf(vb as StringValue);
  if (a.length >= 0xfffffffe || b.length >= 0xfffffffe) {
    out.error(Err.LCS_TOO_LONG);
    return;
  }
  if ((a.length + 1) * (b.length + 1) * 4 > maxBulkLen()) {
    out.error(Err.LCS_MEMORY_LIMIT);
    return;
  }
  if (getLen) {
    out.int(lcsLength(a, b));
    return;
  }
  let res: LcsResult;
  try {
    res = lcsFull(a, b, getIdx, minMatchLen);
  } catch {
    out.error(Err.LCS_ALLOC_FAILED);
    return;
  }
  if (!getIdx) {
    out.bulkBuf(res.str);
    return;
  }
  out.map(2);
  out.bulk('matches');
  out.array(res.matches.length);
  for (const m of res.matches) {
    out.array(withMatchLen ? 3 : 2);
    out.array(2);
    out.int(m.a0);
    out.int(m.a1);
    out.array(2);
    out.int(m.b0);
    out.int(m.b1);
    if (withMatchLen) out.int(m.len);
  }
  out.bulk('len');
  out.int(res.len);
}

const RANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';
const RANGE_ARGS: ArgDoc[] = [
  { name: 'key', type: 'key', key_spec_index: 0 },
  { name: 'start', type: 'integer' },
  { name: 'end', type: 'integer' },
];


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
      const { groups, results } = await run.callPerShard(argv, 1, 1);
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
        name: 'key_value', type: 'block', multiple: true,
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
      await run.callPerShard(argv, 1, 2);
      out.ok();
    },
  },
  {
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    step: 2,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '1.0.1',
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    complexity: 'O(N) where N is the number of keys to set.',
    args: [
      {
        name: 'key_value', type: 'block', multiple: true,
        arguments: [
          { name: 'key', type: 'key', key_spec_index: 0 },
          { name: 'value', type: 'string' },
        ],
      },
    ],
    shard(ctx, argv) {
      if (argv.length % 2 === 0) {
        ctx.out.error(Err.WRONG_ARGS('msetnx'));
        return;
      }
      const db = ctx.db;
      for (let i = 1; i < argv.length; i += 2) {
        if (db.lookup(argv[i], ctx.now) !== undefined) {
          ctx.out.int(0);
          return;
        }
      }
      for (let i = 1; i < argv.length; i += 2) db.set(argv[i], encodeString(argv[i + 1]));
      ctx.out.int(1);
    },
  },
  {
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '6.2.0',
    summary: 'Get the value of a key and optionally set its expiration',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'expiration', type: 'oneof', optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX' },
          { name: 'milliseconds', type: 'integer', token: 'PX' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
          { name: 'persist', type: 'pure-token', token: 'PERSIST' },
        ],
      },
    ],
    shard: getexCommand,
  },
  {
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '6.2.0',
    summary: 'Get the value of a key and delete the key',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    shard(ctx, argv) {
      const v = readString(ctx, argv[1]);
      if (v === undefined) return;
      if (v === null) {
        ctx.out.nil();
        return;
      }
      writeString(ctx.out, v);
      ctx.db.delete(argv[1]);
    },
  },
  {
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Set the string value of a key and return its old value',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
    shard(ctx, argv) {
      const v = readString(ctx, argv[1]);
      if (v === undefined) return;
      writeStringOrNil(ctx.out, v);
      ctx.db.set(argv[1], encodeString(argv[2]));
    },
  },
  {
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Set the value of a key, only if the key does not exist',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
    shard(ctx, argv) {
      if (ctx.db.lookup(argv[1], ctx.now) !== undefined) {
        ctx.out.int(0);
        return;
      }
      ctx.db.set(argv[1], encodeString(argv[2]));
      ctx.out.int(1);
    },
  },
  {
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '2.0.0',
    summary: 'Set the value and expiration of a key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'seconds', type: 'integer' },
      { name: 'value', type: 'string' },
    ],
    shard(ctx, argv) {
      setexGeneric(ctx, argv, true, 'setex');
    },
  },
  {
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '2.6.0',
    summary: 'Set the value and expiration in milliseconds of a key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'milliseconds', type: 'integer' },
      { name: 'value', type: 'string' },
    ],
    shard(ctx, argv) {
      setexGeneric(ctx, argv, false, 'psetex');
    },
  },
  {
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '2.0.0',
    summary: 'Append a value to a key',
    complexity:
      'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'value', type: 'string' },
    ],
    shard: appendCommand,
  },
  {
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@string', '@fast'],
    group: 'string',
    since: '2.2.0',
    summary: 'Get the length of the value stored in a key',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    shard(ctx, argv) {
      const v = readKey(ctx, argv[1]);
      if (v === undefined) ctx.out.int(0);
      else if (!isString(v)) ctx.out.error(Err.WRONGTYPE);
      else ctx.out.int(stringLength(v));
    },
  },
  {
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Increment the integer value of a key by one',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    shard(ctx, argv) {
      incrBy(ctx, argv[1], 1);
    },
  },
  {
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Decrement the integer value of a key by one',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    shard(ctx, argv) {
      incrBy(ctx, argv[1], -1);
    },
  },
  {
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Increment the integer value of a key by the given amount',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'increment', type: 'integer' },
    ],
    shard(ctx, argv) {
      const incr = parseLL(argv[2]);
      if (incr === undefined) ctx.out.error(Err.NOT_INTEGER);
      else incrBy(ctx, argv[1], incr);
    },
  },
  {
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '1.0.0',
    summary: 'Decrement the integer value of a key by the given number',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'decrement', type: 'integer' },
    ],
    shard(ctx, argv) {
      const decr = parseLL(argv[2]);
      if (decr === undefined) ctx.out.error(Err.NOT_INTEGER);
      else if (decr === LLONG_MIN) ctx.out.error(Err.DECR_OVERFLOW);
      else incrBy(ctx, argv[1], -decr);
    },
  },
  {
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@fast'],
    group: 'string',
    since: '2.6.0',
    summary: 'Increment the float value of a key by the given amount',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'increment', type: 'double' },
    ],
    shard: incrbyfloatCommand,
  },
  {
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@string', '@slow'],
    group: 'string',
    since: '2.4.0',
    summary: 'Get a substring of the string stored at a key',
    complexity: RANGE_COMPLEXITY,
    args: RANGE_ARGS,
    shard: getrangeCommand,
  },
  {
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@string', '@slow'],
    group: 'string',
    since: '1.0.0',
    summary: 'Get a substring of the string stored at a key',
    complexity: RANGE_COMPLEXITY,
    docFlags: ['deprecated'],
    args: RANGE_ARGS,
    shard: getrangeCommand,
  },
  {
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@string', '@slow'],
    group: 'string',
    since: '2.2.0',
    summary: 'Overwrite part of a string at key starting at the specified offset',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'offset', type: 'integer' },
      { name: 'value', type: 'string' },
    ],
    shard: setrangeCommand,
  },
  {
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    categories: ['@read', '@string', '@slow'],
    group: 'string',
    since: '7.0.0',
    summary: 'Find longest common substring',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    args: [
      { name: 'key1', type: 'key', key_spec_index: 0 },
      { name: 'key2', type: 'key', key_spec_index: 0 },
      { name: 'len', type: 'pure-token', token: 'LEN', optional: true },
      { name: 'idx', type: 'pure-token', token: 'IDX', optional: true },
      { name: 'len', type: 'integer', token: 'MINMATCHLEN', optional: true },
      { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', optional: true },
    ],
    shard: lcsCommand,
  },
]);
