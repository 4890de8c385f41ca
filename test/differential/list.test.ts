// List commands against the real redis-server, with 1 and 4 engine shards:
// LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LRANGE LLEN LINDEX — every option, RESP2 and RESP3 null
// forms, index edge cases (negative, out of range, 64-bit), binary elements, big lists that grow
// and shrink, empty lists deleted, WATCH seeing in-place changes, OBJECT ENCODING, values moved
// between shards (RENAME/COPY between keys a, b, c, d, which live on four shards with 4 shards),
// and every error reply (WRONGTYPE, bad integers, wrong arity).
import { differentialSuite, type Command } from '../helpers/differential.ts';

const BINARY = Buffer.from([0, 13, 10, 0xff, 0x80, 0, 0x7f, 13]);

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

differentialSuite('LPUSH / RPUSH / LPUSHX / RPUSHX', [
  {
    name: 'LPUSH prepends each element in turn, RPUSH appends; both reply the new length',
    script: [
      ['LPUSH', 'l', 'a', 'b', 'c'],
      ['RPUSH', 'l', 'x', 'y'],
      ['LRANGE', 'l', '0', '-1'],
      ['LLEN', 'l'],
      ['TYPE', 'l'],
    ],
  },
  {
    name: 'LPUSHX and RPUSHX only push to an existing list and never create one',
    script: [
      ['LPUSHX', 'l', 'a'],
      ['RPUSHX', 'l', 'a', 'b'],
      ['EXISTS', 'l'],
      ['RPUSH', 'l', 'm'],
      ['LPUSHX', 'l', 'a', 'b'],
      ['RPUSHX', 'l', 'y', 'z'],
      ['LRANGE', 'l', '0', '-1'],
    ],
  },
  {
    name: 'elements are binary safe and may be empty',
    script: [['RPUSH', 'l', BINARY, '', 'x'], ['LRANGE', 'l', '0', '-1'], ['LINDEX', 'l', '1'], ['LPOP', 'l'], ['RPUSH', BINARY, 'k'], ['LRANGE', BINARY, '0', '0']],
  },
  {
    name: 'a list grows to thousands of elements at both ends',
    script: [
      ['RPUSH', 'big', ...range(1000, (i) => `r${i}`)],
      ['LPUSH', 'big', ...range(1000, (i) => `l${i}`)],
      ['LLEN', 'big'],
      ['LRANGE', 'big', '995', '1004'],
      ['LINDEX', 'big', '0'],
      ['LINDEX', 'big', '-1'],
      ['LINDEX', 'big', '1000'],
      ['LRANGE', 'big', '-3', '-1'],
    ],
  },
  {
    name: 'OBJECT ENCODING is quicklist for small and large lists (Redis 7.0)',
    script: [
      ['RPUSH', 'small', 'a'],
      ['OBJECT', 'ENCODING', 'small'],
      ['RPUSH', 'many', ...range(200, (i) => `e${i}`)],
      ['OBJECT', 'ENCODING', 'many'],
      ['RPUSH', 'long', 'x'.repeat(10000)],
      ['OBJECT', 'ENCODING', 'long'],
    ],
  },
  {
    name: 'pushing to a non-list key is WRONGTYPE, for all four commands',
    script: [
      ['SET', 's', 'x'],
      ['LPUSH', 's', 'a'],
      ['RPUSH', 's', 'a'],
      ['LPUSHX', 's', 'a'],
      ['RPUSHX', 's', 'a'],
      ['GET', 's'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [['LPUSH', 'l'], ['RPUSH', 'l'], ['LPUSHX', 'l'], ['RPUSHX', 'l'], ['LPUSH'], ['EXISTS', 'l']],
  },
]);

differentialSuite('LPOP / RPOP', [
  {
    name: 'without a count they pop one element from their end',
    script: [['RPUSH', 'l', 'a', 'b', 'c'], ['LPOP', 'l'], ['RPOP', 'l'], ['LRANGE', 'l', '0', '-1']],
  },
  {
    name: 'with a count they pop up to count elements, RPOP from the tail backwards',
    script: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['LPOP', 'l', '2'],
      ['RPOP', 'l', '2'],
      ['LRANGE', 'l', '0', '-1'],
      ['RPOP', 'l', '10'],
      ['EXISTS', 'l'],
    ],
  },
  {
    name: 'popping the last element deletes the key',
    script: [['RPUSH', 'l', 'a'], ['LPOP', 'l'], ['EXISTS', 'l'], ['RPUSH', 'm', 'a', 'b'], ['RPOP', 'm', '2'], ['EXISTS', 'm'], ['TYPE', 'm']],
  },
  {
    name: 'missing key: nil without a count, nil array with one (even 0); count 0 on a list is an empty array',
    script: [['LPOP', 'nokey'], ['RPOP', 'nokey'], ['LPOP', 'nokey', '3'], ['RPOP', 'nokey', '0'], ['RPUSH', 'l', 'a'], ['LPOP', 'l', '0'], ['LLEN', 'l']],
  },
  {
    name: 'the same nil forms in RESP3',
    resp3: true,
    script: [['LPOP', 'nokey'], ['RPOP', 'nokey'], ['LPOP', 'nokey', '3'], ['RPOP', 'nokey', '0'], ['RPUSH', 'l', 'a', 'b'], ['LPOP', 'l', '0'], ['RPOP', 'l', '5']],
  },
  {
    name: 'a negative or non-integer count is refused before the key is looked at',
    script: [
      ['RPUSH', 'l', 'a'],
      ['LPOP', 'l', '-1'],
      ['RPOP', 'l', 'abc'],
      ['LPOP', 'nokey', '-1'],
      ['SET', 's', 'x'],
      ['LPOP', 's', '-1'],
      ['LPOP', 'l', '1.5'],
      ['LPOP', 'l', '9223372036854775808'],
      ['LPOP', 'l', '9223372036854775807'],
    ],
  },
  {
    name: 'WRONGTYPE with and without a count, including count 0',
    script: [['SET', 's', 'x'], ['LPOP', 's'], ['RPOP', 's'], ['LPOP', 's', '0'], ['RPOP', 's', '2']],
  },
  {
    name: 'more than one count argument is a wrong number of arguments',
    script: [['RPUSH', 'l', 'a'], ['LPOP', 'l', '1', '2'], ['RPOP', 'l', '1', '2'], ['LPOP'], ['RPOP']],
  },
  {
    name: 'interleaved pushes and pops at both ends keep deque order (ring buffer wraps and resizes)',
    script: ((): Command[] => {
      const s: Command[] = [];
      for (let round = 0; round < 6; round++) {
        s.push(['RPUSH', 'q', ...range(150, (i) => `r${round}-${i}`)]);
        s.push(['LPUSH', 'q', ...range(100, (i) => `l${round}-${i}`)]);
        s.push(['LPOP', 'q', '120']);
        s.push(['RPOP', 'q', '60']);
        s.push(['LLEN', 'q']);
        s.push(['LRANGE', 'q', '0', '4']);
      }
      s.push(['LRANGE', 'q', '0', '-1']);
      s.push(['LPOP', 'q', '10000']);
      s.push(['EXISTS', 'q']);
      return s;
    })(),
  },
]);

differentialSuite('LRANGE / LLEN / LINDEX', [
  {
    name: 'LRANGE with positive, negative and out-of-range indexes',
    script: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
      ['LRANGE', 'l', '0', '0'],
      ['LRANGE', 'l', '1', '3'],
      ['LRANGE', 'l', '-2', '-1'],
      ['LRANGE', 'l', '-100', '2'],
      ['LRANGE', 'l', '3', '100'],
      ['LRANGE', 'l', '3', '1'],
      ['LRANGE', 'l', '5', '10'],
      ['LRANGE', 'l', '-1', '-2'],
      ['LRANGE', 'l', '0', '-6'],
      ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'],
    ],
  },
  {
    name: 'LRANGE of a missing key is an empty array; bad indexes are refused even then',
    script: [['LRANGE', 'nokey', '0', '-1'], ['LRANGE', 'nokey', 'a', '1'], ['LRANGE', 'nokey', '0', '1.0'], ['LRANGE', 'nokey', '0', '9223372036854775808']],
  },
  {
    name: 'LRANGE checks its indexes before the key type',
    script: [['SET', 's', 'x'], ['LRANGE', 's', 'x', '1'], ['LRANGE', 's', '0', '1']],
  },
  {
    name: 'LLEN counts, is 0 for a missing key, WRONGTYPE for another type',
    script: [['RPUSH', 'l', 'a', 'b'], ['LLEN', 'l'], ['LLEN', 'nokey'], ['SET', 's', 'x'], ['LLEN', 's'], ['LLEN'], ['LLEN', 'l', 'x']],
  },
  {
    name: 'LINDEX with positive, negative and out-of-range indexes',
    script: [
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['LINDEX', 'l', '0'],
      ['LINDEX', 'l', '2'],
      ['LINDEX', 'l', '3'],
      ['LINDEX', 'l', '-1'],
      ['LINDEX', 'l', '-3'],
      ['LINDEX', 'l', '-4'],
      ['LINDEX', 'l', '9223372036854775807'],
      ['LINDEX', 'l', '-9223372036854775808'],
    ],
  },
  {
    name: 'LINDEX looks the key up before parsing the index',
    script: [
      ['LINDEX', 'nokey', 'abc'],
      ['SET', 's', 'x'],
      ['LINDEX', 's', 'abc'],
      ['RPUSH', 'l', 'a'],
      ['LINDEX', 'l', 'abc'],
      ['LINDEX', 'l', '9223372036854775808'],
    ],
  },
  {
    name: 'LINDEX nil in RESP3',
    resp3: true,
    script: [['LINDEX', 'nokey', '0'], ['RPUSH', 'l', 'a'], ['LINDEX', 'l', '5'], ['LRANGE', 'l', '0', '-1']],
  },
  {
    name: 'wrong number of arguments',
    script: [['LRANGE', 'l', '0'], ['LRANGE', 'l', '0', '1', '2'], ['LINDEX', 'l'], ['LINDEX', 'l', '0', '1']],
  },
]);

differentialSuite('lists with WATCH and across shards', [
  {
    name: 'a push or pop invalidates WATCH; a push to a missing key with LPUSHX and a pop of a missing key do not',
    script: [
      ['RPUSH', 'l', 'a', 'b'],
      ['WATCH', 'l'],
      ['RPUSH', 'l', 'c'],
      ['MULTI'],
      ['LLEN', 'l'],
      ['EXEC'],
      ['WATCH', 'l'],
      ['LPOP', 'l'],
      ['MULTI'],
      ['LLEN', 'l'],
      ['EXEC'],
      ['WATCH', 'nokey'],
      ['LPUSHX', 'nokey', 'a'],
      ['RPOP', 'nokey'],
      ['MULTI'],
      ['LLEN', 'l'],
      ['EXEC'],
    ],
  },
  {
    name: 'commands queued in MULTI run with their usual replies',
    script: [['MULTI'], ['RPUSH', 'l', 'a', 'b', 'c'], ['LPOP', 'l', '2'], ['LRANGE', 'l', '0', '-1'], ['LPOP', 'nokey', '1'], ['EXEC']],
  },
  {
    name: 'RENAME and COPY move a list between keys on different shards intact',
    script: [
      ['RPUSH', 'a', 'x', BINARY, 'z', ...range(300, (i) => `e${i}`)],
      ['RENAME', 'a', 'b'],
      ['LRANGE', 'b', '0', '3'],
      ['LLEN', 'b'],
      ['COPY', 'b', 'c'],
      ['RPUSH', 'c', 'more'],
      ['LLEN', 'b'],
      ['LLEN', 'c'],
      ['LINDEX', 'c', '-1'],
      ['OBJECT', 'ENCODING', 'c'],
      ['TYPE', 'c'],
    ],
  },
]);
