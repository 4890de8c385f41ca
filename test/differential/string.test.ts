// String commands against the real redis-server, with 1 and 4 engine shards:
// GET SET GETEX GETDEL GETSET SETNX SETEX PSETEX MGET MSET MSETNX APPEND STRLEN INCR DECR INCRBY
// DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS — every option, edge cases (negative ranges,
// empty strings, huge offsets, 64-bit integers, long double formatting), binary values and every
// error reply. With 4 shards the keys a, b, c and d live on four different shards, so MSET,
// MSETNX, MGET and LCS over them exercise the cross-shard paths.
import { expect, it } from 'vitest';
import { differentialSuite, type Command, type DiffCase } from '../helpers/differential.ts';
import { keySlot, slotTable } from '../../engine/slots.ts';

/** A command that creates a non-string key (for WRONGTYPE cases). */
const coll = (key: string): Command => ['RPUSH', key, 'x'];

/** Every byte value once, and a few bytes that matter to parsers (CR, LF, NUL). */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const BINARY = Buffer.from([0, 13, 10, 0xff, 0x80, 0, 0x7f, 13]);

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

it('keys a, b, c and d live on four different shards with 4 shards', () => {
  const t = slotTable(4);
  expect(new Set(['a', 'b', 'c', 'd'].map((k) => t[keySlot(k)])).size).toBe(4);
});

differentialSuite('GET / SET', [
  {
    name: 'SET stores and GET returns the value; GET of a missing key is nil',
    script: [['SET', 'k', 'hello'], ['GET', 'k'], ['SET', 'k', 'world'], ['GET', 'k'], ['GET', 'nokey'], ['SET', 'e', ''], ['GET', 'e']],
  },
  {
    name: 'values are binary safe (every byte 0x00-0xff)',
    script: [['SET', 'bin', ALL_BYTES], ['GET', 'bin'], ['STRLEN', 'bin'], ['SET', 'b2', BINARY], ['GET', 'b2'], ['MGET', 'bin', 'b2']],
  },
  {
    name: 'binary keys work too',
    script: [['SET', BINARY, 'v'], ['GET', BINARY], ['EXISTS', BINARY]],
  },
  {
    name: 'NX sets only a missing key, XX only an existing one',
    script: [
      ['SET', 'k', 'v1', 'NX'],
      ['SET', 'k', 'v2', 'NX'],
      ['GET', 'k'],
      ['SET', 'x', 'v', 'XX'],
      ['EXISTS', 'x'],
      ['SET', 'k', 'v3', 'XX'],
      ['GET', 'k'],
      ['SET', 'k', 'v4', 'nx', 'nx'],
      ['SET', 'k', 'v5', 'xx', 'XX'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'NX and XX together are refused',
    script: [['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'XX', 'NX'], ['EXISTS', 'k']],
  },
  {
    name: 'GET returns the old value (nil when missing), also with NX and XX',
    script: [
      ['SET', 'k', 'a', 'GET'],
      ['SET', 'k', 'b', 'GET'],
      ['SET', 'k', 'c', 'NX', 'GET'],
      ['GET', 'k'],
      ['SET', 'n', 'c', 'XX', 'GET'],
      ['EXISTS', 'n'],
      ['SET', 'k', 'd', 'XX', 'GET'],
      ['SET', 'k', 'e', 'GET', 'GET'],
      ['GET', 'k'],
      ['SET', 'i', '12', 'GET'],
      ['SET', 'i', '13', 'GET'],
    ],
  },
  {
    name: 'GET on a key of another type is WRONGTYPE and leaves it alone; without GET it overwrites',
    script: [coll('l'), ['SET', 'l', 'v', 'GET'], ['TYPE', 'l'], ['SET', 'l', 'v', 'NX'], ['TYPE', 'l'], ['SET', 'l', 'v', 'XX'], ['GET', 'l']],
  },
  {
    name: 'EX, PX, EXAT and PXAT set a TTL; EXAT/PXAT in the past leave no key',
    script: [
      ['SET', 'k1', 'v', 'EX', '100'],
      ['SET', 'k2', 'v', 'PX', '100000'],
      ['SET', 'k3', 'v', 'EXAT', '4102444800'],
      ['SET', 'k4', 'v', 'PXAT', '4102444800000'],
      ['SET', 'k5', 'v', 'EXAT', '1'],
      ['SET', 'k6', 'v', 'PXAT', '1'],
      ['MGET', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'],
      ['EXISTS', 'k5', 'k6'],
      ['SET', 'k7', 'v', 'ex', '10', 'ex', '20'],
      ['SET', 'k8', 'v', 'PX', '10', 'px', '100000', 'NX'],
      ['GET', 'k7'],
    ],
  },
  {
    name: 'TTL options set the expected TTL and KEEPTTL keeps it',
    tolerance: { 1: 1, 3: 1, 5: 1, 7: 1, 9: 1, 11: 1, 13: 1 },
    script: [
      ['SET', 'k', 'v', 'EX', '100'],
      ['TTL', 'k'],
      ['SET', 'k', 'v2', 'KEEPTTL'],
      ['TTL', 'k'],
      ['SET', 'k', 'v3', 'PX', '50000'],
      ['TTL', 'k'],
      ['SET', 'k', 'v4'],
      ['TTL', 'k'],
      ['SET', 'k', 'v5', 'EXAT', '4102444800'],
      ['TTL', 'k'],
      ['SET', 'k', 'v6', 'GET', 'KEEPTTL', 'XX'],
      ['TTL', 'k'],
      ['SET', 'k', 'v7', 'PXAT', '4102444800000'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'],
    ],
  },
  {
    name: 'conflicting expire options are a syntax error',
    script: [
      ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
      ['SET', 'k', 'v', 'PX', '10', 'EX', '100'],
      ['SET', 'k', 'v', 'EX', '10', 'EXAT', '100'],
      ['SET', 'k', 'v', 'PXAT', '10', 'EXAT', '100'],
      ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
      ['SET', 'k', 'v', 'KEEPTTL', 'PX', '10'],
      ['SET', 'k', 'v', 'PERSIST'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'FOO'],
      ['SET', 'k', 'v', 'NX', 'EX'],
      ['EXISTS', 'k'],
    ],
  },
  {
    name: 'bad expire values',
    script: [
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'PX', '0'],
      ['SET', 'k', 'v', 'EXAT', '0'],
      ['SET', 'k', 'v', 'PXAT', '-5'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ' 1'],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
      ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'],
      ['SET', 'k', 'v', 'PX', '9223372036854775807'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775807'],
      ['SET', 'k', 'v', 'EX', '9223372036854775808'],
      ['SET', 'k', 'v', 'EX', '0', 'FOO'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'a bad expire is reported before WRONGTYPE',
    script: [coll('l'), ['SET', 'l', 'v', 'GET', 'EX', '0'], ['SET', 'l', 'v', 'GET', 'EX', 'x'], ['SET', 'l', 'v', 'GET', 'EX', '10']],
  },
  {
    name: 'wrong number of arguments',
    script: [['SET'], ['SET', 'k'], ['GET'], ['GET', 'a', 'b'], ['set', 'k']],
  },
  {
    name: 'OBJECT ENCODING of written strings: int, embstr, raw',
    script: [
      ['SET', 'i', '12345'],
      ['OBJECT', 'ENCODING', 'i'],
      ['SET', 'n', '-42'],
      ['OBJECT', 'ENCODING', 'n'],
      ['SET', 'z', '0123'],
      ['OBJECT', 'ENCODING', 'z'],
      ['SET', 's', 'x'.repeat(44)],
      ['OBJECT', 'ENCODING', 's'],
      ['SET', 'r', 'x'.repeat(45)],
      ['OBJECT', 'ENCODING', 'r'],
      ['SET', 'p', '+1'],
      ['OBJECT', 'ENCODING', 'p'],
      ['SET', 'm', '-0'],
      ['OBJECT', 'ENCODING', 'm'],
      ['SET', 'big', '9007199254740991'],
      ['OBJECT', 'ENCODING', 'big'],
    ],
  },
]);

differentialSuite('GETEX / GETDEL / GETSET', [
  {
    name: 'GETEX without options is GET; missing key is nil',
    script: [['SET', 'k', 'v'], ['GETEX', 'k'], ['GETEX', 'nokey'], ['SET', 'i', '7'], ['GETEX', 'i']],
  },
  {
    name: 'GETEX sets and removes the TTL',
    tolerance: { 2: 1, 4: 1, 6: 1, 8: 1 },
    script: [
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'EX', '100'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'PX', '200000'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'PERSIST'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'EXAT', '4102444800'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'pxat', '4102444800000'],
      ['GETEX', 'k', 'persist', 'PERSIST'],
      ['TTL', 'k'],
    ],
  },
  {
    name: 'GETEX with EXAT/PXAT in the past returns the value and deletes the key',
    script: [['SET', 'k', 'v'], ['GETEX', 'k', 'EXAT', '1'], ['EXISTS', 'k'], ['SET', 'k', 'w'], ['GETEX', 'k', 'PXAT', '100'], ['GET', 'k']],
  },
  {
    name: 'GETEX option errors: SET-only options, conflicts, missing values',
    script: [
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'NX'],
      ['GETEX', 'k', 'XX'],
      ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'KEEPTTL'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'],
      ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'EX'],
      ['GETEX', 'k', 'FOO'],
      ['GETEX', 'nokey', 'FOO'],
      ['GETEX'],
    ],
  },
  {
    name: 'GETEX expire values: checked only when the key exists',
    script: [
      ['GETEX', 'nokey', 'EX', '0'],
      ['GETEX', 'nokey', 'EX', 'abc'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'PX', '-1'],
      ['GETEX', 'k', 'EX', 'abc'],
      ['GETEX', 'k', 'EX', '9223372036854775807'],
      ['GETEX', 'k', 'PXAT', '0'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'GETEX, GETDEL and GETSET on another type are WRONGTYPE',
    script: [coll('l'), ['GETEX', 'l'], ['GETEX', 'l', 'EX', '0'], ['GETDEL', 'l'], ['GETSET', 'l', 'v'], ['TYPE', 'l']],
  },
  {
    name: 'GETDEL returns the value and deletes the key',
    script: [['SET', 'k', 'v'], ['GETDEL', 'k'], ['EXISTS', 'k'], ['GETDEL', 'k'], ['SET', 'i', '99'], ['GETDEL', 'i'], ['GETDEL'], ['GETDEL', 'a', 'b']],
  },
  {
    name: 'GETSET returns the old value and sets the new one',
    script: [['GETSET', 'k', 'v1'], ['GETSET', 'k', 'v2'], ['GET', 'k'], ['GETSET', 'k', ALL_BYTES], ['GETSET', 'k', '5'], ['INCR', 'k'], ['GETSET', 'k']],
  },
  {
    name: 'GETSET drops the TTL',
    script: [['SET', 'k', 'v', 'EX', '100'], ['GETSET', 'k', 'w'], ['TTL', 'k']],
  },
]);

differentialSuite('SETNX / SETEX / PSETEX', [
  {
    name: 'SETNX sets only a missing key and answers 1 or 0',
    script: [['SETNX', 'k', 'v'], ['SETNX', 'k', 'w'], ['GET', 'k'], ['SETNX', 'k'], ['SETNX', 'e', '']],
  },
  {
    name: 'SETNX on a key of another type answers 0',
    script: [coll('l'), ['SETNX', 'l', 'v'], ['TYPE', 'l']],
  },
  {
    name: 'SETEX and PSETEX set value and TTL',
    script: [['SETEX', 'k', '100', 'v'], ['GET', 'k'], ['PSETEX', 'p', '100000', 'w'], ['GET', 'p'], ['SETEX', 'k', '10', '123'], ['GET', 'k']],
  },
  {
    name: 'SETEX and PSETEX TTLs',
    tolerance: { 1: 1, 3: 1 },
    script: [['SETEX', 'k', '100', 'v'], ['TTL', 'k'], ['PSETEX', 'p', '100000', 'w'], ['TTL', 'p']],
  },
  {
    name: 'SETEX and PSETEX refuse bad expire times with their own name',
    script: [
      ['SETEX', 'k', '0', 'v'],
      ['SETEX', 'k', '-10', 'v'],
      ['PSETEX', 'k', '0', 'v'],
      ['PSETEX', 'k', '-1', 'v'],
      ['SETEX', 'k', 'abc', 'v'],
      ['PSETEX', 'k', '1.5', 'v'],
      ['SETEX', 'k', '9223372036854775807', 'v'],
      ['PSETEX', 'k', '9223372036854775807', 'v'],
      ['EXISTS', 'k'],
      ['SETEX', 'k', '10'],
      ['PSETEX', 'k'],
    ],
  },
]);

differentialSuite('MGET / MSET / MSETNX', [
  {
    name: 'MSET and MGET across shards',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['MGET', 'a', 'b', 'c', 'd', 'e'],
      ['MSET', 'a', 'x', 'a', 'y'],
      ['GET', 'a'],
      ['MGET', 'd', 'c', 'b', 'a', 'a'],
    ],
  },
  {
    name: 'MGET answers nil for keys of another type',
    script: [['SET', 'a', '1'], coll('b'), ['MGET', 'a', 'b', 'c'], ['MGET', 'b']],
  },
  {
    name: 'MSET and MSETNX need key/value pairs',
    script: [['MSET', 'a', '1', 'b'], ['MSET', 'a'], ['MSETNX', 'a', '1', 'b'], ['MSETNX', 'a'], ['MSET'], ['EXISTS', 'a', 'b']],
  },
  {
    name: 'MSETNX sets all keys only when none exists, across shards',
    script: [
      ['MSETNX', 'a', '1', 'b', '2'],
      ['MSETNX', 'b', 'x', 'c', '3', 'd', '4'],
      ['MGET', 'a', 'b', 'c', 'd'],
      ['MSETNX', 'c', '3', 'd', '4'],
      ['MGET', 'a', 'b', 'c', 'd'],
      ['MSETNX', 'e', '5', 'e', '6'],
      ['GET', 'e'],
    ],
  },
  {
    name: 'MSETNX counts keys of any type as existing',
    script: [coll('a'), ['MSETNX', 'a', '1', 'b', '2'], ['EXISTS', 'b']],
  },
  {
    name: 'MSET overwrites keys of any type and drops TTLs',
    script: [coll('a'), ['SET', 'b', 'v', 'EX', '100'], ['MSET', 'a', '1', 'b', '2'], ['MGET', 'a', 'b'], ['TTL', 'b']],
  },
]);

differentialSuite('APPEND / STRLEN', [
  {
    name: 'APPEND creates, extends and reports the length',
    script: [
      ['APPEND', 'k', 'Hello'],
      ['APPEND', 'k', ' World'],
      ['GET', 'k'],
      ['APPEND', 'k', ''],
      ['APPEND', 'e', ''],
      ['EXISTS', 'e'],
      ['STRLEN', 'k'],
      ['SET', 'i', '12'],
      ['APPEND', 'i', '34'],
      ['GET', 'i'],
      ['INCR', 'i'],
    ],
  },
  {
    name: 'APPEND is binary safe and grows in many steps',
    script: [
      ['APPEND', 'k', BINARY],
      ['APPEND', 'k', ALL_BYTES],
      ['GET', 'k'],
      ...Array.from({ length: 40 }, (_, i): Command => ['APPEND', 'g', 'x'.repeat(i * 7)]),
      ['STRLEN', 'g'],
      ['GETRANGE', 'g', '-20', '-1'],
    ],
  },
  {
    name: 'OBJECT ENCODING: APPEND to an existing key makes raw, to a missing key encodes like SET',
    script: [
      ['APPEND', 'n', '123'],
      ['OBJECT', 'ENCODING', 'n'],
      ['APPEND', 's', 'abc'],
      ['OBJECT', 'ENCODING', 's'],
      ['APPEND', 's', 'd'],
      ['OBJECT', 'ENCODING', 's'],
      ['SET', 'i', '5'],
      ['APPEND', 'i', ''],
      ['OBJECT', 'ENCODING', 'i'],
      ['GET', 'i'],
    ],
  },
  {
    name: 'APPEND keeps the TTL',
    tolerance: { 2: 1 },
    script: [['SET', 'k', 'v', 'EX', '100'], ['APPEND', 'k', 'w'], ['TTL', 'k']],
  },
  {
    name: 'STRLEN of strings, integers, empty and missing keys',
    script: [
      ['SET', 's', 'hello'],
      ['STRLEN', 's'],
      ['SET', 'i', '-12345'],
      ['STRLEN', 'i'],
      ['SET', 'e', ''],
      ['STRLEN', 'e'],
      ['STRLEN', 'nokey'],
      ['SET', 'b', ALL_BYTES],
      ['STRLEN', 'b'],
      ['STRLEN'],
      ['STRLEN', 'a', 'b'],
    ],
  },
  {
    name: 'APPEND and STRLEN on another type',
    script: [coll('l'), ['APPEND', 'l', 'x'], ['STRLEN', 'l'], ['APPEND', 'l']],
  },
]);

differentialSuite('INCR / DECR / INCRBY / DECRBY', [
  {
    name: 'counting up and down from a missing key',
    script: [['INCR', 'k'], ['INCR', 'k'], ['DECR', 'k'], ['INCRBY', 'k', '10'], ['DECRBY', 'k', '3'], ['INCRBY', 'k', '-20'], ['DECRBY', 'k', '-5'], ['GET', 'k'], ['DECR', 'n'], ['DECRBY', 'm', '7']],
  },
  {
    name: 'values that are not canonical integers are refused',
    script: [
      ['SET', 'k', 'abc'],
      ['INCR', 'k'],
      ['SET', 'k', '1.5'],
      ['INCR', 'k'],
      ['SET', 'k', ' 1'],
      ['INCR', 'k'],
      ['SET', 'k', '1 '],
      ['DECR', 'k'],
      ['SET', 'k', '+1'],
      ['INCR', 'k'],
      ['SET', 'k', '01'],
      ['INCR', 'k'],
      ['SET', 'k', '-0'],
      ['INCR', 'k'],
      ['SET', 'k', ''],
      ['INCR', 'k'],
      ['SET', 'k', '-'],
      ['INCRBY', 'k', '1'],
      ['SET', 'k', '1e3'],
      ['INCR', 'k'],
      ['SET', 'k', '0'],
      ['INCR', 'k'],
    ],
  },
  {
    name: 'bad increments are refused before the key is looked at',
    script: [
      ['INCRBY', 'k', 'abc'],
      ['INCRBY', 'k', '1.0'],
      ['INCRBY', 'k', ''],
      ['DECRBY', 'k', '9223372036854775808'],
      ['INCRBY', 'k', '-9223372036854775809'],
      ['INCRBY', 'k', '+5'],
      ['EXISTS', 'k'],
      ['INCRBY', 'k'],
      ['INCR'],
      ['DECR', 'a', 'b'],
    ],
  },
  {
    name: 'the 64-bit range is exact beyond 2^53 and overflows are refused',
    script: [
      ['SET', 'k', '9007199254740991'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['GET', 'k'],
      ['INCRBY', 'k', '9007199254740993'],
      ['GET', 'k'],
      ['SET', 'm', '9223372036854775806'],
      ['INCR', 'm'],
      ['INCR', 'm'],
      ['GET', 'm'],
      ['DECRBY', 'm', '9223372036854775807'],
      ['SET', 'n', '-9223372036854775807'],
      ['DECR', 'n'],
      ['DECR', 'n'],
      ['INCRBY', 'n', '-1'],
      ['INCRBY', 'n', '9223372036854775807'],
      ['INCRBY', 'n', '9223372036854775807'],
      ['INCRBY', 'n', '2'],
      ['DECRBY', 'x', '-9223372036854775808'],
      ['DECRBY', 'x', '-9223372036854775807'],
      ['INCRBY', 'y', '-9223372036854775808'],
      ['DECRBY', 'y', '1'],
      ['SET', 'z', '-9007199254740992'],
      ['DECRBY', 'z', '5'],
      ['INCRBY', 'z', '18014398509481984'],
      ['SET', 'o', '9223372036854775808'],
      ['INCR', 'o'],
    ],
  },
  {
    name: 'inside MULTI, also with keys on several shards, 64-bit results stay exact',
    script: [
      ['SET', 'a', '9223372036854775800'],
      ['SET', 'b', '-9007199254740993'],
      ['MULTI'],
      ['INCRBY', 'a', '5'],
      ['DECR', 'b'],
      ['BITFIELD', 'c', 'SET', 'i64', '0', '-9223372036854775807', 'GET', 'i64', '0'],
      ['MSETNX', 'c', '1', 'd', '2'],
      ['EXEC'],
      ['MGET', 'a', 'b', 'd'],
    ],
  },
  {
    name: 'INCR results are int-encoded',
    script: [['INCR', 'k'], ['OBJECT', 'ENCODING', 'k'], ['SET', 's', '100'], ['APPEND', 's', '0'], ['OBJECT', 'ENCODING', 's'], ['INCRBY', 's', '5'], ['OBJECT', 'ENCODING', 's'], ['INCRBY', 'l', '123456789012']],
  },
  {
    name: 'INCR keeps the TTL',
    tolerance: { 2: 1 },
    script: [['SET', 'k', '1', 'EX', '100'], ['INCR', 'k'], ['TTL', 'k']],
  },
  {
    name: 'INCR family on another type is WRONGTYPE, after the increment check',
    script: [coll('l'), ['INCR', 'l'], ['DECR', 'l'], ['INCRBY', 'l', '2'], ['DECRBY', 'l', '2'], ['INCRBY', 'l', 'x'], ['DECRBY', 'l', '-9223372036854775808']],
  },
]);

const floatCases: [string, string][] = [
  ['10.5', '0.1'],
  ['3.0e3', '0.1'],
  ['5.0e3', '2.0e3'],
  ['0.1', '0.2'],
  ['1', '1'],
  ['1.5', '-1.5'],
  ['-1.5', '1.5'],
  ['0', '1e-20'],
  ['0', '-1e-20'],
  ['0', '0.000003814697265625'],
  ['0', '0.000003814697265635'],
  ['0', '1e400'],
  ['1e4000', '-1e4000'],
  ['0', '1e-4940'],
  ['0', '1e-4950'],
  ['0', '0x10'],
  ['0', '0x1.8p3'],
  ['0', '0X.8'],
  ['0', '.5'],
  ['0', '5.'],
  ['0', '+1.5'],
  ['0', '-.5e1'],
  ['0', '1E+05'],
  ['12345678901234567890', '0.5'],
  ['9223372036854775807', '1'],
  ['-9223372036854775808', '-1'],
  ['1.23456789012345678901234567890', '0'],
  ['3.14159', '2.71828'],
  ['1e17', '1'],
  ['1e18', '1'],
  ['123.456', '-123.456'],
  ['0.3', '-0.1'],
  ['1.1', '2.2'],
  ['100', '-0.01'],
  ['1e-17', '4e-18'],
  ['-0.00000000000000001', '0'],
  ['7', '-0.000000000000000005'],
  ['00012', '0.5'],
  ['1.18e4932', '0'],
  ['-0', '0'],
  ['5', '-5'],
  ['-3', '2'],
  ['9007199254740991', '1'],
  ['9007199254740990', '1'],
  ['-9007199254740991', '-2'],
  ['10', '-0'],
  ['007', '1'],
];

differentialSuite('INCRBYFLOAT', [
  {
    name: 'results are long double sums printed like Redis (%.17Lf, zeros trimmed)',
    script: floatCases.flatMap(([v, inc], i): Command[] => [['SET', `f${i}`, v], ['INCRBYFLOAT', `f${i}`, inc], ['GET', `f${i}`]]),
  },
  {
    name: 'a missing key counts as 0; results can be incremented again',
    script: [['INCRBYFLOAT', 'k', '0.1'], ['INCRBYFLOAT', 'k', '0.2'], ['INCRBYFLOAT', 'k', '0.3'], ['INCRBYFLOAT', 'k', '-0.6'], ['INCRBYFLOAT', 'k', '1e3'], ['INCR', 'k'], ['INCRBYFLOAT', 'k', '1.5'], ['INCR', 'k']],
  },
  {
    name: 'a long random walk stays identical',
    script: (() => {
      const r = rng(42);
      const cmds: Command[] = [];
      for (let i = 0; i < 150; i++) {
        const mag = Math.floor(r() * 12) - 6;
        const v = (r() - 0.5) * 10 ** mag;
        const text = r() < 0.3 ? v.toExponential(Math.floor(r() * 10)) : v.toFixed(Math.floor(r() * 12));
        cmds.push(['INCRBYFLOAT', 'w', text]);
      }
      return cmds;
    })(),
  },
  {
    name: 'invalid floats and overflows are refused',
    script: [
      ['INCRBYFLOAT', 'k', 'abc'],
      ['INCRBYFLOAT', 'k', ''],
      ['INCRBYFLOAT', 'k', ' 1'],
      ['INCRBYFLOAT', 'k', '1 '],
      ['INCRBYFLOAT', 'k', 'nan'],
      ['INCRBYFLOAT', 'k', '1e'],
      ['INCRBYFLOAT', 'k', '1e+'],
      ['INCRBYFLOAT', 'k', '-.e1'],
      ['INCRBYFLOAT', 'k', '.'],
      ['INCRBYFLOAT', 'k', '0x'],
      ['INCRBYFLOAT', 'k', '1e5000'],
      ['INCRBYFLOAT', 'k', '1e-5000'],
      ['INCRBYFLOAT', 'k', '1'.repeat(5200)],
      ['INCRBYFLOAT', 'k', 'inf'],
      ['INCRBYFLOAT', 'k', '-Infinity'],
      ['INCRBYFLOAT', 'k', '1,5'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'abc'],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', 'inf'],
      ['INCRBYFLOAT', 'k', '1'],
      ['SET', 'k', '1e4932'],
      ['INCRBYFLOAT', 'k', '1e4932'],
      ['GET', 'k'],
      ['SET', 'k', '1 '],
      ['INCRBYFLOAT', 'k', 'abc'],
      ['INCRBYFLOAT', 'k'],
    ],
  },
  {
    name: 'INCRBYFLOAT on another type is WRONGTYPE before the increment is checked',
    script: [coll('l'), ['INCRBYFLOAT', 'l', '1'], ['INCRBYFLOAT', 'l', 'abc']],
  },
  {
    name: 'results are stored as strings, never int-encoded',
    script: [['INCRBYFLOAT', 'k', '3'], ['OBJECT', 'ENCODING', 'k'], ['INCRBYFLOAT', 'r', '1e40'], ['OBJECT', 'ENCODING', 'r']],
  },
  {
    name: 'INCRBYFLOAT keeps the TTL',
    tolerance: { 2: 1 },
    script: [['SET', 'k', '1', 'EX', '100'], ['INCRBYFLOAT', 'k', '1.5'], ['TTL', 'k']],
  },
]);

const rangePairs: [string, string][] = [
  ['0', '3'],
  ['0', '-1'],
  ['-3', '-1'],
  ['5', '3'],
  ['-1', '-5'],
  ['-5', '-1'],
  ['10', '100'],
  ['-100', '-50'],
  ['-100', '2'],
  ['3', '3'],
  ['100', '200'],
  ['0', '0'],
  ['-1', '-1'],
  ['-16', '-16'],
  ['-17', '-17'],
  ['9223372036854775807', '9223372036854775807'],
  ['-9223372036854775808', '9223372036854775807'],
  ['-9223372036854775808', '-9223372036854775807'],
  ['-9223372036854775807', '-9223372036854775808'],
  ['2', '-9223372036854775808'],
];

differentialSuite('GETRANGE / SUBSTR', [
  {
    name: 'ranges with positive, negative and out-of-range indexes',
    script: [
      ['SET', 's', 'This is a string'],
      ...rangePairs.map(([a, b]): Command => ['GETRANGE', 's', a, b]),
      ...rangePairs.map(([a, b]): Command => ['SUBSTR', 's', a, b]),
    ],
  },
  {
    name: 'int-encoded, appended, empty and missing values',
    script: [
      ['SET', 'i', '1234567'],
      ['GETRANGE', 'i', '1', '3'],
      ['GETRANGE', 'i', '-2', '-1'],
      ['APPEND', 'r', 'abcdefgh'],
      ['APPEND', 'r', 'ijk'],
      ['GETRANGE', 'r', '2', '9'],
      ['SET', 'e', ''],
      ['GETRANGE', 'e', '0', '-1'],
      ['GETRANGE', 'e', '0', '0'],
      ['GETRANGE', 'nokey', '0', '-1'],
      ['GETRANGE', 'nokey', 'x', '1'],
    ],
  },
  {
    name: 'binary values',
    script: [['SET', 'b', ALL_BYTES], ['GETRANGE', 'b', '0', '15'], ['GETRANGE', 'b', '-16', '-1'], ['GETRANGE', 'b', '120', '140']],
  },
  {
    name: 'bad indexes and arity',
    script: [
      ['SET', 's', 'hello'],
      ['GETRANGE', 's', 'a', '1'],
      ['GETRANGE', 's', '0', 'b'],
      ['GETRANGE', 's', '0.5', '1'],
      ['GETRANGE', 's', '9223372036854775808', '1'],
      ['GETRANGE', 's', '0'],
      ['SUBSTR', 's', '0', '1', '2'],
    ],
  },
  {
    name: 'GETRANGE on another type',
    script: [coll('l'), ['GETRANGE', 'l', '0', '1'], ['GETRANGE', 'l', 'x', '1']],
  },
]);

differentialSuite('SETRANGE', [
  {
    name: 'overwrites in place, zero-pads and extends',
    script: [
      ['SET', 'k', 'Hello World'],
      ['SETRANGE', 'k', '6', 'Redis'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '20', '!'],
      ['GET', 'k'],
      ['SETRANGE', 'n', '5', 'x'],
      ['GET', 'n'],
      ['SETRANGE', 'k', '0', 'J'],
      ['GET', 'k'],
      ['SETRANGE', 'i', '0', '12'],
      ['SET', 'j', '1234'],
      ['SETRANGE', 'j', '1', '9'],
      ['GET', 'j'],
      ['INCR', 'j'],
    ],
  },
  {
    name: 'an empty value changes nothing and creates no key',
    script: [
      ['SETRANGE', 'n', '0', ''],
      ['SETRANGE', 'n', '100', ''],
      ['EXISTS', 'n'],
      ['SET', 'k', 'abc'],
      ['SETRANGE', 'k', '10', ''],
      ['GET', 'k'],
      ['SETRANGE', 'n', '9223372036854775807', ''],
      ['SETRANGE', 'k', '9223372036854775807', ''],
    ],
  },
  {
    name: 'binary values',
    script: [['SETRANGE', 'b', '3', ALL_BYTES], ['GET', 'b'], ['SETRANGE', 'b', '1', BINARY], ['GET', 'b'], ['STRLEN', 'b']],
  },
  {
    name: 'offset errors and the size limit',
    script: [
      ['SETRANGE', 'k', '-1', 'x'],
      ['SETRANGE', 'k', 'abc', 'x'],
      ['SETRANGE', 'k', '1.5', 'x'],
      ['SETRANGE', 'k', '536870912', 'x'],
      ['SETRANGE', 'k', '536870911', 'xy'],
      ['SETRANGE', 'k', '9223372036854775807', 'x'],
      ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SETRANGE', 'k', '-9223372036854775808', 'x'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'abc'],
      ['SETRANGE', 'k', '536870910', 'xyz'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '1'],
    ],
  },
  {
    name: 'a lowered proto-max-bulk-len limits SETRANGE, APPEND and LCS',
    script: [
      ['CONFIG', 'SET', 'proto-max-bulk-len', '2mb'],
      ['SETRANGE', 'k', '3000000', 'x'],
      ['SETRANGE', 'k', '2097000', 'x'],
      ['APPEND', 'k', 'y'.repeat(151)],
      ['APPEND', 'k', 'y'.repeat(152)],
      ['STRLEN', 'k'],
      ['SETRANGE', 'k', '2097151', 'zz'],
      ['SET', 'x', 'a'.repeat(1100)],
      ['SET', 'y', 'b'.repeat(1100)],
      ['LCS', 'x', 'y', 'LEN'],
      ['SET', 'y', 'b'.repeat(500)],
      ['LCS', 'x', 'y', 'LEN'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ],
  },
  {
    name: 'OBJECT ENCODING after SETRANGE is raw',
    script: [['SET', 'k', '123'], ['SETRANGE', 'k', '0', '4'], ['OBJECT', 'ENCODING', 'k'], ['SETRANGE', 'n', '2', 'ab'], ['OBJECT', 'ENCODING', 'n']],
  },
  {
    name: 'SETRANGE on another type: offset errors first, then WRONGTYPE even for an empty value',
    script: [coll('l'), ['SETRANGE', 'l', '-1', 'x'], ['SETRANGE', 'l', '0', 'x'], ['SETRANGE', 'l', '0', ''], ['SETRANGE', 'l', '536870912', 'x']],
  },
]);

/** Random strings over a small alphabet, so they share long subsequences. */
function randomText(r: () => number, len: number, alphabet = 'abcd'): string {
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

differentialSuite('LCS', [
  {
    name: 'the documented example: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN',
    script: [
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
      ['LCS', 'key1', 'key2'],
      ['LCS', 'key1', 'key2', 'LEN'],
      ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'idx', 'withmatchlen'],
      ['LCS', 'key1', 'key2', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'MINMATCHLEN', '-5', 'IDX'],
      ['LCS', 'key1', 'key2', 'LEN', 'LEN', 'MINMATCHLEN', '2'],
      ['LCS', 'key2', 'key1', 'IDX', 'WITHMATCHLEN'],
    ],
  },
  {
    name: 'IDX is a map in RESP3',
    resp3: true,
    script: [['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'], ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'], ['LCS', 'x', 'y', 'IDX']],
  },
  {
    name: 'keys on different shards',
    script: [['SET', 'a', 'ohmytext'], ['SET', 'b', 'mynewtext'], ['LCS', 'a', 'b'], ['LCS', 'b', 'a', 'IDX'], ['LCS', 'a', 'c', 'LEN'], ['LCS', 'd', 'a']],
  },
  {
    name: 'missing keys are empty strings; identical and disjoint strings; int values',
    script: [
      ['LCS', 'x', 'y'],
      ['LCS', 'x', 'y', 'LEN'],
      ['LCS', 'x', 'y', 'IDX'],
      ['SET', 's', 'abcdef'],
      ['LCS', 's', 's', 'IDX', 'WITHMATCHLEN'],
      ['SET', 't', 'xyz'],
      ['LCS', 's', 't', 'IDX'],
      ['SET', 'i', '1234567'],
      ['SET', 'j', '91929394'],
      ['LCS', 'i', 'j'],
      ['LCS', 'i', 'j', 'IDX', 'WITHMATCHLEN'],
    ],
  },
  {
    name: 'random strings: the same subsequence and the same ranges',
    script: (() => {
      const r = rng(7);
      const cmds: Command[] = [];
      for (let i = 0; i < 12; i++) {
        cmds.push(['SET', 'x', randomText(r, 1 + Math.floor(r() * 60))]);
        cmds.push(['SET', 'y', randomText(r, 1 + Math.floor(r() * 60))]);
        cmds.push(['LCS', 'x', 'y']);
        cmds.push(['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN']);
        cmds.push(['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', '3']);
        cmds.push(['LCS', 'y', 'x', 'LEN']);
      }
      return cmds;
    })(),
  },
  {
    name: 'longer random strings',
    script: (() => {
      const r = rng(8);
      const x = randomText(r, 700, 'abcdefghij');
      const y = randomText(r, 450, 'abcdefghij');
      return [['SET', 'x', x], ['SET', 'y', y], ['LCS', 'x', 'y'], ['LCS', 'x', 'y', 'LEN'], ['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', '3', 'WITHMATCHLEN']] as Command[];
    })(),
  },
  {
    name: 'binary strings',
    script: [['SET', 'p', ALL_BYTES], ['SET', 'q', Buffer.concat([BINARY, ALL_BYTES.subarray(100, 140)])], ['LCS', 'p', 'q'], ['LCS', 'p', 'q', 'IDX']],
  },
  {
    name: 'option errors',
    script: [
      ['SET', 's', 'abc'],
      ['LCS', 's', 's', 'LEN', 'IDX'],
      ['LCS', 's', 's', 'FOO'],
      ['LCS', 's', 's', 'MINMATCHLEN'],
      ['LCS', 's', 's', 'MINMATCHLEN', 'x'],
      ['LCS', 's', 's', 'MINMATCHLEN', '1.5', 'LEN', 'IDX'],
      ['LCS', 's'],
      ['LCS'],
    ],
  },
  {
    name: 'the transient table may not exceed proto-max-bulk-len',
    script: [['SET', 'x', 'a'.repeat(12000)], ['SET', 'y', 'b'.repeat(12000)], ['LCS', 'x', 'y', 'LEN'], ['LCS', 'x', 'y']],
  },
  {
    name: 'keys of another type: one error text for both positions, before option errors',
    script: [coll('l'), ['SET', 's', 'abc'], ['LCS', 'l', 's'], ['LCS', 's', 'l'], ['LCS', 'nokey', 'l', 'FOO'], ['LCS', 'l', 'l', 'LEN', 'IDX']],
  },
] satisfies DiffCase[]);
