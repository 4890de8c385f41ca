// Keyspace (generic) commands against the real redis-server, with 1 and 4 engine shards:
// DEL UNLINK EXISTS TOUCH TYPE RENAME RENAMENX COPY MOVE SWAPDB KEYS SCAN RANDOMKEY DBSIZE FLUSHDB
// FLUSHALL OBJECT — options, edge cases and every error reply. With 4 shards the keys a, b, c and d
// live on four different shards, so the multi-key cases also exercise the cross-shard paths.
// SCAN's cursors differ by design: its error replies are compared here, and full iterations are
// compared as key sets (see 'SCAN full iterations' below).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byCommand, differentialSuite, sortDeep, sortReply, type DiffCase } from '../helpers/differential.ts';
import { RespClient, toPlain, type Arg, type RespValue } from '../helpers/resp-client.ts';
import { engineShardCounts, startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';
import { keySlot, slotTable } from '../../engine/slots.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));


/** Sets keys with a short TTL and waits until they have expired (nobody touches them). */
function expiredKeys(...keys: string[]): (c: RespClient) => Promise<void> {
  return async (c) => {
    for (const k of keys) await c.call('SET', k, 'gone', 'PX', '30');
    await c.call('SET', 'live', 'here');
    await sleep(120);
  };
}

it('keys a, b, c and d live on four different shards with 4 shards', () => {
  const t = slotTable(4);
  expect(new Set(['a', 'b', 'c', 'd'].map((k) => t[keySlot(k)])).size).toBe(4);
});

const unorderedKeys = byCommand({ KEYS: sortReply, EXEC: sortDeep });

differentialSuite('DEL / UNLINK', [
  {
    name: 'DEL counts the keys it removed, missing keys count 0',
    script: [['SET', 'a', '1'], ['SET', 'b', '2'], ['DEL', 'a'], ['DEL', 'a'], ['DEL', 'b', 'nokey'], ['EXISTS', 'a', 'b'], ['DEL', 'nokey']],
  },
  {
    name: 'DEL of keys on several shards is one atomic count',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['DEL', 'a', 'b', 'c', 'd', 'e'],
      ['DBSIZE'],
      ['MSET', 'a', '1', 'c', '3'],
      ['DEL', 'a', 'a', 'c', 'c', 'b'],
      ['EXISTS', 'a', 'b', 'c', 'd'],
    ],
  },
  {
    name: 'UNLINK behaves as DEL, across shards too',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3'],
      ['UNLINK', 'a'],
      ['UNLINK', 'a', 'b', 'c', 'd'],
      ['unlink', 'x'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'DEL and UNLINK of an expired key count 0',
    setup: expiredKeys('a', 'b', 'c'),
    script: [['DEL', 'a'], ['UNLINK', 'b'], ['DEL', 'c', 'live'], ['EXISTS', 'live']],
  },
  {
    name: 'DEL and UNLINK need a key',
    script: [['DEL'], ['UNLINK'], ['del']],
  },
  {
    name: 'DEL removes any type of value',
    script: [['RPUSH', 'a', 'x', 'y'], ['SET', 'b', 'v'], ['DEL', 'a', 'b'], ['TYPE', 'a']],
  },
]);

differentialSuite('EXISTS / TOUCH / TYPE', [
  {
    name: 'EXISTS counts every named key that exists, repeats included',
    script: [
      ['SET', 'a', '1'],
      ['EXISTS', 'a'],
      ['EXISTS', 'nokey'],
      ['EXISTS', 'a', 'a', 'a'],
      ['MSET', 'b', '2', 'c', '3'],
      ['EXISTS', 'a', 'b', 'c', 'd', 'a'],
      ['exists', 'd'],
    ],
  },
  {
    name: 'TOUCH counts the existing keys',
    script: [['MSET', 'a', '1', 'c', '3'], ['TOUCH', 'a'], ['TOUCH', 'a', 'b', 'c', 'd'], ['TOUCH', 'a', 'a'], ['TOUCH', 'nokey']],
  },
  {
    name: 'EXISTS, TOUCH and TYPE do not see expired keys',
    setup: expiredKeys('a', 'b'),
    script: [['EXISTS', 'a', 'b', 'live'], ['TOUCH', 'a', 'live'], ['TYPE', 'b'], ['TYPE', 'live']],
  },
  {
    name: 'TYPE names strings and missing keys',
    script: [['SET', 'a', 'x'], ['SET', 'n', '12'], ['TYPE', 'a'], ['TYPE', 'n'], ['TYPE', 'nokey'], ['type', 'a']],
  },
  {
    name: 'TYPE names lists',
    script: [['RPUSH', 'l', 'a'], ['TYPE', 'l']],
  },
  {
    name: 'TYPE names sets',
    script: [['SADD', 's', 'a'], ['TYPE', 's']],
  },
  {
    name: 'TYPE names hashes',
    script: [['HSET', 'h', 'f', 'v'], ['TYPE', 'h']],
  },
  {
    name: 'TYPE names sorted sets',
    script: [['ZADD', 'z', '1', 'a'], ['TYPE', 'z']],
  },
  {
    name: 'wrong number of arguments',
    script: [['EXISTS'], ['TOUCH'], ['TYPE'], ['TYPE', 'a', 'b']],
  },
]);

differentialSuite('RENAME / RENAMENX', [
  {
    name: 'RENAME moves the value and removes the old name',
    script: [['SET', 'k1', 'v'], ['RENAME', 'k1', 'k2'], ['GET', 'k1'], ['GET', 'k2'], ['EXISTS', 'k1']],
  },
  {
    name: 'RENAME overwrites the destination and its TTL',
    script: [
      ['SET', 'src', 'new'],
      ['SET', 'dst', 'old', 'EX', '1000'],
      ['RENAME', 'src', 'dst'],
      ['GET', 'dst'],
      ['TTL', 'dst'],
    ],
  },
  {
    name: 'RENAME keeps the source TTL',
    script: [['SET', 'src', 'v', 'EX', '1000'], ['RENAME', 'src', 'dst'], ['TTL', 'dst'], ['TTL', 'src']],
  },
  {
    name: 'RENAME of a missing key is an error, even onto itself',
    script: [['RENAME', 'nokey', 'x'], ['RENAME', 'nokey', 'nokey'], ['RENAMENX', 'nokey', 'x'], ['RENAMENX', 'nokey', 'nokey']],
  },
  {
    name: 'RENAME of a key onto itself is OK, RENAMENX answers 0',
    script: [['SET', 'k', 'v', 'EX', '1000'], ['RENAME', 'k', 'k'], ['RENAMENX', 'k', 'k'], ['GET', 'k'], ['TTL', 'k']],
  },
  {
    name: 'RENAMENX renames only when the destination is free',
    script: [
      ['MSET', 'k1', 'v1', 'k2', 'v2'],
      ['RENAMENX', 'k1', 'k2'],
      ['MGET', 'k1', 'k2'],
      ['RENAMENX', 'k1', 'k3'],
      ['MGET', 'k1', 'k3'],
    ],
  },
  {
    name: 'RENAME and RENAMENX across shards',
    script: [
      ['SET', 'a', 'va', 'PX', '100000000'],
      ['SET', 'b', 'vb'],
      ['RENAME', 'a', 'c'],
      ['MGET', 'a', 'c'],
      ['TTL', 'c'],
      ['RENAMENX', 'c', 'b'],
      ['MGET', 'b', 'c'],
      ['RENAMENX', 'c', 'd'],
      ['MGET', 'c', 'd'],
      ['TTL', 'd'],
      ['RENAME', 'd', 'b'],
      ['MGET', 'b', 'd'],
      ['TTL', 'b'],
      ['RENAME', 'a', 'b'],
      ['RENAMENX', 'a', 'd'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'RENAME does not see an expired source',
    setup: expiredKeys('a', 'k'),
    script: [['RENAME', 'a', 'b'], ['RENAME', 'k', 'k2'], ['RENAMENX', 'live', 'k'], ['GET', 'k']],
  },
  {
    name: 'RENAME moves a list across shards',
    script: [['RPUSH', 'a', 'x', 'y', 'z'], ['SET', 'b', 's'], ['RENAME', 'a', 'b'], ['LRANGE', 'b', '0', '-1'], ['TYPE', 'a']],
  },
  {
    name: 'wrong number of arguments',
    script: [['RENAME', 'a'], ['RENAME', 'a', 'b', 'c'], ['RENAMENX', 'a'], ['RENAMENX']],
  },
]);

differentialSuite('COPY', [
  {
    name: 'COPY duplicates a value; the copy is independent',
    script: [['SET', 'k1', 'v'], ['COPY', 'k1', 'k2'], ['SET', 'k1', 'changed'], ['MGET', 'k1', 'k2'], ['OBJECT', 'ENCODING', 'k2']],
  },
  {
    name: 'COPY keeps the TTL',
    script: [['SET', 'k1', 'v', 'EX', '1000'], ['COPY', 'k1', 'k2'], ['TTL', 'k2']],
  },
  {
    name: 'COPY answers 0 for a missing source or an existing destination, REPLACE overwrites',
    script: [
      ['COPY', 'nokey', 'k2'],
      ['MSET', 'k1', 'one', 'k2', 'two'],
      ['COPY', 'k1', 'k2'],
      ['GET', 'k2'],
      ['SET', 'k2', 'two', 'EX', '1000'],
      ['COPY', 'k1', 'k2', 'REPLACE'],
      ['GET', 'k2'],
      ['TTL', 'k2'],
      ['COPY', 'k1', 'k2', 'replace', 'REPLACE'],
    ],
  },
  {
    name: 'COPY ... DB writes into another database',
    script: [
      ['SET', 'k', 'v', 'EX', '1000'],
      ['COPY', 'k', 'k', 'DB', '1'],
      ['COPY', 'k', 'k', 'DB', '1'],
      ['COPY', 'k', 'other', 'db', '2', 'REPLACE'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['SELECT', '2'],
      ['GET', 'other'],
      ['COPY', 'other', 'k', 'DB', '0', 'DB', '1'],
      ['SELECT', '1'],
      ['MGET', 'k', 'other'],
    ],
  },
  {
    name: 'COPY across shards, into other databases too',
    script: [
      ['SET', 'a', 'va', 'EX', '1000'],
      ['COPY', 'a', 'b'],
      ['MGET', 'a', 'b'],
      ['TTL', 'b'],
      ['COPY', 'a', 'b'],
      ['SET', 'a', 'va2'],
      ['COPY', 'a', 'b', 'REPLACE'],
      ['MGET', 'a', 'b'],
      ['TTL', 'b'],
      ['COPY', 'a', 'c', 'DB', '3'],
      ['COPY', 'nokey', 'd', 'DB', '3'],
      ['SELECT', '3'],
      ['MGET', 'a', 'c', 'd'],
      ['COPY', 'c', 'd', 'DB', '0'],
      ['SELECT', '0'],
      ['MGET', 'a', 'b', 'c', 'd'],
    ],
  },
  {
    name: 'COPY onto itself in the same database is refused',
    script: [['SET', 'k', 'v'], ['COPY', 'k', 'k'], ['COPY', 'k', 'k', 'DB', '0'], ['COPY', 'nokey', 'nokey'], ['SELECT', '4'], ['COPY', 'k', 'k', 'DB', '4']],
  },
  {
    name: 'COPY option errors',
    script: [
      ['SET', 'a', 'v'],
      ['COPY', 'a', 'b', 'DB'],
      ['COPY', 'a', 'b', 'FOO'],
      ['COPY', 'a', 'b', 'REPLACE', 'DB'],
      ['COPY', 'a', 'b', 'DB', 'x'],
      ['COPY', 'a', 'b', 'DB', '16'],
      ['COPY', 'a', 'b', 'DB', '-1'],
      ['COPY', 'a', 'b', 'DB', '99999999999'],
      ['COPY', 'a', 'b', 'DB', '99999999999999999999'],
      ['COPY', 'a', 'b', 'DB', '1.5'],
      ['COPY', 'nokey', 'b', 'DB', '99'],
      ['COPY', 'a', 'a', 'DB', '99'],
      ['COPY', 'a', 'b', 'DB', 'x', 'FOO'],
      ['COPY', 'a', 'b', 'FOO', 'DB', 'x'],
      ['EXISTS', 'b'],
    ],
  },
  {
    name: 'COPY a list is a deep copy',
    script: [
      ['RPUSH', 'a', 'x', 'y'],
      ['COPY', 'a', 'b'],
      ['COPY', 'a', 'a2'],
      ['RPUSH', 'a', 'z'],
      ['LRANGE', 'b', '0', '-1'],
      ['LRANGE', 'a2', '0', '-1'],
      ['LRANGE', 'a', '0', '-1'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [['COPY'], ['COPY', 'a']],
  },
]);

differentialSuite('MOVE', [
  {
    name: 'MOVE takes a key to another database with its TTL',
    script: [
      ['SET', 'k', 'v', 'EX', '1000'],
      ['MOVE', 'k', '1'],
      ['EXISTS', 'k'],
      ['SELECT', '1'],
      ['GET', 'k'],
      ['TTL', 'k'],
      ['MOVE', 'k', '0'],
      ['SELECT', '0'],
      ['GET', 'k'],
    ],
  },
  {
    name: 'MOVE answers 0 for a missing key or an occupied target',
    script: [['MOVE', 'nokey', '1'], ['SET', 'k', 'here'], ['SELECT', '1'], ['SET', 'k', 'there'], ['MOVE', 'k', '0'], ['GET', 'k'], ['SELECT', '0'], ['GET', 'k']],
  },
  {
    name: 'MOVE errors',
    script: [
      ['SET', 'k', 'v'],
      ['MOVE', 'k', '0'],
      ['MOVE', 'nokey', '0'],
      ['MOVE', 'k', '16'],
      ['MOVE', 'k', '-1'],
      ['MOVE', 'k', 'x'],
      ['MOVE', 'k', '99999999999'],
      ['MOVE', 'k', '99999999999999999999'],
      ['MOVE', 'nokey', '99'],
      ['MOVE', 'k'],
      ['MOVE', 'k', '1', '2'],
    ],
  },
]);

differentialSuite('SWAPDB', [
  {
    name: 'SWAPDB exchanges the contents of two databases',
    script: [
      ['MSET', 'a', 'a0', 'b', 'b0', 'c', 'c0'],
      ['SET', 'd', 'd0', 'EX', '1000'],
      ['SELECT', '1'],
      ['MSET', 'a', 'a1', 'x', 'x1'],
      ['SWAPDB', '0', '1'],
      ['DBSIZE'],
      ['MGET', 'a', 'b', 'c', 'd', 'x'],
      ['TTL', 'd'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['MGET', 'a', 'b', 'c', 'd', 'x'],
      ['SWAPDB', '1', '0'],
      ['MGET', 'a', 'b', 'c', 'd', 'x'],
      ['SWAPDB', '0', '0'],
      ['DBSIZE'],
      ['SWAPDB', '0', '15'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'SWAPDB touches WATCHed keys that exist on either side',
    script: [
      ['SELECT', '1'],
      ['SET', 'k', 'in-db1'],
      ['SELECT', '0'],
      ['WATCH', 'k'],
      ['SWAPDB', '0', '1'],
      ['MULTI'],
      ['GET', 'k'],
      ['EXEC'],
      ['WATCH', 'nowhere'],
      ['SWAPDB', '0', '1'],
      ['MULTI'],
      ['GET', 'k'],
      ['EXEC'],
    ],
  },
  {
    name: 'SWAPDB inside MULTI',
    script: [['SET', 'a', '1'], ['MULTI'], ['SWAPDB', '0', '2'], ['GET', 'a'], ['SELECT', '2'], ['GET', 'a'], ['EXEC']],
  },
  {
    name: 'SWAPDB errors',
    script: [
      ['SWAPDB', 'a', '1'],
      ['SWAPDB', '1', 'a'],
      ['SWAPDB', 'a', 'b'],
      ['SWAPDB', '1', '16'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '0', '99999999999'],
      ['SWAPDB', '99999999999', '99999999999'],
      ['SWAPDB', '1.5', '0'],
      ['SWAPDB', '0'],
      ['SWAPDB', '0', '1', '2'],
    ],
  },
]);

const keysCases: DiffCase[] = [
  {
    name: 'KEYS with glob patterns, over every shard',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'foo', '5', 'foobar', '6', 'fo', '7', 'f*o', '8', 'F', '9', '', '10'],
      ['KEYS', '*'],
      ['KEYS', 'f*'],
      ['KEYS', 'fo?'],
      ['KEYS', '[a-c]'],
      ['KEYS', '[^a-c]'],
      ['KEYS', 'f\\*o'],
      ['KEYS', 'foo'],
      ['KEYS', 'nomatch*'],
      ['KEYS', '**'],
      ['KEYS', '*o*'],
      ['KEYS', ''],
      ['KEYS', 'f'],
    ],
  },
  {
    name: 'KEYS on an empty database and in another database',
    script: [['KEYS', '*'], ['SET', 'a', '1'], ['SELECT', '5'], ['KEYS', '*'], ['SET', 'z', '1'], ['KEYS', '*']],
  },
  {
    name: 'KEYS skips expired keys',
    setup: expiredKeys('a', 'b', 'c'),
    script: [['KEYS', '*']],
  },
  {
    name: 'KEYS inside MULTI',
    script: [['MULTI'], ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['KEYS', '*'], ['DEL', 'b'], ['KEYS', '*'], ['EXEC']],
  },
  {
    name: 'KEYS with many keys over every shard',
    setup: async (c) => {
      const args: Arg[] = ['MSET'];
      for (let i = 0; i < 300; i++) args.push(`key:${i}`, String(i));
      await c.call(...args);
    },
    script: [['KEYS', '*'], ['KEYS', 'key:1*'], ['KEYS', 'key:?'], ['KEYS', 'key:[0-2]?'], ['DBSIZE']],
  },
  {
    name: 'wrong number of arguments',
    script: [['KEYS'], ['KEYS', 'a', 'b']],
  },
];

differentialSuite('KEYS', keysCases.map((c) => ({ ...c, normalize: unorderedKeys })));

differentialSuite('SCAN errors and small databases', [
  {
    name: 'SCAN of an empty database',
    script: [['SCAN', '0'], ['SCAN', '0', 'COUNT', '1'], ['SCAN', '0', 'MATCH', '*', 'COUNT', '100', 'TYPE', 'string']],
  },
  {
    name: 'odd cursors Redis accepts',
    script: [['SCAN', ''], ['SCAN', '-1'], ['SCAN', '+0'], ['SCAN', '00'], ['SCAN', '18446744073709551615'], ['SCAN', '-18446744073709551615']],
  },
  {
    name: 'invalid cursors',
    script: [
      ['SCAN', 'x'],
      ['SCAN', ' 1'],
      ['SCAN', '1 '],
      ['SCAN', '18446744073709551616'],
      ['SCAN', '-18446744073709551616'],
      ['SCAN', '+'],
      ['SCAN', '-'],
      ['SCAN', '1.0'],
      ['SCAN', '0x10'],
      ['SCAN', 'x', 'COUNT', 'y'],
    ],
  },
  {
    name: 'option errors',
    script: [
      ['SCAN', '0', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '-1'],
      ['SCAN', '0', 'COUNT', 'x'],
      ['SCAN', '0', 'COUNT', '99999999999999999999'],
      ['SCAN', '0', 'COUNT'],
      ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'TYPE'],
      ['SCAN', '0', 'FOO', 'bar'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT'],
      ['SCAN', '0', 'COUNT', '0', 'FOO'],
      ['SCAN', '0', 'FOO', 'x', 'COUNT', '0'],
      ['SCAN'],
    ],
  },
  {
    name: 'a large COUNT returns a small database at once, with MATCH and TYPE filters',
    normalize: byCommand({ SCAN: sortDeep }),
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'foo', '5'],
      ['SCAN', '0', 'COUNT', '1000'],
      ['SCAN', '0', 'COUNT', '1000', 'MATCH', 'f*'],
      ['SCAN', '0', 'MATCH', '[a-c]', 'COUNT', '1000'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'string'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'STRING'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'list'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'nosuchtype'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'none'],
      ['SCAN', '0', 'count', '1000', 'match', 'nomatch', 'type', 'string'],
    ],
  },
  {
    name: 'SCAN does not return expired keys',
    normalize: byCommand({ SCAN: sortDeep }),
    setup: expiredKeys('a', 'b', 'c', 'd'),
    script: [['SCAN', '0', 'COUNT', '1000'], ['EXISTS', 'a']],
  },
  {
    name: 'SCAN TYPE tells lists from strings',
    normalize: byCommand({ SCAN: sortDeep }),
    script: [
      ['RPUSH', 'a', 'x'],
      ['RPUSH', 'b', 'x'],
      ['SET', 'c', 'v'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'list'],
      ['SCAN', '0', 'COUNT', '1000', 'TYPE', 'string'],
    ],
  },
]);

// ---------------------------------------------------------------------------
// SCAN full iterations: cursors are ours, the set of keys returned must match

async function scanAll(c: RespClient, extra: Arg[]): Promise<{ keys: string[]; calls: number }> {
  let cursor = '0';
  const keys: string[] = [];
  let calls = 0;
  do {
    const r = toPlain(await c.call('SCAN', cursor, ...extra)) as [string, string[]];
    calls++;
    cursor = r[0];
    keys.push(...r[1]);
    if (calls > 100000) throw new Error('SCAN did not terminate');
  } while (cursor !== '0');
  return { keys, calls };
}

for (const shards of engineShardCounts()) {
  describe(`SCAN full iterations (shards=${shards})`, () => {
    let redis: ServerHandle;
    let engine: ServerHandle;
    let rc: RespClient;
    let ec: RespClient;
    beforeAll(async () => {
      [redis, engine] = await Promise.all([startRedis(), startEngine({ shards })]);
      [rc, ec] = await Promise.all([RespClient.connect(redis.port), RespClient.connect(engine.port)]);
      for (const c of [rc, ec]) {
        await c.call('FLUSHALL');
        const args: Arg[] = ['MSET'];
        for (let i = 0; i < 2000; i++) args.push(`user:${i}`, String(i));
        for (let i = 0; i < 500; i++) args.push(`item:${i}`, `v${i}`);
        await c.call(...args);
        await c.call('SELECT', '3');
        await c.call('MSET', 'other', '1', 'db3', '2');
        await c.call('SELECT', '0');
      }
    });
    afterAll(async () => {
      await Promise.all([rc?.close(), ec?.close()]);
      await Promise.all([redis?.stop(), engine?.stop()]);
    });

    const variants: [string, Arg[]][] = [
      ['default COUNT', []],
      ['COUNT 1', ['COUNT', '1']],
      ['COUNT 7', ['COUNT', '7']],
      ['COUNT 1000', ['COUNT', '1000']],
      ['MATCH user:1*', ['MATCH', 'user:1*']],
      ['MATCH item:?? COUNT 50', ['MATCH', 'item:??', 'COUNT', '50']],
      ['TYPE string', ['TYPE', 'string']],
      ['TYPE hash', ['TYPE', 'hash']],
      ['MATCH * TYPE string COUNT 100', ['MATCH', '*', 'TYPE', 'string', 'COUNT', '100']],
    ];
    for (const [name, extra] of variants) {
      it(`a full SCAN with ${name} returns the same keys as Redis, each once`, async () => {
        const [r, e] = await Promise.all([scanAll(rc, extra), scanAll(ec, extra)]);
        expect(new Set(e.keys).size).toBe(e.keys.length);
        expect([...e.keys].sort()).toEqual([...new Set(r.keys)].sort());
      });
    }

    it('SCAN in another database sees only that database', async () => {
      await ec.call('SELECT', '3');
      await rc.call('SELECT', '3');
      try {
        const [r, e] = await Promise.all([scanAll(rc, []), scanAll(ec, [])]);
        expect([...e.keys].sort()).toEqual([...r.keys].sort());
        expect(e.keys.sort()).toEqual(['db3', 'other']);
      } finally {
        await ec.call('SELECT', '0');
        await rc.call('SELECT', '0');
      }
    });

    it('COUNT bounds the keys of one reply', async () => {
      let cursor = '0';
      do {
        const r = toPlain(await ec.call('SCAN', cursor, 'COUNT', '5')) as [string, string[]];
        expect(r[1].length).toBeLessThanOrEqual(5);
        cursor = r[0];
      } while (cursor !== '0');
    });

    it('SCAN inside MULTI works and returns a cursor', async () => {
      const replies = await ec.pipeline([['MULTI'], ['SCAN', '0', 'COUNT', '3000'], ['EXEC']]);
      const exec = toPlain(replies[2] as RespValue) as [[string, string[]]];
      expect(exec[0][0]).toBe('0');
      expect(exec[0][1].length).toBe(2500);
    });
  });
}

differentialSuite('RANDOMKEY', [
  {
    name: 'RANDOMKEY of an empty database is nil',
    script: [['RANDOMKEY'], ['SET', 'a', '1'], ['SELECT', '1'], ['RANDOMKEY']],
  },
  {
    name: 'RANDOMKEY with one key returns it, whichever shard holds it',
    script: [['SET', 'c', '1'], ['RANDOMKEY'], ['DEL', 'c'], ['SET', 'd', '1'], ['RANDOMKEY'], ['RANDOMKEY']],
  },
  {
    name: 'RANDOMKEY skips expired keys',
    setup: expiredKeys('a', 'b', 'c', 'd', 'e', 'f'),
    script: [['RANDOMKEY'], ['RANDOMKEY'], ['RANDOMKEY'], ['DEL', 'live'], ['RANDOMKEY']],
  },
  {
    name: 'wrong number of arguments',
    script: [['RANDOMKEY', 'x']],
  },
]);

describe('RANDOMKEY over several shards', () => {
  let engine: ServerHandle;
  beforeAll(async () => {
    engine = await startEngine({ shards: 4 });
  });
  afterAll(async () => {
    await engine?.stop();
  });
  it('returns existing keys from every shard', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      await c.call('MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4');
      const seen = new Set<string>();
      for (let i = 0; i < 200 && seen.size < 4; i++) seen.add(toPlain(await c.call('RANDOMKEY')) as string);
      expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await c.close();
    }
  });
});

differentialSuite('DBSIZE / FLUSHDB / FLUSHALL', [
  {
    name: 'DBSIZE counts the keys of the selected database over all shards',
    script: [
      ['DBSIZE'],
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['DBSIZE'],
      ['SELECT', '1'],
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DEL', 'a'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'FLUSHDB empties only the selected database',
    script: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3'],
      ['SELECT', '1'],
      ['MSET', 'a', '1', 'd', '4'],
      ['FLUSHDB'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['FLUSHDB', 'ASYNC'],
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['flushdb', 'sync'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'FLUSHALL empties every database',
    script: [
      ['MSET', 'a', '1', 'b', '2'],
      ['SELECT', '7'],
      ['MSET', 'c', '1', 'd', '2'],
      ['FLUSHALL'],
      ['DBSIZE'],
      ['SELECT', '0'],
      ['DBSIZE'],
      ['SET', 'a', '1'],
      ['FLUSHALL', 'async'],
      ['EXISTS', 'a'],
      ['SET', 'a', '1'],
      ['FLUSHALL', 'SYNC'],
      ['EXISTS', 'a'],
    ],
  },
  {
    name: 'FLUSHDB and FLUSHALL touch WATCHed keys',
    script: [
      ['SET', 'a', '1'],
      ['WATCH', 'a'],
      ['FLUSHDB'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['SET', 'c', '1'],
      ['WATCH', 'c'],
      ['FLUSHALL'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
      ['WATCH', 'nokey'],
      ['FLUSHALL'],
      ['MULTI'],
      ['PING'],
      ['EXEC'],
    ],
  },
  {
    name: 'DBSIZE, FLUSHDB and FLUSHALL inside MULTI',
    script: [
      ['SET', 'a', '1'],
      ['MULTI'],
      ['SET', 'b', '2'],
      ['DBSIZE'],
      ['FLUSHDB'],
      ['DBSIZE'],
      ['SET', 'c', '3'],
      ['FLUSHALL'],
      ['DBSIZE'],
      ['EXEC'],
    ],
  },
  {
    name: 'errors',
    script: [
      ['DBSIZE', 'x'],
      ['FLUSHDB', 'x'],
      ['FLUSHDB', 'ASYNC', 'SYNC'],
      ['FLUSHDB', 'ASYNC', 'x'],
      ['FLUSHALL', 'x'],
      ['FLUSHALL', 'SYNC', 'SYNC'],
      ['SET', 'a', '1'],
      ['DBSIZE'],
    ],
  },
]);

differentialSuite('OBJECT', [
  {
    name: 'OBJECT ENCODING of strings',
    script: [
      ['SET', 'i', '12345'],
      ['SET', 'neg', '-7'],
      ['SET', 'big', '12345678901234567890'],
      ['SET', 'lead', '0123'],
      ['SET', 'emb', 'x'.repeat(44)],
      ['SET', 'raw', 'x'.repeat(45)],
      ['SET', 'empty', ''],
      ['OBJECT', 'ENCODING', 'i'],
      ['OBJECT', 'ENCODING', 'neg'],
      ['OBJECT', 'ENCODING', 'big'],
      ['OBJECT', 'ENCODING', 'lead'],
      ['OBJECT', 'ENCODING', 'emb'],
      ['OBJECT', 'ENCODING', 'raw'],
      ['OBJECT', 'ENCODING', 'empty'],
      ['object', 'encoding', 'nokey'],
    ],
  },
  {
    name: 'OBJECT ENCODING of a list',
    script: [['RPUSH', 'l', 'a', 'b'], ['OBJECT', 'ENCODING', 'l']],
  },
  {
    name: 'OBJECT ENCODING of a set',
    script: [['SADD', 's', '1', '2'], ['OBJECT', 'ENCODING', 's'], ['SADD', 't', 'a'], ['OBJECT', 'ENCODING', 't']],
  },
  {
    name: 'OBJECT ENCODING of a hash',
    script: [['HSET', 'h', 'f', 'v'], ['OBJECT', 'ENCODING', 'h']],
  },
  {
    name: 'OBJECT REFCOUNT: shared small integers, one reference otherwise',
    script: [
      ['SET', 'n', '100'],
      ['SET', 'z', '0'],
      ['SET', 'top', '9999'],
      ['SET', 'big', '10000'],
      ['SET', 'neg', '-1'],
      ['SET', 's', 'str'],
      ['OBJECT', 'REFCOUNT', 'n'],
      ['OBJECT', 'REFCOUNT', 'z'],
      ['OBJECT', 'REFCOUNT', 'top'],
      ['OBJECT', 'REFCOUNT', 'big'],
      ['OBJECT', 'REFCOUNT', 'neg'],
      ['OBJECT', 'REFCOUNT', 's'],
      ['OBJECT', 'REFCOUNT', 'nokey'],
    ],
  },
  {
    name: 'OBJECT FREQ needs an LFU policy; IDLETIME refuses one',
    script: [
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['OBJECT', 'FREQ', 'nokey'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['OBJECT', 'IDLETIME', 'nokey'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['SET', 'new', 'v'],
      ['OBJECT', 'FREQ', 'new'],
      ['OBJECT', 'FREQ', 'nokey'],
      ['OBJECT', 'IDLETIME', 'new'],
      ['OBJECT', 'IDLETIME', 'nokey'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
      ['OBJECT', 'IDLETIME', 'new'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['OBJECT', 'FREQ', 'new'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ],
  },
  {
    name: 'OBJECT HELP',
    script: [['OBJECT', 'HELP'], ['object', 'help']],
  },
  {
    name: 'OBJECT errors',
    script: [
      ['OBJECT'],
      ['OBJECT', 'FOO'],
      ['OBJECT', 'FOO', 'k'],
      ['OBJECT', 'ENCODING'],
      ['OBJECT', 'ENCODING', 'a', 'b'],
      ['OBJECT', 'FREQ'],
      ['OBJECT', 'IDLETIME'],
      ['OBJECT', 'REFCOUNT'],
      ['OBJECT', 'HELP', 'x'],
    ],
  },
  {
    name: 'OBJECT on keys of several shards',
    script: [
      ['MSET', 'a', '1', 'b', 'text', 'c', 'x'.repeat(50), 'd', '77777'],
      ['OBJECT', 'ENCODING', 'a'],
      ['OBJECT', 'ENCODING', 'b'],
      ['OBJECT', 'ENCODING', 'c'],
      ['OBJECT', 'ENCODING', 'd'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['OBJECT', 'REFCOUNT', 'd'],
    ],
  },
]);

const mixedCases: DiffCase[] = [
  {
    name: 'a transaction of keyspace commands over several shards',
    normalize: unorderedKeys,
    script: [
      ['MULTI'],
      ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
      ['RENAME', 'a', 'x'],
      ['COPY', 'b', 'y'],
      ['DEL', 'c', 'd'],
      ['EXISTS', 'a', 'b', 'c', 'd', 'x', 'y'],
      ['KEYS', '*'],
      ['DBSIZE'],
      ['MOVE', 'x', '1'],
      ['SWAPDB', '0', '1'],
      ['KEYS', '*'],
      ['EXEC'],
      ['SELECT', '1'],
      ['KEYS', '*'],
    ],
  },
  {
    name: 'RESP3 replies',
    resp3: true,
    normalize: unorderedKeys,
    script: [
      ['MSET', 'a', '1', 'b', '2'],
      ['KEYS', '*'],
      ['TYPE', 'a'],
      ['OBJECT', 'ENCODING', 'a'],
      ['OBJECT', 'ENCODING', 'nokey'],
      ['SCAN', '0', 'MATCH', 'nomatch', 'COUNT', '1000'],
      ['RANDOMKEY', 'x'],
      ['DEL', 'a', 'b'],
      ['RANDOMKEY'],
    ],
  },
];

differentialSuite('keyspace commands together', mixedCases);
