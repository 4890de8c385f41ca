// Sorted-set commands against the real redis-server, with 1 and 4 engine shards:
// ZADD (NX XX GT LT CH INCR) ZINCRBY ZREM ZCARD ZSCORE ZCOUNT ZRANK ZREVRANK ZPOPMIN ZPOPMAX and
// ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) — option combinations, score parsing
// and printing (%.17g, inf, -0 in listpack vs skiplist), RESP3 doubles and nested pairs,
// listpack/skiplist encodings and their transitions, a large random workload compared in full,
// empty sets deleted, WATCH seeing in-place changes, values moved between shards, and every
// error reply.
import { differentialSuite, type Command } from '../helpers/differential.ts';

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const pairs = (n: number, f: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => f(i)).flat();

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

differentialSuite('ZADD', [
  {
    name: 'adds members, counts only new ones, updates scores',
    script: [
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZADD', 'z', '3', 'a', '4', 'c'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZCARD', 'z'],
      ['TYPE', 'z'],
      ['ZADD', 'z', '5', 'd', '6', 'd'],
      ['ZSCORE', 'z', 'd'],
    ],
  },
  {
    name: 'NX adds only new members, XX only updates existing ones; CH counts changes too',
    script: [
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'NX', '10', 'a', '3', 'c'],
      ['ZADD', 'z', 'XX', '10', 'a', '4', 'd'],
      ['ZADD', 'z', 'XX', 'CH', '11', 'a', '2', 'b', '5', 'e'],
      ['ZADD', 'z', 'nx', 'ch', '1', 'a', '6', 'f'],
      ['ZADD', 'z', 'CH', '11', 'a', '7', 'g'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'nokey', 'XX', '1', 'a'],
      ['EXISTS', 'nokey'],
    ],
  },
  {
    name: 'GT and LT update only upward / downward but always add new members',
    script: [
      ['ZADD', 'z', '5', 'a', '5', 'b'],
      ['ZADD', 'z', 'GT', 'CH', '6', 'a', '4', 'b', '1', 'c'],
      ['ZADD', 'z', 'LT', 'CH', '1', 'a', '9', 'b', '2', 'd'],
      ['ZADD', 'z', 'GT', 'CH', '1', 'a'],
      ['ZADD', 'z', 'XX', 'GT', 'CH', '10', 'a', '10', 'new'],
      ['ZADD', 'z', 'XX', 'LT', '0', 'b'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'INCR replies the new score, or nil when a condition stops it',
    script: [
      ['ZADD', 'z', 'INCR', '5', 'a'],
      ['ZADD', 'z', 'INCR', '-2.5', 'a'],
      ['ZADD', 'z', 'NX', 'INCR', '1', 'a'],
      ['ZADD', 'z', 'XX', 'INCR', '1', 'b'],
      ['ZADD', 'z', 'GT', 'INCR', '-1', 'a'],
      ['ZADD', 'z', 'LT', 'INCR', '-1', 'a'],
      ['ZADD', 'z', 'INCR', '0', 'a'],
      ['ZADD', 'z', 'GT', 'INCR', '0', 'a'],
      ['ZADD', 'z', 'NX', 'INCR', '7', 'c'],
      ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'INCR in RESP3 replies a double or null',
    resp3: true,
    script: [['ZADD', 'z', 'INCR', '1.5', 'a'], ['ZADD', 'z', 'NX', 'INCR', '1', 'a'], ['ZADD', 'z', 'CH', '1', 'a'], ['ZSCORE', 'z', 'a']],
  },
  {
    name: 'option conflicts and INCR with several pairs are refused',
    script: [
      ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'],
      ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'NX', 'LT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
      ['ZADD', 'z', 'NX', 'XX', 'x', 'a'],
      ['ZADD', 'z', 'INCR', 'x', 'a', '2', 'b'],
      ['ZADD', 'z', 'NX', 'XX', 'GT', '1', 'a'],
      ['EXISTS', 'z'],
    ],
  },
  {
    name: 'an odd or empty score/member list is a syntax error; too few arguments are an arity error',
    script: [['ZADD', 'z', '1'], ['ZADD', 'z', 'NX', '1'], ['ZADD', 'z', '1', 'a', '2'], ['ZADD', 'z', 'NX', 'CH', 'XX'], ['ZADD', 'z', 'NX'], ['ZADD', 'z'], ['ZADD', 'z', 'ch', 'ch', '1', 'a']],
  },
  {
    name: 'score parsing: accepted forms',
    script: [
      ['ZADD', 'z', '1e3', 'a', '+5', 'b', '.5', 'c', '5.', 'd', '-0.25', 'e', '0x10', 'f', 'inf', 'g', '-inf', 'h', '+inf', 'i', 'Infinity', 'j', '1E-3', 'k', '1e-310', 'l'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'score parsing: refused forms, checked for every pair before anything is added',
    script: [
      ['ZADD', 'z', ' 1', 'a'],
      ['ZADD', 'z', '1 ', 'a'],
      ['ZADD', 'z', '', 'a'],
      ['ZADD', 'z', 'nan', 'a'],
      ['ZADD', 'z', '-nan', 'a'],
      ['ZADD', 'z', '1e400', 'a'],
      ['ZADD', 'z', '-1e400', 'a'],
      ['ZADD', 'z', '1e-400', 'a'],
      ['ZADD', 'z', 'abc', 'a'],
      ['ZADD', 'z', '1', 'a', 'x', 'b'],
      ['ZADD', 'z', '1.5.5', 'a'],
      ['ZADD', 'z', '1e', 'a'],
      ['EXISTS', 'z'],
      ['SET', 's', 'v'],
      ['ZADD', 's', 'x', 'a'],
      ['ZADD', 's', '1', 'a'],
    ],
  },
  {
    name: 'INCR to NaN (inf + -inf) is refused',
    script: [['ZADD', 'z', 'INCR', 'inf', 'a'], ['ZADD', 'z', 'INCR', '-inf', 'a'], ['ZADD', 'z', 'INCR', '1', 'a'], ['ZSCORE', 'z', 'a']],
  },
  {
    name: 'scores print like %.17g',
    script: [
      ['ZADD', 'z', '0.1', 'a', '0.3333333333333333', 'b', '1e-5', 'c', '1e17', 'd', '12345678901234567', 'e', '1.5e300', 'f', '5e-324', 'g', '9007199254740993', 'h', '-2.5', 'i', '100', 'j', '1e16', 'k', '123.456', 'l', '1e-4', 'm', '1e21', 'n'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZSCORE', 'z', 'a'],
      ['ZINCRBY', 'z', '0.2', 'a'],
    ],
  },
  {
    name: 'scores print like %.17g: integers between 2^53 and 1e17, and exact ties at the 18th digit (round half to even)',
    script: [
      ['ZADD', 'z', '47924967270553832', 'a', '-52625146068635128', 'b', '433835704171575.125', 'c', '269654304566542.125', 'd', '2193299086728019.25', 'e', '99999999999999984', 'f'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZSCORE', 'z', 'a'],
      ['ZINCRBY', 'z', '0', 'c'],
      ['ZPOPMAX', 'z'],
    ],
  },
  {
    name: 'the same scores as RESP3 doubles',
    resp3: true,
    script: [
      ['ZADD', 'z', '47924967270553832', 'a', '433835704171575.125', 'c', '0.1', 'd', '-0', 'e', '1e-310', 'f', 'inf', 'g'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZSCORE', 'z', 'a'],
      ['ZADD', 'z', 'INCR', '0', 'c'],
      ['ZPOPMIN', 'z', '2'],
    ],
  },
  {
    name: '-0 becomes 0 in a listpack but stays -0 in a skiplist',
    script: [
      ['ZADD', 'lp', '-0', 'a'],
      ['ZSCORE', 'lp', 'a'],
      ['ZADD', 'lp', 'INCR', '-0', 'b'],
      ['ZSCORE', 'lp', 'b'],
      ['ZADD', 'sk', '1', 'x'.repeat(65)],
      ['ZADD', 'sk', '-0', 'a'],
      ['ZSCORE', 'sk', 'a'],
      ['ZRANGE', 'sk', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'sk', '0', 'a'],
      ['ZSCORE', 'sk', 'a'],
    ],
  },
  {
    name: 'members are binary safe',
    script: [['ZADD', 'z', '1', Buffer.from([0, 255, 13, 10]), '1', ''], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZSCORE', 'z', Buffer.from([0, 255, 13, 10])], ['ZRANK', 'z', '']],
  },
]);

differentialSuite('ZINCRBY / ZREM / ZCARD / ZSCORE / ZRANK / ZREVRANK', [
  {
    name: 'ZINCRBY creates or increments and replies the score',
    script: [['ZINCRBY', 'z', '2', 'a'], ['ZINCRBY', 'z', '-0.5', 'a'], ['ZINCRBY', 'z', '1e2', 'b'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZINCRBY', 'z', 'inf', 'c'], ['ZINCRBY', 'z', '-inf', 'c']],
  },
  {
    name: 'ZINCRBY errors: not a float, option words, WRONGTYPE, arity',
    script: [
      ['ZINCRBY', 'z', 'x', 'a'],
      ['ZINCRBY', 'z', 'nx', 'a'],
      ['ZINCRBY', 'z', 'incr', 'a'],
      ['ZINCRBY', 'z', '1', 'nx'],
      ['ZSCORE', 'z', 'nx'],
      ['SET', 's', 'v'],
      ['ZINCRBY', 's', '1', 'a'],
      ['ZINCRBY', 'z', '1'],
      ['ZINCRBY', 'z', '1', 'a', 'b'],
    ],
  },
  {
    name: 'ZINCRBY in RESP3 replies a double',
    resp3: true,
    script: [['ZINCRBY', 'z', '2.5', 'a'], ['ZINCRBY', 'z', '1', 'a'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'nope'], ['ZSCORE', 'nokey', 'a']],
  },
  {
    name: 'ZREM counts removed members and deletes the emptied set',
    script: [['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZREM', 'z', 'a', 'zz', 'a'], ['ZCARD', 'z'], ['ZREM', 'nokey', 'a'], ['ZREM', 'z', 'b', 'c', 'd'], ['EXISTS', 'z'], ['ZCARD', 'z']],
  },
  {
    name: 'ZSCORE of missing members and keys is nil',
    script: [['ZADD', 'z', '1.5', 'a'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'nokey', 'a']],
  },
  {
    name: 'ZRANK and ZREVRANK, ties ordered by member',
    script: [
      ['ZADD', 'z', '1', 'b', '1', 'a', '2', 'c', '0', 'd'],
      ['ZRANK', 'z', 'd'],
      ['ZRANK', 'z', 'a'],
      ['ZRANK', 'z', 'b'],
      ['ZRANK', 'z', 'c'],
      ['ZREVRANK', 'z', 'c'],
      ['ZREVRANK', 'z', 'd'],
      ['ZRANK', 'z', 'nope'],
      ['ZREVRANK', 'nokey', 'a'],
      ['ZRANK', 'z', 'a', 'WITHSCORE'],
    ],
  },
  {
    name: 'WRONGTYPE for every command',
    script: [
      ['SET', 'k', 'v'],
      ['ZADD', 'k', '1', 'a'],
      ['ZINCRBY', 'k', '1', 'a'],
      ['ZREM', 'k', 'a'],
      ['ZCARD', 'k'],
      ['ZSCORE', 'k', 'a'],
      ['ZRANK', 'k', 'a'],
      ['ZREVRANK', 'k', 'a'],
      ['ZCOUNT', 'k', '0', '1'],
      ['ZRANGE', 'k', '0', '1'],
      ['ZPOPMIN', 'k'],
      ['ZPOPMAX', 'k', '1'],
      ['RPUSH', 'l', 'x'],
      ['ZADD', 'l', '1', 'a'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [['ZREM', 'z'], ['ZCARD'], ['ZCARD', 'z', 'x'], ['ZSCORE', 'z'], ['ZRANK', 'z'], ['ZREVRANK', 'z', 'a', 'b'], ['ZCOUNT', 'z', '0'], ['ZRANGE', 'z', '0'], ['ZPOPMIN'], ['ZPOPMAX']],
  },
]);

differentialSuite('ZCOUNT', [
  {
    name: 'inclusive and exclusive bounds, infinities',
    script: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', 'inf', 'e', '-inf', 'f'],
      ['ZCOUNT', 'z', '-inf', '+inf'],
      ['ZCOUNT', 'z', '(-inf', '(+inf'],
      ['ZCOUNT', 'z', '2', '3'],
      ['ZCOUNT', 'z', '(2', '3'],
      ['ZCOUNT', 'z', '2', '(3'],
      ['ZCOUNT', 'z', '(2', '(3'],
      ['ZCOUNT', 'z', '3', '2'],
      ['ZCOUNT', 'z', '(2', '2'],
      ['ZCOUNT', 'z', '2', '2'],
      ['ZCOUNT', 'z', '-inf', '(1'],
      ['ZCOUNT', 'nokey', '0', '1'],
    ],
  },
  {
    name: 'bounds are read like strtod: spaces before, overflow and empty are accepted, NaN and garbage are not',
    script: [
      ['ZADD', 'z', '0', 'a', '1', 'b', '1e300', 'c'],
      ['ZCOUNT', 'z', ' 1', '2'],
      ['ZCOUNT', 'z', '', '0'],
      ['ZCOUNT', 'z', '(', '1'],
      ['ZCOUNT', 'z', '1e400', '1e400'],
      ['ZCOUNT', 'z', '-1e400', '1e400'],
      ['ZCOUNT', 'z', '0x1', '1'],
      ['ZCOUNT', 'z', ' ', '1'],
      ['ZCOUNT', 'z', 'nan', '1'],
      ['ZCOUNT', 'z', '1', 'abc'],
      ['ZCOUNT', 'z', '1 ', '2'],
      ['ZCOUNT', 'z', '[1', '2'],
      ['ZCOUNT', 'nokey', 'x', '1'],
      ['SET', 's', 'v'],
      ['ZCOUNT', 's', 'x', '1'],
    ],
  },
  {
    name: 'a bound is read up to a NUL byte (C string), a ZADD score is not',
    script: [
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['ZCOUNT', 'z', Buffer.from('1\x00z'), '2'],
      ['ZCOUNT', 'z', Buffer.from('(1\x00z'), '2'],
      ['ZRANGE', 'z', Buffer.from('1\x00'), '2', 'BYSCORE'],
      ['ZRANGE', 'z', Buffer.from('+\x00x'), '-', 'BYLEX', 'REV'],
      ['ZRANGE', 'z', Buffer.from('-\x00x'), '+', 'BYLEX'],
      ['ZRANGE', 'z', Buffer.from('[a\x00'), '+', 'BYLEX'],
      ['ZADD', 'z', Buffer.from('1\x00'), 'c'],
      ['ZINCRBY', 'z', Buffer.from('1\x00'), 'a'],
    ],
  },
]);

differentialSuite('ZPOPMIN / ZPOPMAX', [
  {
    name: 'pop the lowest / highest members with their scores',
    script: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z'],
      ['ZPOPMIN', 'z', '2'],
      ['ZPOPMAX', 'z', '5'],
      ['EXISTS', 'z'],
    ],
  },
  {
    name: 'missing key and count 0 give empty arrays; count errors; extra arguments',
    script: [
      ['ZPOPMIN', 'nokey'],
      ['ZPOPMAX', 'nokey', '3'],
      ['ZADD', 'z', '1', 'a'],
      ['ZPOPMIN', 'z', '0'],
      ['ZPOPMIN', 'z', '-1'],
      ['ZPOPMAX', 'z', 'abc'],
      ['ZPOPMIN', 'nokey', '-1'],
      ['ZPOPMIN', 'z', '1', '2'],
      ['ZCARD', 'z'],
    ],
  },
  {
    name: 'RESP3: a flat pair without a count, nested pairs with one',
    resp3: true,
    script: [
      ['ZADD', 'z', '1', 'a', '2.5', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '1'],
      ['ZPOPMIN', 'z', '5'],
      ['ZPOPMIN', 'nokey'],
      ['ZPOPMIN', 'nokey', '2'],
      ['ZADD', 'y', '1', 'a'],
      ['ZPOPMAX', 'y', '0'],
    ],
  },
  {
    name: 'popping many from a big set (skiplist) in order',
    script: [
      ['ZADD', 'z', ...pairs(1000, (i) => [String((i * 37) % 1000), `m${i}`])],
      ['ZPOPMIN', 'z', '10'],
      ['ZPOPMAX', 'z', '10'],
      ['ZCARD', 'z'],
      ['ZPOPMIN', 'z', '500'],
      ['ZRANGE', 'z', '0', '4', 'WITHSCORES'],
      ['ZPOPMAX', 'z', '1000'],
      ['EXISTS', 'z'],
    ],
  },
]);

const Z5: Command = ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'];

differentialSuite('ZRANGE', [
  {
    name: 'by rank, with negative and out-of-range indexes, with and without scores',
    script: [
      Z5,
      ['ZRANGE', 'z', '0', '-1'],
      ['ZRANGE', 'z', '1', '2', 'WITHSCORES'],
      ['ZRANGE', 'z', '-2', '-1', 'withscores'],
      ['ZRANGE', 'z', '-100', '100'],
      ['ZRANGE', 'z', '3', '1'],
      ['ZRANGE', 'z', '5', '10'],
      ['ZRANGE', 'z', '-9223372036854775808', '9223372036854775807'],
      ['ZRANGE', 'nokey', '0', '-1'],
    ],
  },
  {
    name: 'REV by rank counts from the highest score',
    script: [Z5, ['ZRANGE', 'z', '0', '1', 'REV'], ['ZRANGE', 'z', '-2', '-1', 'REV', 'WITHSCORES'], ['ZRANGE', 'z', '0', '100', 'REV']],
  },
  {
    name: 'BYSCORE with bounds, REV (max first), LIMIT offset/count',
    script: [
      Z5,
      ['ZRANGE', 'z', '2', '4', 'BYSCORE'],
      ['ZRANGE', 'z', '(2', '4', 'BYSCORE', 'WITHSCORES'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE'],
      ['ZRANGE', 'z', '4', '(2', 'BYSCORE', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', '2', '4', 'BYSCORE', 'REV'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '-1'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '5', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '4', '2'],
      ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '0', '0'],
      ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2', 'WITHSCORES'],
      ['ZRANGE', 'z', '(1', '(1', 'BYSCORE'],
      ['ZRANGE', 'z', '1', '1', 'BYSCORE'],
      ['ZRANGE', 'z', '3', '1', 'BYSCORE'],
      ['ZRANGE', 'z', '2', '3', 'BYSCORE', 'LIMIT', '3', '1'],
    ],
  },
  {
    name: 'BYLEX with [ ( - + bounds, REV and LIMIT',
    script: [
      ['ZADD', 'z', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e'],
      ['ZRANGE', 'z', '-', '+', 'BYLEX'],
      ['ZRANGE', 'z', '[b', '(d', 'BYLEX'],
      ['ZRANGE', 'z', '(b', '[d', 'BYLEX'],
      ['ZRANGE', 'z', '+', '-', 'BYLEX', 'REV'],
      ['ZRANGE', 'z', '[d', '[b', 'BYLEX', 'REV'],
      ['ZRANGE', 'z', '+', '-', 'BYLEX'],
      ['ZRANGE', 'z', '-', '+', 'BYLEX', 'LIMIT', '1', '2'],
      ['ZRANGE', 'z', '(d', '-', 'BYLEX', 'REV', 'LIMIT', '0', '2'],
      ['ZRANGE', 'z', '[bb', '+', 'BYLEX'],
      ['ZRANGE', 'z', '[', '+', 'BYLEX'],
      ['ZRANGE', 'z', '(', '(', 'BYLEX'],
    ],
  },
  {
    name: 'BYLEX bound and BYSCORE bound errors',
    script: [
      Z5,
      ['ZRANGE', 'z', 'a', 'b', 'BYLEX'],
      ['ZRANGE', 'z', '[a', 'b', 'BYLEX'],
      ['ZRANGE', 'z', '+x', '[a', 'BYLEX'],
      ['ZRANGE', 'z', '', '+', 'BYLEX'],
      ['ZRANGE', 'z', 'x', '1', 'BYSCORE'],
      ['ZRANGE', 'z', '1', 'nan', 'BYSCORE'],
      ['ZRANGE', 'nokey', 'a', 'b', 'BYLEX'],
      ['ZRANGE', 'nokey', 'x', 'y', 'BYSCORE'],
      ['ZRANGE', 'nokey', 'x', 'y'],
    ],
  },
  {
    name: 'option errors: LIMIT without BY*, WITHSCORES with BYLEX, repeated or unknown words, bad LIMIT numbers',
    script: [
      Z5,
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'],
      ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '1', 'REV', 'REV'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYSCORE'],
      ['ZRANGE', 'z', '0', '1', 'WITHSCORES', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', '1', 'x'],
      ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'LIMIT', 'x', '1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', 'x', '1'],
      ['ZRANGE', 'z', '0', '1', 'foo'],
      ['ZRANGE', 'z', 'a', '1'],
      ['SET', 's', 'v'],
      ['ZRANGE', 's', '0', '1'],
      ['ZRANGE', 's', 'x', '1'],
    ],
  },
  {
    name: 'RESP3: WITHSCORES gives [member, double] pairs',
    resp3: true,
    script: [
      Z5,
      ['ZRANGE', 'z', '0', '1', 'WITHSCORES'],
      ['ZRANGE', 'z', '0', '1'],
      ['ZRANGE', 'z', '(1', '3', 'BYSCORE', 'WITHSCORES'],
      ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '0', '2', 'WITHSCORES'],
      ['ZRANGE', 'nokey', '0', '1', 'WITHSCORES'],
    ],
  },
]);

differentialSuite('sorted-set encodings', [
  {
    name: 'a listpack up to 128 members, then a skiplist for good',
    script: [
      ['ZADD', 'z', ...pairs(128, (i) => [String(i), `m${i}`])],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'z', '1', 'm0'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'z', '1', 'new'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZREM', 'z', ...range(120, (i) => `m${i}`)],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'a member longer than 64 bytes makes a skiplist, also when it is the first',
    script: [
      ['ZADD', 'a', '1', 'x'.repeat(64)],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'a', '1', 'x'.repeat(65)],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'b', '1', 'y'.repeat(65), '2', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'c', '1', 'b', '2', 'y'.repeat(65)],
      ['OBJECT', 'ENCODING', 'c'],
      ['ZINCRBY', 'd', '1', 'z'.repeat(100)],
      ['OBJECT', 'ENCODING', 'd'],
    ],
  },
]);

/** A long random workload on one big sorted set (many ties, deletes, increments), then full views. */
function workload(seed: number): Command[] {
  const r = rng(seed);
  const s: Command[] = [];
  for (let step = 0; step < 300; step++) {
    const x = r();
    if (x < 0.5) {
      const args: string[] = [];
      for (let k = 0; k < 40; k++) args.push(String(Math.floor(r() * 200) / 4 - 10), `m${Math.floor(r() * 4000)}`);
      s.push(['ZADD', 'w', ...args]);
    } else if (x < 0.7) {
      s.push(['ZREM', 'w', ...range(20, () => `m${Math.floor(r() * 4000)}`)]);
    } else if (x < 0.8) {
      s.push(['ZINCRBY', 'w', String(Math.floor(r() * 20) - 10), `m${Math.floor(r() * 4000)}`]);
    } else if (x < 0.85) {
      s.push([r() < 0.5 ? 'ZPOPMIN' : 'ZPOPMAX', 'w', String(Math.floor(r() * 5))]);
    } else if (x < 0.9) {
      s.push(['ZRANK', 'w', `m${Math.floor(r() * 4000)}`]);
      s.push(['ZREVRANK', 'w', `m${Math.floor(r() * 4000)}`]);
    } else if (x < 0.95) {
      const a = Math.floor(r() * 60) - 15;
      s.push(['ZCOUNT', 'w', String(a), `(${a + Math.floor(r() * 20)}`]);
      s.push(['ZRANGE', 'w', `(${a}`, String(a + 3), 'BYSCORE', 'LIMIT', String(Math.floor(r() * 5)), String(Math.floor(r() * 10)), 'WITHSCORES']);
    } else {
      const a = Math.floor(r() * 2000);
      s.push(['ZRANGE', 'w', String(a), String(a + 20), r() < 0.5 ? 'REV' : 'WITHSCORES']);
    }
  }
  s.push(['ZCARD', 'w'], ['OBJECT', 'ENCODING', 'w'], ['ZRANGE', 'w', '0', '-1', 'WITHSCORES']);
  return s;
}

differentialSuite('sorted sets under a random workload', [
  { name: 'workload 1 (thousands of members, ties by member)', script: workload(1), timeout: 60_000 },
  { name: 'workload 2', script: workload(2), timeout: 60_000 },
]);

differentialSuite('sorted sets with WATCH and across shards', [
  {
    name: 'a MULTI over keys on four shards prints scores exactly, in RESP3 too',
    resp3: true,
    script: [
      ['MULTI'],
      ['ZADD', 'a', '47924967270553832', 'm', '433835704171575.125', 'n'],
      ['ZADD', 'b', '0.1', 'x'],
      ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'],
      ['ZSCORE', 'b', 'x'],
      ['ZPOPMIN', 'c', '2'],
      ['ZINCRBY', 'd', '1e-5', 'y'],
      ['EXEC'],
    ],
  },
  {
    name: 'changes invalidate WATCH; no-op ZADD (NX on existing, same score) and ZREM of a missing member do not',
    script: [
      ['ZADD', 'z', '1', 'a'],
      ['WATCH', 'z'],
      ['ZADD', 'z', 'NX', '5', 'a'],
      ['ZADD', 'z', '1', 'a'],
      ['ZREM', 'z', 'nope'],
      ['MULTI'],
      ['ZCARD', 'z'],
      ['EXEC'],
      ['WATCH', 'z'],
      ['ZINCRBY', 'z', '1', 'a'],
      ['MULTI'],
      ['ZCARD', 'z'],
      ['EXEC'],
      ['WATCH', 'z'],
      ['ZADD', 'z', '2', 'b'],
      ['MULTI'],
      ['ZCARD', 'z'],
      ['EXEC'],
      ['WATCH', 'z'],
      ['ZPOPMIN', 'z'],
      ['MULTI'],
      ['ZCARD', 'z'],
      ['EXEC'],
    ],
  },
  {
    name: 'RENAME and COPY move sorted sets between shards with scores and encoding',
    script: [
      ['ZADD', 'a', '1.5', 'x', '-inf', 'y', '3', 'z'],
      ['RENAME', 'a', 'b'],
      ['ZRANGE', 'b', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'c', '-0', 'neg', '1', 'q'.repeat(70)],
      ['COPY', 'c', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['ZSCORE', 'd', 'neg'],
      ['ZREM', 'd', 'neg'],
      ['ZCARD', 'c'],
      ['ZCARD', 'd'],
    ],
  },
]);

differentialSuite('sorted-set encoding thresholds follow CONFIG SET', [
  {
    name: 'zset-max-listpack-entries / -value (and their ziplist aliases) apply to the next write',
    script: [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'zset-max-ziplist-value', '4'],
      ['ZADD', 'a', '1', 'x', '2', 'y'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'a', '3', 'z'],
      ['OBJECT', 'ENCODING', 'a'],
      ['ZADD', 'b', '1', 'abcd'],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'b', '1', 'abcde'],
      ['OBJECT', 'ENCODING', 'b'],
      ['ZADD', 'b2', '1', 'abcde'],
      ['OBJECT', 'ENCODING', 'b2'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'],
      ['ZADD', 'c', '-0', 'm'],
      ['OBJECT', 'ENCODING', 'c'],
      ['ZSCORE', 'c', 'm'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
      ['ZADD', 'd', '1', 'x', '2', 'y', '3', 'z'],
      ['OBJECT', 'ENCODING', 'd'],
    ],
  },
]);
