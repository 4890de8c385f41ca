// Hash commands against the real redis-server, with 1 and 4 engine shards:
// HSET HMSET HGET HDEL HLEN HEXISTS HGETALL HKEYS HVALS HMGET HINCRBY HINCRBYFLOAT HSETNX —
// every reply form (RESP3 map for HGETALL), 64-bit HINCRBY limits, HINCRBYFLOAT's long double
// results (precision, huge and tiny values, hex floats, infinities), listpack/hashtable encodings
// and their transitions, empty hashes deleted, WATCH seeing in-place changes, values moved
// between shards, and every error reply.
import { differentialSuite, byCommand, sortReply, type Command } from '../helpers/differential.ts';

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const pairs = (n: number, f: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => f(i)).flat();
const unordered = byCommand({ HGETALL: sortReply, HKEYS: sortReply, HVALS: sortReply });

differentialSuite('HSET / HMSET / HGET / HMGET / HSETNX', [
  {
    name: 'HSET counts new fields only, HGET reads them back',
    script: [
      ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
      ['HSET', 'h', 'f1', 'x', 'f3', 'v3'],
      ['HGET', 'h', 'f1'],
      ['HGET', 'h', 'f3'],
      ['HGET', 'h', 'nope'],
      ['HGET', 'nokey', 'f'],
      ['TYPE', 'h'],
    ],
  },
  {
    name: 'HSET with the same field twice in one call keeps the last value',
    script: [['HSET', 'h', 'f', 'a', 'f', 'b'], ['HGET', 'h', 'f'], ['HLEN', 'h']],
  },
  {
    name: 'HMSET replies OK',
    script: [['HMSET', 'h', 'a', '1', 'b', '2'], ['HMSET', 'h', 'a', '3'], ['HGETALL', 'h']],
  },
  {
    name: 'HMGET returns nil for missing fields and for a missing key',
    script: [['HSET', 'h', 'a', '1', 'b', ''], ['HMGET', 'h', 'a', 'zz', 'b', 'a'], ['HMGET', 'nokey', 'a', 'b']],
  },
  {
    name: 'HSETNX sets only a missing field; it creates the key',
    script: [['HSETNX', 'h', 'f', 'v1'], ['HSETNX', 'h', 'f', 'v2'], ['HGET', 'h', 'f'], ['HSETNX', 'h', 'g', 'w'], ['HGETALL', 'h']],
  },
  {
    name: 'fields and values are binary safe',
    script: [
      ['HSET', 'h', Buffer.from([0, 255, 13, 10]), Buffer.from([1, 2, 0]), '', 'empty-field'],
      ['HGET', 'h', Buffer.from([0, 255, 13, 10])],
      ['HGET', 'h', ''],
      ['HGETALL', 'h'],
    ],
  },
  {
    name: 'nil replies in RESP3',
    resp3: true,
    script: [['HGET', 'nokey', 'f'], ['HSET', 'h', 'a', '1'], ['HGET', 'h', 'b'], ['HMGET', 'h', 'a', 'b']],
  },
  {
    name: 'odd field/value lists are a wrong number of arguments',
    script: [['HSET', 'h', 'f'], ['HSET', 'h', 'f', 'v', 'g'], ['HMSET', 'h', 'f'], ['HMSET', 'h', 'f', 'v', 'g'], ['EXISTS', 'h'], ['HSET', 'h']],
  },
]);

differentialSuite('HDEL / HLEN / HEXISTS / HGETALL / HKEYS / HVALS', [
  {
    name: 'HDEL counts removed fields and deletes the emptied hash',
    script: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
      ['HDEL', 'h', 'a', 'zz', 'a'],
      ['HLEN', 'h'],
      ['HDEL', 'nokey', 'a'],
      ['HDEL', 'h', 'b', 'c', 'd'],
      ['EXISTS', 'h'],
    ],
  },
  {
    name: 'HLEN and HEXISTS',
    script: [['HSET', 'h', 'a', '1'], ['HLEN', 'h'], ['HLEN', 'nokey'], ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'b'], ['HEXISTS', 'nokey', 'a']],
  },
  {
    name: 'HGETALL, HKEYS and HVALS of a listpack hash are in insertion order (updates stay in place)',
    script: [
      ['HSET', 'h', 'z', '1', 'a', '2', 'm', '3'],
      ['HSET', 'h', 'z', '9', 'b', '4'],
      ['HDEL', 'h', 'a'],
      ['HGETALL', 'h'],
      ['HKEYS', 'h'],
      ['HVALS', 'h'],
      ['HGETALL', 'nokey'],
      ['HKEYS', 'nokey'],
      ['HVALS', 'nokey'],
    ],
  },
  {
    name: 'HGETALL is a map in RESP3; HKEYS and HVALS stay arrays',
    resp3: true,
    script: [['HSET', 'h', 'a', '1', 'b', '2'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HGETALL', 'nokey'], ['HKEYS', 'nokey']],
  },
  {
    name: 'a big hashtable hash (compared unordered)',
    normalize: unordered,
    script: [['HSET', 'h', ...pairs(600, (i) => [`f${i}`, `v${i}`])], ['HLEN', 'h'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HMGET', 'h', 'f0', 'f599', 'f600']],
  },
  {
    name: 'WRONGTYPE for every command',
    script: [
      ['SET', 'k', 'v'],
      ['HSET', 'k', 'f', 'v'],
      ['HMSET', 'k', 'f', 'v'],
      ['HGET', 'k', 'f'],
      ['HMGET', 'k', 'f'],
      ['HDEL', 'k', 'f'],
      ['HLEN', 'k'],
      ['HEXISTS', 'k', 'f'],
      ['HGETALL', 'k'],
      ['HKEYS', 'k'],
      ['HVALS', 'k'],
      ['HINCRBY', 'k', 'f', '1'],
      ['HINCRBYFLOAT', 'k', 'f', '1'],
      ['HSETNX', 'k', 'f', 'v'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [
      ['HGET', 'h'],
      ['HMGET', 'h'],
      ['HDEL', 'h'],
      ['HLEN'],
      ['HEXISTS', 'h'],
      ['HGETALL'],
      ['HKEYS', 'h', 'x'],
      ['HVALS'],
      ['HINCRBY', 'h', 'f'],
      ['HINCRBYFLOAT', 'h', 'f'],
      ['HSETNX', 'h', 'f'],
    ],
  },
]);

differentialSuite('HINCRBY', [
  {
    name: 'increments from 0 for a missing field or key, by positive and negative amounts',
    script: [['HINCRBY', 'h', 'f', '5'], ['HINCRBY', 'h', 'f', '-12'], ['HINCRBY', 'h', 'g', '0'], ['HGETALL', 'h']],
  },
  {
    name: 'works at the 64-bit limits and refuses to overflow',
    script: [
      ['HSET', 'h', 'max', '9223372036854775807', 'min', '-9223372036854775808'],
      ['HINCRBY', 'h', 'max', '1'],
      ['HINCRBY', 'h', 'max', '-1'],
      ['HINCRBY', 'h', 'max', '0'],
      ['HINCRBY', 'h', 'min', '-1'],
      ['HINCRBY', 'h', 'min', '9223372036854775807'],
      ['HINCRBY', 'h', 'n', '-9223372036854775808'],
      ['HINCRBY', 'h', 'n', '-1'],
      ['HINCRBY', 'h', 'p', '9007199254740993'],
      ['HINCRBY', 'h', 'p', '9007199254740993'],
      ['HGETALL', 'h'],
    ],
  },
  {
    name: 'a stored value that is not a canonical integer is refused',
    script: [
      ['HSET', 'h', 'a', '1.5', 'b', ' 1', 'c', '007', 'd', 'abc', 'e', '99999999999999999999', 'f', '', 'g', '+1'],
      ['HINCRBY', 'h', 'a', '1'],
      ['HINCRBY', 'h', 'b', '1'],
      ['HINCRBY', 'h', 'c', '1'],
      ['HINCRBY', 'h', 'd', '1'],
      ['HINCRBY', 'h', 'e', '1'],
      ['HINCRBY', 'h', 'f', '1'],
      ['HINCRBY', 'h', 'g', '1'],
    ],
  },
  {
    name: 'a bad increment is refused before the key is looked at',
    script: [
      ['HINCRBY', 'h', 'f', 'x'],
      ['HINCRBY', 'h', 'f', '1.0'],
      ['HINCRBY', 'h', 'f', '9223372036854775808'],
      ['HINCRBY', 'h', 'f', ''],
      ['EXISTS', 'h'],
      ['SET', 's', 'v'],
      ['HINCRBY', 's', 'f', 'x'],
    ],
  },
  {
    name: 'RESP3 integer replies',
    resp3: true,
    script: [['HINCRBY', 'h', 'f', '9223372036854775807'], ['HINCRBY', 'h', 'f', '-1'], ['HINCRBY', 'h', 'f', '1'], ['HINCRBY', 'h', 'f', '1']],
  },
]);

const FLOAT_PAIRS: [string, string][] = [
  ['1.5', '0.1'],
  ['0.1', '0.2'],
  ['0', '3.0000000000000001e-05'],
  ['10.5', '-10.5'],
  ['-5.5', '0.000000000000000005'],
  ['123456789.123456789123', '0'],
  ['1e17', '0.3'],
  ['16', '1e-20'],
  ['0', '1.5e-17'],
  ['0', '-1e-18'],
  ['99999999999999999999', '1'],
  ['007', '1'],
  ['8', '-0'],
  ['0', '-0.0'],
  ['1e308', '1e308'],
  ['0x10', '0x1p-3'],
  ['5.', '.5'],
  ['1E3', '2e-2'],
  ['3.6e-4951', '0'],
  ['1.18973149535723176502e+4932', '0'],
  ['2.5e-1', '1e-300'],
];

differentialSuite('HINCRBYFLOAT', [
  {
    name: 'long double arithmetic and formatting match Redis',
    script: FLOAT_PAIRS.flatMap(([a, b], i): Command[] => [
      ['HSET', 'h', `f${i}`, a],
      ['HINCRBYFLOAT', 'h', `f${i}`, b],
    ]),
  },
  {
    name: 'a missing key or field counts from 0; the result is stored as text',
    script: [['HINCRBYFLOAT', 'h', 'f', '2.5'], ['HINCRBYFLOAT', 'h', 'f', '2.5'], ['HGET', 'h', 'f'], ['HINCRBY', 'h', 'f', '1'], ['HINCRBYFLOAT', 'h', 'g', '1e2']],
  },
  {
    name: 'results beyond the double range still work; past the long double range they are refused',
    script: [
      ['HINCRBYFLOAT', 'h', 'f', '1e4000'],
      ['HINCRBYFLOAT', 'h', 'g', '1e4932'],
      ['HINCRBYFLOAT', 'h', 'g', '1e4932'],
      ['HINCRBYFLOAT', 'h', 'g', '-1e4932'],
    ],
  },
  {
    name: 'bad increments: not a float, or NaN / infinity',
    script: [
      ['HINCRBYFLOAT', 'h', 'f', 'abc'],
      ['HINCRBYFLOAT', 'h', 'f', 'nan'],
      ['HINCRBYFLOAT', 'h', 'f', ' 1'],
      ['HINCRBYFLOAT', 'h', 'f', '1 '],
      ['HINCRBYFLOAT', 'h', 'f', ''],
      ['HINCRBYFLOAT', 'h', 'f', '1e-5000'],
      ['HINCRBYFLOAT', 'h', 'f', '1e99999'],
      ['HINCRBYFLOAT', 'h', 'f', 'inf'],
      ['HINCRBYFLOAT', 'h', 'f', '-Infinity'],
      ['HINCRBYFLOAT', 'h', 'f', Buffer.from('1\x002')],
      ['HINCRBYFLOAT', 'h', 'f', Buffer.from('1\x00')],
      ['EXISTS', 'h'],
      ['SET', 's', 'v'],
      ['HINCRBYFLOAT', 's', 'f', 'abc'],
    ],
  },
  {
    name: 'a stored value that is not a float, or an infinite one',
    script: [
      ['HSET', 'h', 'a', 'abc', 'b', ' 1', 'c', 'inf', 'd', 'nan', 'e', '-inf', 'n', Buffer.from('5\x00x')],
      ['HINCRBYFLOAT', 'h', 'n', '1'],
      ['HINCRBY', 'h', 'n', '1'],
      ['HINCRBYFLOAT', 'h', 'a', '1'],
      ['HINCRBYFLOAT', 'h', 'b', '1'],
      ['HINCRBYFLOAT', 'h', 'c', '1'],
      ['HINCRBYFLOAT', 'h', 'd', '1'],
      ['HINCRBYFLOAT', 'h', 'e', '1'],
      ['HGETALL', 'h'],
    ],
  },
]);

differentialSuite('hash encodings', [
  {
    name: 'a hash is a listpack up to 512 fields, then a hashtable for good',
    normalize: unordered,
    script: [
      ['HSET', 'h', ...pairs(512, (i) => [`f${i}`, 'v'])],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'f511', 'w'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'f512', 'v'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', ...range(510, (i) => `f${i}`)],
      ['OBJECT', 'ENCODING', 'h'],
      ['HGETALL', 'h'],
    ],
  },
  {
    name: 'a field or value longer than 64 bytes makes a hashtable',
    script: [
      ['HSET', 'a', 'f', 'x'.repeat(64)],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'g', 'x'.repeat(65)],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', 'y'.repeat(65), '1'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HMSET', 'c', 'f', 'v', 'g', 'z'.repeat(100)],
      ['OBJECT', 'ENCODING', 'c'],
    ],
  },
  {
    name: 'HSETNX converts only when it writes',
    script: [
      ['HSET', 'h', 'f', 'v'],
      ['HSETNX', 'h', 'f', 'x'.repeat(65)],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSETNX', 'h', 'g', 'x'.repeat(65)],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSETNX', 'n', 'w'.repeat(65), 'v'],
      ['OBJECT', 'ENCODING', 'n'],
    ],
  },
  {
    name: 'HINCRBY / HINCRBYFLOAT with a long field, or a long result, convert',
    script: [
      ['HINCRBY', 'a', 'f'.repeat(70), '1'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HINCRBYFLOAT', 'b', 'g'.repeat(70), '1'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HINCRBYFLOAT', 'c', 'f', '1e100'],
      ['OBJECT', 'ENCODING', 'c'],
      ['HINCRBYFLOAT', 'd', 'f', '1e10'],
      ['OBJECT', 'ENCODING', 'd'],
    ],
  },
]);

differentialSuite('hashes with WATCH and across shards', [
  {
    name: 'a MULTI over keys on four shards keeps exact 64-bit HINCRBY replies',
    script: [
      ['MULTI'],
      ['HINCRBY', 'a', 'f', '9223372036854775807'],
      ['HINCRBY', 'b', 'f', '-9223372036854775808'],
      ['HINCRBYFLOAT', 'c', 'f', '0.1'],
      ['HGETALL', 'd'],
      ['HSET', 'd', 'x', '1'],
      ['EXEC'],
    ],
  },
  {
    name: 'writes invalidate WATCH; HDEL of a missing field and HSETNX of an existing one do not',
    script: [
      ['HSET', 'h', 'f', 'v'],
      ['WATCH', 'h'],
      ['HDEL', 'h', 'nope'],
      ['HSETNX', 'h', 'f', 'x'],
      ['HGET', 'h', 'f'],
      ['MULTI'],
      ['HLEN', 'h'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['HSET', 'h', 'f', 'v'],
      ['MULTI'],
      ['HLEN', 'h'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['HINCRBY', 'h', 'n', '1'],
      ['MULTI'],
      ['HLEN', 'h'],
      ['EXEC'],
      ['WATCH', 'h'],
      ['HDEL', 'h', 'n'],
      ['MULTI'],
      ['HLEN', 'h'],
      ['EXEC'],
    ],
  },
  {
    name: 'RENAME and COPY move hashes between shards with order and encoding',
    script: [
      ['HSET', 'a', 'z', '1', 'y', '2', 'x', '3'],
      ['RENAME', 'a', 'b'],
      ['HGETALL', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'c', 'long', 'v'.repeat(80)],
      ['COPY', 'c', 'd'],
      ['OBJECT', 'ENCODING', 'd'],
      ['HDEL', 'd', 'long'],
      ['HGETALL', 'c'],
      ['EXISTS', 'd'],
    ],
  },
]);

differentialSuite('hash encoding thresholds follow CONFIG SET', [
  {
    name: 'hash-max-listpack-entries / -value (and their ziplist aliases) apply to the next write',
    script: [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'hash-max-ziplist-value', '8'],
      ['HSET', 'a', 'f1', 'v', 'f2', 'v'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'a', 'f3', 'v'],
      ['OBJECT', 'ENCODING', 'a'],
      ['HSET', 'b', 'f', '12345678'],
      ['OBJECT', 'ENCODING', 'b'],
      ['HSET', 'b', 'g', '123456789'],
      ['OBJECT', 'ENCODING', 'b'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'c', 'f', 'v'],
      ['OBJECT', 'ENCODING', 'c'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ['HSET', 'd', 'f1', 'v', 'f2', 'v', 'f3', 'v'],
      ['OBJECT', 'ENCODING', 'd'],
      ['OBJECT', 'ENCODING', 'a'],
    ],
  },
]);
