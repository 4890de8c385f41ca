/**
 * Sorted-set commands: ZADD (NX XX GT LT CH INCR) ZINCRBY ZREM ZCARD ZSCORE ZCOUNT ZRANK ZREVRANK
 * ZPOPMIN ZPOPMAX ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), with Redis 7.0's
 * replies (RESP3 doubles and nested pairs), error texts and argument-check order. Values are ZSet
 * (keyspace/zset.ts); a sorted set that becomes empty is deleted, every change is signalled to
 * the database. Shard-side handlers on the key's worker. HOT PATH: ZADD, ZPOPMIN.
 *
 * Scores print like Redis 7.0's "%.17g" (ZADD z 0.1 m; ZSCORE z m -> "0.10000000000000001"),
 * through the reply writer's double (resp/double.ts).
 */

import { cached } from './util/config-cache.ts';
import { register } from './registry.ts';
import type { CommandDef, ExecCtx } from './types.ts';
import type { Reply } from '../resp/reply.ts';
import { Err } from '../errors.ts';
import { Kind } from '../keyspace/values.ts';
import { ZSet, type LexBound, type ScoreRange } from '../keyspace/zset.ts';
import { readCollection } from './util/keys.ts';
import { is } from './util/args.ts';
import { parseLong } from './list.ts';
import { W } from '../worker/state.ts';

// ---------------------------------------------------------------------------------------------
// number parsing

const DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;

/** strtod over a whole string without the range checks: a double, or undefined (NaN included). */
function strtodWhole(s: string): number | undefined {
  if (DEC_RE.test(s)) return Number(s);
  if (INF_RE.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  const h = HEX_RE.exec(s);
  if (h === null) return undefined;
  const int = h[2];
  const frac = h[3] ?? '';
  if (int.length + frac.length === 0) return undefined;
  let v = 0;
  for (const c of int + frac) v = v * 16 + parseInt(c, 16);
  const e = (h[4] === undefined ? 0 : Number(h[4])) - 4 * frac.length;
  v = e >= 0 ? v * 2 ** e : v / 2 ** -e;
  return h[1] === '-' ? -v : v;
}

/** true when a decimal/hex number's text has a nonzero digit (so a 0 result is an underflow) */
function hasNonzeroDigit(s: string): boolean {
  const body = s.replace(/^[+-]?(0[xX])?/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 101 || c === 69 || c === 112 || c === 80) break; // exponent
    if (c >= 49 && c <= 57) return true;
    if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) return true;
  }
  return false;
}

/**
 * A score argument as Redis's getDoubleFromObject reads it (string2d): the whole string must be a
 * number, no leading space, no overflow to infinity, no underflow to zero, not NaN.
 */
export function parseScore(s: string): number | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  const c = s.charCodeAt(0);
  if (c === 32 || (c >= 9 && c <= 13)) return undefined;
  const v = strtodWhole(s);
  if (v === undefined) return undefined;
  if (v === Infinity || v === -Infinity) return INF_RE.test(s) ? v : undefined;
  if (v === 0 && hasNonzeroDigit(s)) return undefined;
  return v;
}

/**
 * A ZCOUNT / BYSCORE bound as zslParseRange reads it: plain strtod up to a NUL byte, so leading
 * spaces, overflow and "" (zero) are accepted; NaN is not.
 */
function parseBound(s: string): number | undefined {
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) i++;
    else break;
  }
  return strtodWhole(i === 0 ? s : s.slice(i));
}

/** Parses min and max (with "(" for exclusive) into `range`; false when either is not a float. */
function parseScoreRange(min: string, max: string, range: ScoreRange): boolean {
  range.minEx = min.charCodeAt(0) === 40;
  range.maxEx = max.charCodeAt(0) === 40;
  const a = parseBound(range.minEx ? min.slice(1) : min);
  const b = parseBound(range.maxEx ? max.slice(1) : max);
  if (a === undefined || b === undefined) return false;
  range.min = a;
  range.max = b;
  return true;
}

function parseLexBound(s: string): LexBound | undefined {
  const c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    // '+' / '-' must stand alone (Redis reads up to a NUL byte)
    if (s.length > 1 && s.charCodeAt(1) !== 0) return undefined;
    return { v: '', ex: true, inf: c === 43 ? 1 : -1 };
  }
  if (c === 40) return { v: s.slice(1), ex: true, inf: 0 };
  if (c === 91) return { v: s.slice(1), ex: false, inf: 0 };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// score printing

/** Writes a score reply: a bulk string in RESP2, a double in RESP3, printed like %.17g. */
function writeScore(out: Reply, d: number): void {
  out.double(d); // a bulk string in RESP2, a double in RESP3, printed like %.17g either way
}

// ---------------------------------------------------------------------------------------------
// helpers

/**
 * The zset-max-listpack-* thresholds, cached from the worker's configuration and re-read after
 * any change to it (CONFIG SET reaches every worker's copy, whose listeners run), so the hot
 * path does not look them up by name on every call.
 */
let maxEntries = 0;
let maxValue = 0;
const loadLimits = cached((c) => {
  maxEntries = c.int('zset-max-listpack-entries');
  maxValue = c.int('zset-max-listpack-value');
});

/** Reads a sorted set for writing (no keyspace stats): the set, null when absent, undefined after WRONGTYPE. */
function writeZSet(ctx: ExecCtx, key: string): ZSet | null | undefined {
  const v = ctx.db.lookup(key, ctx.now);
  if (v === undefined) return null;
  if (!(v instanceof ZSet)) {
    ctx.out.error(Err.WRONGTYPE);
    return undefined;
  }
  return v;
}

function readZSet(ctx: ExecCtx, key: string): ZSet | null | undefined {
  return readCollection<ZSet>(ctx, key, Kind.ZSet);
}

// ---------------------------------------------------------------------------------------------
// ZADD / ZINCRBY

const F_NX = 1;
const F_XX = 2;
const F_GT = 4;
const F_LT = 8;
const F_INCR = 16;
const F_CH = 32;

const R_NOP = 0;
const R_ADDED = 1;
const R_UPDATED = 2;
const R_SAME = 3;
const R_NAN = 4;

/** the score zaddOne settled on (the reply of ZADD INCR) */
let newScore = 0;

/** One score-member pair of ZADD (Redis's zsetAdd). */
function zaddOne(z: ZSet, m: string, score: number, flags: number, maxEntries: number, maxValue: number): number {
  const cur = z.score(m);
  if (cur !== undefined) {
    if (flags & F_NX) return R_NOP;
    if (flags & F_INCR) {
      score += cur;
      if (Number.isNaN(score)) return R_NAN;
    }
    if ((flags & F_LT && score >= cur) || (flags & F_GT && score <= cur)) return R_NOP;
    newScore = score;
    if (score !== cur) {
      z.update(m, cur, score);
      return R_UPDATED;
    }
    return R_SAME;
  }
  if (flags & F_XX) return R_NOP;
  z.addNew(m, score, maxEntries, maxValue);
  newScore = score;
  return R_ADDED;
}

const scoreBuf: number[] = [];

function zadd(ctx: ExecCtx, argv: string[], baseFlags: number): void {
  const out = ctx.out;
  let flags = baseFlags;
  let i = 2;
  for (; i < argv.length; i++) {
    const o = argv[i];
    if (o.length > 4 || o.length < 2) break;
    if (is(o, 'NX')) flags |= F_NX;
    else if (is(o, 'XX')) flags |= F_XX;
    else if (is(o, 'CH')) flags |= F_CH;
    else if (is(o, 'INCR')) flags |= F_INCR;
    else if (is(o, 'GT')) flags |= F_GT;
    else if (is(o, 'LT')) flags |= F_LT;
    else break;
  }
  const first = i;
  const rest = argv.length - first;
  if (rest === 0 || rest % 2 !== 0) {
    out.error(Err.SYNTAX);
    return;
  }
  const elements = rest / 2;
  if (flags & F_NX && flags & F_XX) {
    out.error(Err.ZADD_XX_NX);
    return;
  }
  if ((flags & F_GT && flags & F_NX) || (flags & F_LT && flags & F_NX) || (flags & F_GT && flags & F_LT)) {
    out.error(Err.ZADD_GT_LT_NX);
    return;
  }
  const incr = (flags & F_INCR) !== 0;
  if (incr && elements > 1) {
    out.error(Err.ZADD_INCR_PAIR);
    return;
  }
  const scores = scoreBuf;
  scores.length = elements;
  for (let j = 0; j < elements; j++) {
    const s = parseScore(argv[first + 2 * j]);
    if (s === undefined) {
      out.error(Err.NOT_FLOAT);
      return;
    }
    scores[j] = s;
  }
  const key = argv[1];
  let z = writeZSet(ctx, key);
  if (z === undefined) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === null && flags & F_XX) {
    // no key and XX: nothing to do
  } else {
    loadLimits();
    let created = false;
    if (z === null) {
      z = ZSet.forFirst(argv[first + 1], maxEntries, maxValue);
      ctx.db.set(key, z);
      created = true;
    }
    for (let j = 0; j < elements; j++) {
      const r = zaddOne(z, argv[first + 2 * j + 1], scores[j], flags, maxEntries, maxValue);
      if (r === R_NAN) {
        if (added + updated > 0) ctx.db.signalModified(key);
        out.error(Err.SCORE_NAN);
        return;
      }
      if (r === R_ADDED) added++;
      else if (r === R_UPDATED) updated++;
      if (r !== R_NOP) {
        processed++;
        score = newScore;
      }
    }
    if (!created && added + updated > 0) ctx.db.signalModified(key);
  }
  if (incr) {
    if (processed > 0) writeScore(out, score);
    else out.nil();
  } else out.int(flags & F_CH ? added + updated : added);
}

// ---------------------------------------------------------------------------------------------
// ZPOPMIN / ZPOPMAX

function zpop(ctx: ExecCtx, argv: string[], max: boolean): void {
  const out = ctx.out;
  if (argv.length > 3) {
    out.error(Err.SYNTAX);
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const c = parseLong(argv[2]);
    if (c === undefined || c < 0) {
      out.error(Err.MUST_BE_POSITIVE);
      return;
    }
    count = c;
  }
  const nested = out.proto === 3 && count !== -1;
  const key = argv[1];
  const z = writeZSet(ctx, key);
  if (z === undefined) return;
  if (z === null || count === 0) {
    out.array(0);
    return;
  }
  if (count === -1) count = 1;
  const n = Math.min(count, z.size);
  out.array(nested ? n : n * 2);
  for (let i = 0; i < n; i++) {
    const [m, s] = z.at(max ? z.size - 1 : 0);
    z.delete(m);
    if (nested) out.array(2);
    out.bulk(m);
    writeScore(out, s);
  }
  if (z.size === 0) ctx.db.delete(key);
  else ctx.db.signalModified(key);
}

// ---------------------------------------------------------------------------------------------
// ZRANGE

const RANK = 0;
const BYSCORE = 1;
const BYLEX = 2;

/** Writes `n` results starting at rank `from`, walking down when `reverse`. */
function emitRange(out: Reply, z: ZSet, from: number, n: number, reverse: boolean, withScores: boolean): void {
  const pairs = withScores && out.proto === 3;
  out.array(withScores && !pairs ? n * 2 : n);
  if (n === 0) return;
  const start = reverse ? from - n + 1 : from;
  const end = reverse ? from : from + n - 1;
  z.tree.forRange(start, end, reverse, (m, s) => {
    if (pairs) out.array(2);
    out.bulk(m);
    if (withScores) writeScore(out, s);
  });
}

const scratchRange: ScoreRange = { min: 0, max: 0, minEx: false, maxEx: false };

function zrange(ctx: ExecCtx, argv: string[]): void {
  const out = ctx.out;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let reverse = false;
  let type = RANK;
  let revSeen = false;
  let typeSeen = false;
  for (let j = 4; j < argv.length; j++) {
    const a = argv[j];
    const left = argv.length - j - 1;
    if (is(a, 'WITHSCORES')) withScores = true;
    else if (is(a, 'LIMIT') && left >= 2) {
      const o = parseLong(argv[j + 1]);
      const l = o === undefined ? undefined : parseLong(argv[j + 2]);
      if (o === undefined || l === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      offset = o;
      limit = l;
      j += 2;
    } else if (!revSeen && is(a, 'REV')) {
      reverse = true;
      revSeen = true;
    } else if (!typeSeen && is(a, 'BYLEX')) {
      type = BYLEX;
      typeSeen = true;
    } else if (!typeSeen && is(a, 'BYSCORE')) {
      type = BYSCORE;
      typeSeen = true;
    } else {
      out.error(Err.SYNTAX);
      return;
    }
  }
  if (limit !== -1 && type === RANK) {
    out.error(Err.LIMIT_NEEDS_BY);
    return;
  }
  if (withScores && type === BYLEX) {
    out.error(Err.WITHSCORES_BYLEX);
    return;
  }
  const minArg = reverse && type !== RANK ? argv[3] : argv[2];
  const maxArg = reverse && type !== RANK ? argv[2] : argv[3];
  let start = 0;
  let end = 0;
  let lexMin: LexBound | undefined;
  let lexMax: LexBound | undefined;
  const range = scratchRange;
  if (type === RANK) {
    const a = parseLong(minArg);
    const b = a === undefined ? undefined : parseLong(maxArg);
    if (a === undefined || b === undefined) {
      out.error(Err.NOT_INTEGER);
      return;
    }
    start = a;
    end = b;
  } else if (type === BYSCORE) {
    if (!parseScoreRange(minArg, maxArg, range)) {
      out.error(Err.MIN_MAX_FLOAT);
      return;
    }
  } else {
    lexMin = parseLexBound(minArg);
    lexMax = lexMin === undefined ? undefined : parseLexBound(maxArg);
    if (lexMin === undefined || lexMax === undefined) {
      out.error(Err.MIN_MAX_LEX);
      return;
    }
  }
  const z = readZSet(ctx, argv[1]);
  if (z === undefined) return;
  if (z === null) {
    out.array(0);
    return;
  }
  const len = z.size;
  if (type === RANK) {
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
      out.array(0);
      return;
    }
    if (end >= len) end = len - 1;
    const n = end - start + 1;
    if (reverse) emitRange(out, z, len - 1 - start, n, true, withScores);
    else emitRange(out, z, start, n, false, withScores);
    return;
  }
  if (offset > 0 && offset >= len) {
    out.array(0);
    return;
  }
  const [a, b] = type === BYSCORE ? z.scoreRange(range) : z.lexRange(lexMin!, lexMax!);
  let avail = b - a;
  if (avail <= 0 || offset < 0) {
    out.array(0);
    return;
  }
  avail -= offset;
  let n = avail < 0 ? 0 : avail;
  if (limit >= 0 && limit < n) n = limit;
  if (reverse) emitRange(out, z, b - 1 - offset, n, true, withScores);
  else emitRange(out, z, a + offset, n, false, withScores);
}

// ---------------------------------------------------------------------------------------------
// small commands

function zrem(ctx: ExecCtx, argv: string[]): void {
  const key = argv[1];
  const z = writeZSet(ctx, key);
  if (z === undefined) return;
  if (z === null) {
    ctx.out.int(0);
    return;
  }
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (z.delete(argv[i])) {
      deleted++;
      if (z.size === 0) break;
    }
  }
  if (z.size === 0) ctx.db.delete(key);
  else if (deleted > 0) ctx.db.signalModified(key);
  ctx.out.int(deleted);
}

function zcount(ctx: ExecCtx, argv: string[]): void {
  const range = scratchRange;
  if (!parseScoreRange(argv[2], argv[3], range)) {
    ctx.out.error(Err.MIN_MAX_FLOAT);
    return;
  }
  const z = readZSet(ctx, argv[1]);
  if (z === undefined) return;
  if (z === null) {
    ctx.out.int(0);
    return;
  }
  const [a, b] = z.scoreRange(range);
  ctx.out.int(b - a);
}

function zrank(ctx: ExecCtx, argv: string[], reverse: boolean): void {
  const z = readZSet(ctx, argv[1]);
  if (z === undefined) return;
  const r = z === null ? undefined : z.rankOf(argv[2]);
  if (r === undefined) ctx.out.nil();
  else ctx.out.int(reverse ? z!.size - 1 - r : r);
}

const SPEC = {
  zadd: {
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Add one or more members to a sorted set, or update its score if it already exists',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'condition', type: 'oneof', since: '3.0.2', optional: true, arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ] },
      { name: 'comparison', type: 'oneof', since: '6.2.0', optional: true, arguments: [
          { name: 'gt', type: 'pure-token', token: 'GT' },
          { name: 'lt', type: 'pure-token', token: 'LT' },
        ] },
      { name: 'change', type: 'pure-token', token: 'CH', since: '3.0.2', optional: true },
      { name: 'increment', type: 'pure-token', token: 'INCR', since: '3.0.2', optional: true },
      { name: 'score_member', type: 'block', multiple: true, arguments: [
          { name: 'score', type: 'double' },
          { name: 'member', type: 'string' },
        ] },
    ],
  },
  zpopmin: {
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '5.0.0',
    summary: 'Remove and return members with the lowest scores in a sorted set',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', optional: true },
    ],
  },
  zpopmax: {
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '5.0.0',
    summary: 'Remove and return members with the highest scores in a sorted set',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'count', type: 'integer', optional: true },
    ],
  },
  zcard: {
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Get the number of members in a sorted set',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
    ],
  },
  zscore: {
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Get the score associated with the given member in a sorted set',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string' },
    ],
  },
  zrange: {
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@slow'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Return a range of members in a sorted set',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'start', type: 'string' },
      { name: 'stop', type: 'string' },
      { name: 'sortby', type: 'oneof', since: '6.2.0', optional: true, arguments: [
          { name: 'byscore', type: 'pure-token', token: 'BYSCORE' },
          { name: 'bylex', type: 'pure-token', token: 'BYLEX' },
        ] },
      { name: 'rev', type: 'pure-token', token: 'REV', since: '6.2.0', optional: true },
      { name: 'offset_count', type: 'block', token: 'LIMIT', since: '6.2.0', optional: true, arguments: [
          { name: 'offset', type: 'integer' },
          { name: 'count', type: 'integer' },
        ] },
      { name: 'withscores', type: 'pure-token', token: 'WITHSCORES', optional: true },
    ],
  },
  zrank: {
    name: 'zrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '2.0.0',
    summary: 'Determine the index of a member in a sorted set',
    complexity: 'O(log(N))',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string' },
    ],
  },
  zrevrank: {
    name: 'zrevrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '2.0.0',
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
    complexity: 'O(log(N))',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string' },
    ],
  },
  zrem: {
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Remove one or more members from a sorted set',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'member', type: 'string', multiple: true },
    ],
  },
  zincrby: {
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@write', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '1.2.0',
    summary: 'Increment the score of a member in a sorted set',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'increment', type: 'integer' },
      { name: 'member', type: 'string' },
    ],
  },
  zcount: {
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    categories: ['@read', '@sortedset', '@fast'],
    group: 'sorted-set',
    since: '2.0.0',
    summary: 'Count the members in a sorted set with scores within the given values',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [
      { name: 'key', type: 'key', key_spec_index: 0 },
      { name: 'min', type: 'double' },
      { name: 'max', type: 'double' },
    ],
  },
} satisfies Record<string, CommandDef>;

register([
  { ...SPEC.zadd, shard: (ctx, argv) => zadd(ctx, argv, 0) },
  { ...SPEC.zincrby, shard: (ctx, argv) => zadd(ctx, argv, F_INCR) },
  { ...SPEC.zpopmin, shard: (ctx, argv) => zpop(ctx, argv, false) },
  { ...SPEC.zpopmax, shard: (ctx, argv) => zpop(ctx, argv, true) },
  {
    ...SPEC.zcard,
    shard(ctx, argv) {
      const z = readZSet(ctx, argv[1]);
      if (z !== undefined) ctx.out.int(z === null ? 0 : z.size);
    },
  },
  {
    ...SPEC.zscore,
    shard(ctx, argv) {
      const z = readZSet(ctx, argv[1]);
      if (z === undefined) return;
      const s = z === null ? undefined : z.score(argv[2]);
      if (s === undefined) ctx.out.nil();
      else writeScore(ctx.out, s);
    },
  },
  { ...SPEC.zrange, shard: zrange },
  { ...SPEC.zrank, shard: (ctx, argv) => zrank(ctx, argv, false) },
  { ...SPEC.zrevrank, shard: (ctx, argv) => zrank(ctx, argv, true) },
  { ...SPEC.zrem, shard: zrem },
  { ...SPEC.zcount, shard: zcount },
]);
