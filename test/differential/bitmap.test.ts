// Bitmap commands against the real redis-server, with 1 and 4 engine shards:
// SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO — BYTE|BIT ranges, negative and huge
// indexes, every BITFIELD type, "#" offsets and overflow mode, binary values and every error reply.
// With 4 shards the keys a, b, c and d live on four different shards, so BITOP over them runs
// through the cross-shard path. Randomised scripts (fixed seeds) compare many ranges at once.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { differentialSuite, type Command } from '../helpers/differential.ts';
import { REPO_ROOT } from '../helpers/servers.ts';

function engineHas(name: string): boolean {
  const dirs = [path.join(REPO_ROOT, 'engine', 'commands'), path.join(REPO_ROOT, 'engine', 'commands', 'server')];
  for (const dir of dirs) {
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.ts') && readFileSync(path.join(dir, f), 'utf8').includes(`name: '${name}'`)) return true;
    }
  }
  return false;
}

const collectionCmd: ((key: string) => Command) | undefined = (() => {
  if (engineHas('rpush')) return (k: string) => ['RPUSH', k, 'x'];
  if (engineHas('sadd')) return (k: string) => ['SADD', k, 'x'];
  if (engineHas('hset')) return (k: string) => ['HSET', k, 'f', 'v'];
  if (engineHas('zadd')) return (k: string) => ['ZADD', k, '1', 'm'];
  return undefined;
})();
const noCollections = collectionCmd === undefined;
const coll = (key: string): Command => (collectionCmd ? collectionCmd(key) : ['SET', key, 'unused']);
const noTtl = !engineHas('ttl');
const noObject = !engineHas('object');

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

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

function randomBytes(r: () => number, n: number, density = 0.5): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let k = 0; k < 8; k++) x = (x << 1) | (r() < density ? 1 : 0);
    b[i] = x;
  }
  return b;
}

const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

differentialSuite('SETBIT / GETBIT', [
  {
    name: 'SETBIT returns the old bit, grows the string and GETBIT reads it back',
    script: [
      ['SETBIT', 'k', '7', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '100', '1'],
      ['STRLEN', 'k'],
      ['GET', 'k'],
      ['GETBIT', 'k', '100'],
      ['GETBIT', 'k', '99'],
      ['GETBIT', 'k', '1000000'],
      ['GETBIT', 'nokey', '0'],
      ['SETBIT', 'z', '20', '0'],
      ['GET', 'z'],
      ['SETBIT', 'z', '0', '0'],
    ],
  },
  {
    name: 'bits of string and int-encoded values',
    script: [
      ['SET', 's', 'A'],
      ...Array.from({ length: 9 }, (_, i): Command => ['GETBIT', 's', String(i)]),
      ['SET', 'i', '5'],
      ...Array.from({ length: 9 }, (_, i): Command => ['GETBIT', 'i', String(i)]),
      ['SETBIT', 'i', '6', '1'],
      ['GET', 'i'],
      ['SET', 'b', ALL_BYTES],
      ['SETBIT', 'b', '2047', '0'],
      ['GETBIT', 'b', '2046'],
      ['GET', 'b'],
    ],
  },
  {
    name: 'offset and bit value errors, in that order',
    script: [
      ['SETBIT', 'k', '-1', '1'],
      ['SETBIT', 'k', 'abc', '1'],
      ['SETBIT', 'k', '4294967296', '1'],
      ['SETBIT', 'k', '9223372036854775807', '1'],
      ['SETBIT', 'k', '9223372036854775808', '1'],
      ['SETBIT', 'k', '#1', '1'],
      ['SETBIT', 'k', '0', '2'],
      ['SETBIT', 'k', '0', '-1'],
      ['SETBIT', 'k', '0', 'x'],
      ['SETBIT', 'k', '0', '1.0'],
      ['SETBIT', 'k', '0', ''],
      ['SETBIT', 'k', 'x', 'y'],
      ['EXISTS', 'k'],
      ['GETBIT', 'k', '-1'],
      ['GETBIT', 'k', '4294967296'],
      ['GETBIT', 'k', 'x'],
      ['GETBIT', 'k', '4294967295'],
      ['SETBIT', 'k', '1'],
      ['GETBIT', 'k'],
    ],
  },
  {
    name: 'a lowered proto-max-bulk-len limits bit offsets',
    script: [
      ['CONFIG', 'SET', 'proto-max-bulk-len', '2mb'],
      ['SETBIT', 'k', '16777216', '1'],
      ['SETBIT', 'k', '16777215', '1'],
      ['STRLEN', 'k'],
      ['GETBIT', 'k', '16777216'],
      ['GETBIT', 'k', '16777215'],
      ['BITFIELD', 'k', 'GET', 'u8', '#2097151', 'GET', 'u8', '#2097152'],
      ['BITFIELD', 'k', 'SET', 'u8', '16777208', '255', 'INCRBY', 'u4', '16777212', '1'],
      ['BITFIELD_RO', 'k', 'GET', 'i8', '16777216'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ],
  },
  {
    name: 'OBJECT ENCODING after SETBIT is raw',
    skip: noObject,
    script: [['SET', 'k', '12'], ['SETBIT', 'k', '0', '0'], ['OBJECT', 'ENCODING', 'k'], ['SETBIT', 'n', '3', '1'], ['OBJECT', 'ENCODING', 'n']],
  },
  {
    name: 'SETBIT keeps the TTL',
    skip: noTtl,
    tolerance: { 2: 1 },
    script: [['SET', 'k', 'v', 'EX', '100'], ['SETBIT', 'k', '100', '1'], ['TTL', 'k']],
  },
  {
    name: 'SETBIT and GETBIT on another type: argument errors first, then WRONGTYPE',
    skip: noCollections,
    script: [coll('l'), ['SETBIT', 'l', '0', '1'], ['SETBIT', 'l', '-1', '1'], ['SETBIT', 'l', '0', '5'], ['GETBIT', 'l', '0'], ['GETBIT', 'l', 'x']],
  },
]);

const bitcountRanges: string[][] = [
  [],
  ['0', '0'],
  ['1', '1'],
  ['0', '-1'],
  ['-2', '-1'],
  ['1', '-2'],
  ['4', '2'],
  ['-1', '-2'],
  ['-100', '100'],
  ['100', '200'],
  ['0', '-1', 'BYTE'],
  ['0', '-1', 'BIT'],
  ['5', '30', 'BIT'],
  ['5', '5', 'bit'],
  ['-5', '-1', 'BIT'],
  ['-1', '-1', 'BIT'],
  ['9', '14', 'BIT'],
  ['17', '2', 'BIT'],
  ['-100', '1000', 'BIT'],
  ['-9223372036854775808', '9223372036854775807'],
  ['-9223372036854775807', '-9223372036854775808'],
  ['-9223372036854775808', '-9223372036854775807', 'BIT'],
];

differentialSuite('BITCOUNT', [
  {
    name: 'byte and bit ranges',
    script: [['SET', 's', 'foobar'], ...bitcountRanges.map((r): Command => ['BITCOUNT', 's', ...r])],
  },
  {
    name: 'int-encoded, empty, binary and missing values',
    script: [
      ['SET', 'i', '1234567'],
      ['BITCOUNT', 'i'],
      ['BITCOUNT', 'i', '1', '2'],
      ['BITCOUNT', 'i', '3', '20', 'BIT'],
      ['SET', 'e', ''],
      ['BITCOUNT', 'e'],
      ['BITCOUNT', 'e', '0', '-1'],
      ['BITCOUNT', 'e', '0', '-1', 'BIT'],
      ['SET', 'b', ALL_BYTES],
      ['BITCOUNT', 'b'],
      ['BITCOUNT', 'b', '100', '-100'],
      ['BITCOUNT', 'b', '803', '1201', 'BIT'],
      ['BITCOUNT', 'nokey'],
      ['BITCOUNT', 'nokey', '0', '-1', 'BIT'],
    ],
  },
  {
    name: 'a missing key is 0 whatever the arguments; errors on an existing one',
    script: [
      ['BITCOUNT', 'nokey', 'a', 'b'],
      ['BITCOUNT', 'nokey', '1'],
      ['BITCOUNT', 'nokey', '1', '2', 'FOO'],
      ['SET', 's', 'foobar'],
      ['BITCOUNT', 's', '1'],
      ['BITCOUNT', 's', 'a', '1'],
      ['BITCOUNT', 's', '1', 'b'],
      ['BITCOUNT', 's', '1', '2', 'FOO'],
      ['BITCOUNT', 's', '-1', '-2', 'FOO'],
      ['BITCOUNT', 's', '1', '2', 'BIT', 'x'],
      ['BITCOUNT', 's', '1.5', '2'],
      ['BITCOUNT'],
    ],
  },
  {
    name: 'random strings and ranges',
    script: (() => {
      const r = rng(11);
      const cmds: Command[] = [];
      for (let k = 0; k < 6; k++) {
        const len = int(r, 1, 70);
        cmds.push(['SET', 'r', randomBytes(r, len, r())]);
        for (let i = 0; i < 30; i++) {
          const bit = r() < 0.5;
          const lim = bit ? len * 8 + 10 : len + 3;
          const args = [String(int(r, -lim, lim)), String(int(r, -lim, lim))];
          if (bit) args.push('BIT');
          else if (r() < 0.3) args.push('BYTE');
          cmds.push(['BITCOUNT', 'r', ...args]);
        }
      }
      return cmds;
    })(),
  },
  {
    name: 'BITCOUNT on another type',
    skip: noCollections,
    script: [coll('l'), ['BITCOUNT', 'l'], ['BITCOUNT', 'l', 'x', 'y']],
  },
]);

differentialSuite('BITPOS', [
  {
    name: 'first set and clear bits, with and without ranges',
    script: [
      ['SET', 'k', Buffer.from([0xff, 0xf0, 0x00])],
      ['BITPOS', 'k', '0'],
      ['BITPOS', 'k', '1'],
      ['BITPOS', 'k', '1', '2'],
      ['BITPOS', 'k', '0', '0', '0'],
      ['BITPOS', 'k', '1', '2', '-1', 'BYTE'],
      ['BITPOS', 'k', '1', '7', '15', 'BIT'],
      ['BITPOS', 'k', '0', '7', '15', 'bit'],
      ['BITPOS', 'k', '0', '0', '11', 'BIT'],
      ['BITPOS', 'k', '1', '-1'],
      ['BITPOS', 'k', '0', '-100', '100'],
      ['BITPOS', 'k', '1', '5', '2'],
      ['SET', 'ones', Buffer.from([0xff, 0xff, 0xff])],
      ['BITPOS', 'ones', '0'],
      ['BITPOS', 'ones', '0', '1'],
      ['BITPOS', 'ones', '0', '1', '-1'],
      ['BITPOS', 'ones', '0', '0', '-1', 'BIT'],
      ['BITPOS', 'ones', '1', '30', '-1', 'BIT'],
      ['SET', 'zeros', Buffer.alloc(4)],
      ['BITPOS', 'zeros', '1'],
      ['BITPOS', 'zeros', '0', '2'],
      ['BITPOS', 'zeros', '1', '0', '-1', 'BIT'],
    ],
  },
  {
    name: 'missing, empty and int-encoded values',
    script: [
      ['BITPOS', 'nokey', '0'],
      ['BITPOS', 'nokey', '1'],
      ['BITPOS', 'nokey', '1', 'x', 'y', 'z'],
      ['BITPOS', 'nokey', '0', '1', '2', '3', '4'],
      ['SET', 'e', ''],
      ['BITPOS', 'e', '0'],
      ['BITPOS', 'e', '1'],
      ['BITPOS', 'e', '0', '0', '-1', 'BIT'],
      ['SET', 'i', '9'],
      ['BITPOS', 'i', '1'],
      ['BITPOS', 'i', '0', '0', '2', 'BIT'],
    ],
  },
  {
    name: 'argument errors',
    script: [
      ['BITPOS', 'nokey', '2'],
      ['BITPOS', 'nokey', '-1'],
      ['BITPOS', 'nokey', 'x'],
      ['SET', 'k', 'abc'],
      ['BITPOS', 'k', '2'],
      ['BITPOS', 'k', '1', 'x'],
      ['BITPOS', 'k', '1', '0', 'y'],
      ['BITPOS', 'k', '1', '0', '1', 'FOO'],
      ['BITPOS', 'k', '1', 'x', '1', 'FOO'],
      ['BITPOS', 'k', '1', '0', 'y', 'FOO'],
      ['BITPOS', 'k', '1', '0', '1', 'BIT', 'x'],
      ['BITPOS', 'k'],
    ],
  },
  {
    name: 'random strings, bits and ranges',
    script: (() => {
      const r = rng(23);
      const cmds: Command[] = [];
      for (let k = 0; k < 8; k++) {
        const len = int(r, 1, 40);
        const density = [0.02, 0.5, 0.98][k % 3];
        cmds.push(['SET', 'r', randomBytes(r, len, density)]);
        for (let i = 0; i < 30; i++) {
          const bit = String(int(r, 0, 1));
          const mode = int(r, 0, 3);
          const lim = mode === 3 ? len * 8 + 10 : len + 3;
          const args: string[] = [];
          if (mode >= 1) args.push(String(int(r, -lim, lim)));
          if (mode >= 2) args.push(String(int(r, -lim, lim)));
          if (mode === 3) args.push('BIT');
          cmds.push(['BITPOS', 'r', bit, ...args]);
        }
      }
      return cmds;
    })(),
  },
  {
    name: 'BITPOS on another type',
    skip: noCollections,
    script: [coll('l'), ['BITPOS', 'l', '1'], ['BITPOS', 'l', '2'], ['BITPOS', 'l', '1', 'x']],
  },
]);

differentialSuite('BITOP', [
  {
    name: 'AND, OR, XOR and NOT over strings of different lengths',
    script: [
      ['SET', 'x', 'foobar'],
      ['SET', 'y', 'abcdef'],
      ['SET', 'z', 'ab'],
      ['BITOP', 'AND', 'r', 'x', 'y'],
      ['GET', 'r'],
      ['BITOP', 'OR', 'r', 'x', 'z'],
      ['GET', 'r'],
      ['BITOP', 'XOR', 'r', 'x', 'y', 'z'],
      ['GET', 'r'],
      ['BITOP', 'AND', 'r', 'z', 'x'],
      ['GET', 'r'],
      ['BITOP', 'NOT', 'r', 'x'],
      ['GET', 'r'],
      ['BITOP', 'and', 'r', 'x'],
      ['GET', 'r'],
      ['BITOP', 'xOr', 'x', 'x', 'x'],
      ['GET', 'x'],
    ],
  },
  {
    name: 'missing sources are empty; an empty result deletes the destination',
    script: [
      ['SET', 'x', 'abc'],
      ['BITOP', 'AND', 'r', 'x', 'nokey'],
      ['GET', 'r'],
      ['BITOP', 'OR', 'r', 'nokey', 'x'],
      ['GET', 'r'],
      ['BITOP', 'OR', 'r', 'nokey', 'nokey2'],
      ['EXISTS', 'r'],
      ['SET', 'e', ''],
      ['SET', 'r', 'old'],
      ['BITOP', 'NOT', 'r', 'e'],
      ['EXISTS', 'r'],
      ['SET', 'i', '123'],
      ['BITOP', 'NOT', 'r', 'i'],
      ['GET', 'r'],
    ],
  },
  {
    name: 'keys on four shards',
    script: [
      ['SET', 'a', Buffer.from([0xf0, 0x0f, 0xff])],
      ['SET', 'b', Buffer.from([0xcc, 0xaa])],
      ['SET', 'c', Buffer.from([0x01])],
      ['BITOP', 'OR', 'd', 'a', 'b', 'c'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'a', 'a', 'b', 'd'],
      ['GET', 'a'],
      ['BITOP', 'XOR', 'c', 'b', 'd'],
      ['MGET', 'a', 'b', 'c', 'd'],
      ['BITOP', 'NOT', 'b', 'd'],
      ['GET', 'b'],
      ['BITOP', 'AND', 'd', 'x', 'y'],
      ['EXISTS', 'd'],
    ],
  },
  {
    name: 'binary and long values',
    script: [
      ['SET', 'p', ALL_BYTES],
      ['SET', 'q', Buffer.concat([ALL_BYTES.subarray(128), ALL_BYTES, ALL_BYTES])],
      ['BITOP', 'XOR', 'r', 'p', 'q'],
      ['GET', 'r'],
      ['BITOP', 'AND', 'r', 'q', 'p'],
      ['GET', 'r'],
      ['BITOP', 'NOT', 'r', 'q'],
      ['GET', 'r'],
      ['BITCOUNT', 'r'],
    ],
  },
  {
    name: 'errors',
    script: [
      ['BITOP', 'FOO', 'r', 'x'],
      ['BITOP', 'NOT', 'r', 'x', 'y'],
      ['BITOP', 'NOT', 'r'],
      ['BITOP', 'AND', 'r'],
      ['BITOP', 'NAND', 'r', 'x'],
      ['BITOP'],
    ],
  },
  {
    name: 'the result is raw-encoded and drops the destination TTL',
    skip: noObject || noTtl,
    script: [['SET', 'x', '12'], ['SET', 'r', 'v', 'EX', '100'], ['BITOP', 'OR', 'r', 'x'], ['OBJECT', 'ENCODING', 'r'], ['TTL', 'r']],
  },
  {
    name: 'sources of another type are WRONGTYPE; a destination of another type is overwritten',
    skip: noCollections,
    script: [
      coll('l'),
      ['SET', 'x', 'abc'],
      ['BITOP', 'AND', 'r', 'x', 'l'],
      ['EXISTS', 'r'],
      ['BITOP', 'NOT', 'l', 'x'],
      ['GET', 'l'],
      ['BITOP', 'NOT', 'r', 'x', 'l'],
    ],
  },
]);

differentialSuite('BITFIELD / BITFIELD_RO', [
  {
    name: 'the documented examples',
    script: [
      ['BITFIELD', 'mykey', 'INCRBY', 'i5', '100', '1', 'GET', 'u4', '0'],
      ['BITFIELD', 'mystring', 'SET', 'i8', '#0', '100', 'SET', 'i8', '#1', '200'],
      ['BITFIELD', 'mykey', 'incrby', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'incrby', 'u2', '102', '1'],
      ['BITFIELD', 'mykey', 'incrby', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'incrby', 'u2', '102', '1'],
      ['BITFIELD', 'mykey', 'incrby', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'incrby', 'u2', '102', '1'],
      ['BITFIELD', 'mykey', 'OVERFLOW', 'FAIL', 'incrby', 'u2', '102', '1'],
      ['GET', 'mystring'],
      ['GET', 'mykey'],
    ],
  },
  {
    name: 'signed and unsigned fields of every width read back what was set',
    script: (() => {
      const cmds: Command[] = [];
      for (let bits = 1; bits <= 64; bits++) {
        const off = String(bits * 3);
        cmds.push(['BITFIELD', 's', 'SET', `i${bits}`, off, '-1', 'GET', `i${bits}`, off, 'GET', `u${Math.min(bits, 63)}`, off]);
        if (bits < 64) cmds.push(['BITFIELD', 'u', 'SET', `u${bits}`, off, String(2 ** bits - 1), 'GET', `u${bits}`, off, 'GET', `i${bits}`, off]);
      }
      cmds.push(['GET', 's'], ['GET', 'u']);
      cmds.push(['BITFIELD', 'w', 'SET', 'i64', '0', '-9223372036854775808', 'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1']);
      cmds.push(['BITFIELD', 'w', 'SET', 'i64', '5', '9223372036854775807', 'GET', 'i64', '5', 'GET', 'u63', '5', 'GET', 'u63', '6']);
      return cmds;
    })(),
  },
  {
    name: 'overflow: WRAP, SAT and FAIL for signed and unsigned fields',
    script: [
      ['BITFIELD', 'k', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '10'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '300', 'INCRBY', 'u8', '0', '-1000'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '256', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '-1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'INCRBY', 'i8', '8', '127', 'INCRBY', 'i8', '8', '2', 'INCRBY', 'i8', '8', '-300'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '8', '1000', 'INCRBY', 'i8', '8', '-1000'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '8', '-1', 'INCRBY', 'i8', '8', '1000'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', '-9223372036854775808', 'GET', 'i8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'SET', 'u8', '0', '-1', 'SET', 'i8', '0', '200', 'GET', 'i8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u4', '0', '16', 'SET', 'i4', '0', '-9', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'SET', 'i64', '16', '9223372036854775807', 'INCRBY', 'i64', '16', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '16', '-1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '16', '-9223372036854775808', 'INCRBY', 'i64', '16', '-9223372036854775808'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '16', '-1', 'INCRBY', 'i64', '16', '9223372036854775807', 'INCRBY', 'i64', '16', '9223372036854775807'],
      ['BITFIELD', 'k', 'SET', 'u63', '16', '9223372036854775807', 'INCRBY', 'u63', '16', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '16', '-9223372036854775808'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '16', '9223372036854775807', 'INCRBY', 'u63', '16', '9223372036854775807'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'INCRBY', 'u63', '16', '9223372036854775807', 'INCRBY', 'u63', '16', '-9223372036854775808'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'a failed write still creates and grows the string',
    script: [['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '100', '10'], ['STRLEN', 'k'], ['GET', 'k'], ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '200', '4'], ['STRLEN', 'k']],
  },
  {
    name: '# offsets multiply by the field width (with 64-bit wrap-around)',
    script: [
      ['BITFIELD', 'k', 'SET', 'u8', '#0', '1', 'SET', 'u8', '#2', '3', 'SET', 'i4', '#3', '-2', 'GET', 'u8', '#1'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'GET', 'i8', '#2305843009213693952', 'SET', 'u8', '#2305843009213693952', '9'],
      ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
      ['BITFIELD', 'k', 'GET', 'u8', '#x'],
      ['BITFIELD', 'k', 'GET', 'u8', '#'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870912'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'GET beyond the end reads zeros; reads of missing keys and int values',
    script: [
      ['SET', 'k', Buffer.from([0xab, 0xcd])],
      ['BITFIELD', 'k', 'GET', 'u16', '0', 'GET', 'u16', '4', 'GET', 'i16', '8', 'GET', 'u8', '16', 'GET', 'i64', '3', 'GET', 'u63', '1000'],
      ['BITFIELD_RO', 'k', 'GET', 'u16', '0', 'GET', 'i12', '6'],
      ['BITFIELD', 'nokey', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'nokey', 'GET', 'i8', '0'],
      ['EXISTS', 'nokey'],
      ['SET', 'i', '42'],
      ['BITFIELD_RO', 'i', 'GET', 'u16', '0', 'GET', 'u8', '4'],
      ['BITFIELD', 'i', 'INCRBY', 'u8', '0', '1'],
      ['GET', 'i'],
    ],
  },
  {
    name: 'no operations, OVERFLOW alone; keywords are case-insensitive, types are not',
    script: [
      ['BITFIELD', 'k'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP'],
      ['BITFIELD_RO', 'k'],
      ['EXISTS', 'k'],
      ['BITFIELD', 'k', 'set', 'i8', '0', '5', 'overflow', 'sat', 'IncrBy', 'u8', '8', '-1', 'get', 'i8', '0'],
      ['BITFIELD', 'k', 'GET', 'I8', '0'],
      ['BITFIELD', 'k', 'GET', 'U8', '0'],
    ],
  },
  {
    name: 'parse errors: reported before anything runs',
    script: [
      ['BITFIELD', 'k', 'FOO'],
      ['BITFIELD', 'k', 'GET', 'u8'],
      ['BITFIELD', 'k', 'SET', 'u8', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW'],
      ['BITFIELD', 'k', 'OVERFLOW', 'BLA', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'],
      ['BITFIELD', 'k', 'GET', 'i65', '0'],
      ['BITFIELD', 'k', 'GET', 'i0', '0'],
      ['BITFIELD', 'k', 'GET', 'u', '0'],
      ['BITFIELD', 'k', 'GET', 'x8', '0'],
      ['BITFIELD', 'k', 'GET', 'i08', '0'],
      ['BITFIELD', 'k', 'GET', 'i-8', '0'],
      ['BITFIELD', 'k', 'GET', 'i8', '-1'],
      ['BITFIELD', 'k', 'GET', 'i8', 'x'],
      ['BITFIELD', 'k', 'GET', 'i8', '4294967296'],
      ['BITFIELD', 'k', 'SET', 'i8', '0', 'x'],
      ['BITFIELD', 'k', 'SET', 'i8', '0', '9223372036854775808'],
      ['BITFIELD', 'k', 'INCRBY', 'i8', '0', '1.5'],
      ['BITFIELD', 'k', 'SET', 'i8', '0', '1', 'GET', 'i8', 'x'],
      ['EXISTS', 'k'],
      ['BITFIELD'],
    ],
  },
  {
    name: 'BITFIELD_RO refuses writes after parsing',
    script: [
      ['BITFIELD_RO', 'k', 'SET', 'i8', '0', '1'],
      ['BITFIELD_RO', 'k', 'INCRBY', 'i8', '0', '1'],
      ['BITFIELD_RO', 'k', 'GET', 'i8', '0', 'SET', 'i8', '0', '1'],
      ['BITFIELD_RO', 'k', 'SET', 'i99', '0', '1'],
      ['BITFIELD_RO', 'k', 'OVERFLOW', 'FAIL'],
      ['BITFIELD_RO', 'k', 'FOO'],
      ['EXISTS', 'k'],
      ['BITFIELD_RO'],
    ],
  },
  {
    name: 'random operations on random fields',
    script: (() => {
      const r = rng(99);
      const cmds: Command[] = [];
      const modes = ['WRAP', 'SAT', 'FAIL'];
      for (let i = 0; i < 120; i++) {
        const signed = r() < 0.5;
        const bits = signed ? int(r, 1, 64) : int(r, 1, 63);
        const type = `${signed ? 'i' : 'u'}${bits}`;
        const off = String(int(r, 0, 200));
        const op = int(r, 0, 2);
        const big = r() < 0.3;
        const val = big ? String(BigInt(Math.floor((r() - 0.5) * 2 ** 53)) * BigInt(int(r, 1, 1000))) : String(int(r, -300, 300));
        const args: string[] = ['OVERFLOW', modes[int(r, 0, 2)]];
        if (op === 0) args.push('GET', type, off);
        else if (op === 1) args.push('SET', type, off, val);
        else args.push('INCRBY', type, off, val);
        cmds.push(['BITFIELD', 'f', ...args]);
      }
      cmds.push(['GET', 'f']);
      return cmds;
    })(),
  },
  {
    name: 'BITFIELD on another type: WRONGTYPE after parsing',
    skip: noCollections,
    script: [
      coll('l'),
      ['BITFIELD', 'l', 'GET', 'u8', '0'],
      ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
      ['BITFIELD', 'l'],
      ['BITFIELD', 'l', 'GET', 'u64', '0'],
      ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
    ],
  },
  {
    name: 'OBJECT ENCODING after a BITFIELD write is raw',
    skip: noObject,
    script: [['SET', 'k', '1'], ['BITFIELD', 'k', 'GET', 'u8', '0'], ['OBJECT', 'ENCODING', 'k'], ['BITFIELD', 'k', 'SET', 'u8', '0', '50'], ['OBJECT', 'ENCODING', 'k']],
  },
]);
