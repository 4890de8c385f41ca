// Set commands against the real redis-server, with 1 and 4 engine shards:
// SADD SREM SPOP SCARD SMEMBERS SISMEMBER SRANDMEMBER — every option and count form, RESP3 set
// replies, intset/hashtable encodings and their transitions (OBJECT ENCODING), empty sets deleted,
// WATCH seeing in-place changes, values moved between shards, and every error reply. SPOP and
// SRANDMEMBER answers are random: the differential cases compare them by shape (type and size)
// or where Redis's answer is deterministic (whole set, intset order), and the property tests at
// the end check membership, distinctness, counts and coverage on the engine directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byCommand, differentialSuite, sortReply } from '../helpers/differential.ts';
import { RespClient, type RespValue } from '../helpers/resp-client.ts';
import { engineShardCounts, startEngine, type ServerHandle } from '../helpers/servers.ts';

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** A random reply reduced to its type and size (members differ from run to run). */
function shape(r: RespValue): RespValue {
  if (r.type === 'array' || r.type === 'set') {
    if (r.value === null) return r;
    return { type: r.type, value: [{ type: 'integer', value: BigInt(r.value.length) }] };
  }
  if (r.type === 'bulk' && r.value !== null) return { type: 'bulk', value: Buffer.from('<member>') };
  return r;
}

const random = byCommand({ SPOP: shape, SRANDMEMBER: shape, SMEMBERS: sortReply });

differentialSuite('SADD / SREM / SCARD / SISMEMBER / SMEMBERS', [
  {
    name: 'SADD counts only new members; SCARD and SISMEMBER see them',
    script: [
      ['SADD', 's', 'a', 'b', 'a'],
      ['SADD', 's', 'b', 'c'],
      ['SCARD', 's'],
      ['SISMEMBER', 's', 'a'],
      ['SISMEMBER', 's', 'zz'],
      ['SISMEMBER', 'nokey', 'a'],
      ['SCARD', 'nokey'],
      ['TYPE', 's'],
    ],
  },
  {
    name: 'SMEMBERS of an intset is in ascending numeric order',
    script: [['SADD', 's', '10', '-5', '3', '9223372036854775807', '-9223372036854775808', '0'], ['SMEMBERS', 's'], ['SMEMBERS', 'nokey']],
  },
  {
    name: 'SMEMBERS of a hashtable set (compared unordered)',
    normalize: random,
    script: [['SADD', 's', 'x', 'y', 'z', '1'], ['SMEMBERS', 's']],
  },
  {
    name: 'SMEMBERS replies a RESP3 set',
    resp3: true,
    script: [['SADD', 's', '3', '1', '2'], ['SMEMBERS', 's'], ['SMEMBERS', 'nokey'], ['SADD', 'h', 'a'], ['SMEMBERS', 'h']],
  },
  {
    name: 'SREM counts removed members and deletes the emptied set',
    script: [
      ['SADD', 's', 'a', 'b', 'c'],
      ['SREM', 's', 'a', 'zz', 'a'],
      ['SCARD', 's'],
      ['SREM', 'nokey', 'a'],
      ['SREM', 's', 'b', 'c', 'd'],
      ['EXISTS', 's'],
    ],
  },
  {
    name: 'members are binary safe',
    script: [['SADD', 's', Buffer.from([0, 255, 13, 10]), ''], ['SISMEMBER', 's', Buffer.from([0, 255, 13, 10])], ['SISMEMBER', 's', ''], ['SREM', 's', ''], ['SCARD', 's']],
  },
  {
    name: 'WRONGTYPE for every command',
    script: [
      ['SET', 'k', 'v'],
      ['SADD', 'k', 'a'],
      ['SREM', 'k', 'a'],
      ['SCARD', 'k'],
      ['SMEMBERS', 'k'],
      ['SISMEMBER', 'k', 'a'],
      ['SPOP', 'k'],
      ['SPOP', 'k', '1'],
      ['SPOP', 'k', '0'],
      ['SRANDMEMBER', 'k'],
      ['SRANDMEMBER', 'k', '2'],
      ['SRANDMEMBER', 'k', '0'],
      ['RPUSH', 'l', 'a'],
      ['SADD', 'l', 'a'],
    ],
  },
  {
    name: 'wrong number of arguments',
    script: [['SADD', 's'], ['SREM', 's'], ['SCARD'], ['SCARD', 's', 'x'], ['SMEMBERS'], ['SISMEMBER', 's'], ['SISMEMBER', 's', 'a', 'b'], ['SPOP'], ['SRANDMEMBER']],
  },
]);

differentialSuite('set encodings', [
  {
    name: 'an all-integer set is an intset; a non-integer member makes it a hashtable for good',
    script: [
      ['SADD', 's', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 's', 'x'],
      ['OBJECT', 'ENCODING', 's'],
      ['SREM', 's', 'x'],
      ['OBJECT', 'ENCODING', 's'],
    ],
  },
  {
    name: 'only canonical 64-bit integers keep an intset',
    script: [
      ['SADD', 'a', '9223372036854775807', '-9223372036854775808'],
      ['OBJECT', 'ENCODING', 'a'],
      ['SADD', 'b', '9223372036854775808'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SADD', 'c', '01'],
      ['OBJECT', 'ENCODING', 'c'],
      ['SADD', 'd', '-0'],
      ['OBJECT', 'ENCODING', 'd'],
      ['SADD', 'e', '+1'],
      ['OBJECT', 'ENCODING', 'e'],
      ['SADD', 'f', ' 1'],
      ['OBJECT', 'ENCODING', 'f'],
      ['SADD', 'g', '1.0'],
      ['OBJECT', 'ENCODING', 'g'],
      ['SADD', 'h', '0', '-1'],
      ['OBJECT', 'ENCODING', 'h'],
    ],
  },
  {
    name: 'an intset becomes a hashtable above set-max-intset-entries (512)',
    normalize: random,
    script: [
      ['SADD', 's', ...range(512, (i) => String(i * 7 - 1000))],
      ['OBJECT', 'ENCODING', 's'],
      ['SMEMBERS', 's'],
      ['SADD', 's', '100000'],
      ['OBJECT', 'ENCODING', 's'],
      ['SCARD', 's'],
      ['SREM', 's', ...range(500, (i) => String(i * 7 - 1000))],
      ['OBJECT', 'ENCODING', 's'],
      ['SMEMBERS', 's'],
    ],
  },
  {
    name: 'a set that starts with a non-integer is a hashtable',
    script: [['SADD', 's', 'a', '1'], ['OBJECT', 'ENCODING', 's'], ['SADD', 't', '1', 'a'], ['OBJECT', 'ENCODING', 't']],
  },
]);

differentialSuite('SPOP', [
  {
    name: 'SPOP without a count pops a member; the last pop deletes the key',
    script: [['SADD', 's', 'only'], ['SPOP', 's'], ['EXISTS', 's'], ['SPOP', 's'], ['SPOP', 'nokey']],
  },
  {
    name: 'SPOP with a count at least the size pops everything (intset order) and deletes the key',
    script: [['SADD', 's', '3', '1', '2'], ['SPOP', 's', '3'], ['EXISTS', 's'], ['SADD', 't', '5', '4'], ['SPOP', 't', '100'], ['EXISTS', 't']],
  },
  {
    name: 'SPOP with a count pops that many distinct members (compared by size)',
    normalize: random,
    script: [
      ['SADD', 's', ...range(50, (i) => `m${i}`)],
      ['SPOP', 's', '10'],
      ['SCARD', 's'],
      ['SPOP', 's'],
      ['SCARD', 's'],
      ['SPOP', 's', '39'],
      ['SCARD', 's'],
      ['SPOP', 's', '5'],
      ['EXISTS', 's'],
    ],
  },
  {
    name: 'SPOP count 0 and a missing key give an empty set; the count is checked first',
    script: [['SADD', 's', 'a'], ['SPOP', 's', '0'], ['SCARD', 's'], ['SPOP', 'nokey', '0'], ['SPOP', 'nokey', '5'], ['SPOP', 'nokey', '-1'], ['SPOP', 'nokey', 'x']],
  },
  {
    name: 'the same replies in RESP3 (sets, null)',
    resp3: true,
    normalize: random,
    script: [
      ['SPOP', 'nokey'],
      ['SPOP', 'nokey', '2'],
      ['SADD', 's', 'a', 'b', 'c', 'd'],
      ['SPOP', 's', '0'],
      ['SPOP', 's', '2'],
      ['SPOP', 's'],
      ['SPOP', 's', '5'],
      ['SADD', 'i', '2', '1'],
      ['SPOP', 'i', '2'],
    ],
  },
  {
    name: 'SPOP refuses a negative or non-integer count and extra arguments',
    script: [['SADD', 's', 'a'], ['SPOP', 's', '-1'], ['SPOP', 's', 'abc'], ['SPOP', 's', '1.5'], ['SPOP', 's', '1', '2'], ['SCARD', 's']],
  },
]);

differentialSuite('SRANDMEMBER', [
  {
    name: 'SRANDMEMBER without a count returns a member and removes nothing',
    script: [['SADD', 's', 'only'], ['SRANDMEMBER', 's'], ['SCARD', 's'], ['SRANDMEMBER', 'nokey']],
  },
  {
    name: 'a count at least the size returns the whole set (an intset in order)',
    script: [['SADD', 's', '3', '1', '2'], ['SRANDMEMBER', 's', '3'], ['SRANDMEMBER', 's', '100'], ['SCARD', 's']],
  },
  {
    name: 'positive counts below the size and negative counts (compared by size)',
    normalize: random,
    script: [
      ['SADD', 's', ...range(20, (i) => `m${i}`)],
      ['SRANDMEMBER', 's', '5'],
      ['SRANDMEMBER', 's', '19'],
      ['SRANDMEMBER', 's', '-5'],
      ['SRANDMEMBER', 's', '-50'],
      ['SRANDMEMBER', 's', '20'],
      ['SRANDMEMBER', 's'],
      ['SCARD', 's'],
    ],
  },
  {
    name: 'count 0 and a missing key give an empty array, in RESP3 too',
    script: [['SADD', 's', 'a'], ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 'nokey', '0'], ['SRANDMEMBER', 'nokey', '3'], ['SRANDMEMBER', 'nokey', '-3']],
  },
  {
    name: 'RESP3: arrays, not sets; nil without a count',
    resp3: true,
    normalize: random,
    script: [['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '2'], ['SADD', 's', '1', '2', '3'], ['SRANDMEMBER', 's', '3'], ['SRANDMEMBER', 's', '-2'], ['SRANDMEMBER', 's', '2'], ['SRANDMEMBER', 's', '0']],
  },
  {
    name: 'count range and syntax errors',
    script: [
      ['SADD', 's', 'a'],
      ['SRANDMEMBER', 's', 'abc'],
      ['SRANDMEMBER', 's', '9223372036854775808'],
      ['SRANDMEMBER', 's', '-9223372036854775808'],
      ['SRANDMEMBER', 'nokey', '-9223372036854775808'],
      ['SRANDMEMBER', 's', '1', '2'],
    ],
  },
]);

differentialSuite('sets with WATCH and across shards', [
  {
    name: 'changes invalidate WATCH; SADD of an existing member and SREM of a missing one do not',
    script: [
      ['SADD', 's', 'a'],
      ['WATCH', 's'],
      ['SADD', 's', 'a'],
      ['SREM', 's', 'zz'],
      ['MULTI'],
      ['SCARD', 's'],
      ['EXEC'],
      ['WATCH', 's'],
      ['SADD', 's', 'b'],
      ['MULTI'],
      ['SCARD', 's'],
      ['EXEC'],
      ['WATCH', 's'],
      ['SREM', 's', 'b'],
      ['MULTI'],
      ['SCARD', 's'],
      ['EXEC'],
      ['WATCH', 's'],
      ['SPOP', 's'],
      ['MULTI'],
      ['SCARD', 's'],
      ['EXEC'],
    ],
  },
  {
    name: 'RENAME and COPY move sets between shards with their encoding',
    script: [
      ['SADD', 'a', '5', '1', '3'],
      ['RENAME', 'a', 'b'],
      ['SMEMBERS', 'b'],
      ['OBJECT', 'ENCODING', 'b'],
      ['SADD', 'c', 'x'],
      ['SREM', 'c', 'x'],
      ['SADD', 'c', '7', '8'],
      ['COPY', 'b', 'd'],
      ['SADD', 'd', '0'],
      ['SMEMBERS', 'd'],
      ['SMEMBERS', 'b'],
      ['SADD', 'c', 'y'],
      ['SREM', 'c', 'y'],
      ['RENAME', 'c', 'a'],
      ['OBJECT', 'ENCODING', 'a'],
    ],
  },
]);

// ---------------------------------------------------------------------------------------------
// Properties of the random commands, on the engine alone.

function bulks(r: RespValue): string[] {
  if ((r.type !== 'array' && r.type !== 'set') || r.value === null) throw new Error(`expected an array, got ${r.type}`);
  return r.value.map((x) => {
    if (x.type !== 'bulk' || x.value === null) throw new Error('expected bulk strings');
    return x.value.toString('latin1');
  });
}

for (const shards of engineShardCounts()) {
  describe(`SPOP / SRANDMEMBER properties (engine, shards=${shards})`, () => {
    let engine: ServerHandle | undefined;
    let c: RespClient;
    beforeAll(async () => {
      engine = await startEngine({ shards });
      c = await RespClient.connect(engine.port);
    });
    afterAll(async () => {
      await c?.close();
      await engine?.stop();
    });

    const members = range(100, (i) => `m${i}`);
    const fill = async (key: string, ms: string[] = members): Promise<void> => {
      await c.call('DEL', key);
      await c.call('SADD', key, ...ms);
    };

    it('SPOP with a count returns distinct members that were in the set and are gone after', async () => {
      await fill('s');
      const popped = bulks(await c.call('SPOP', 's', '30'));
      expect(popped.length).toBe(30);
      expect(new Set(popped).size).toBe(30);
      for (const m of popped) expect(members).toContain(m);
      const rest = bulks(await c.call('SMEMBERS', 's'));
      expect(rest.length).toBe(70);
      expect(new Set([...rest, ...popped]).size).toBe(100);
    });

    it('SPOP without a count drains the set one member at a time, each once', async () => {
      await fill('s', members.slice(0, 20));
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const r = await c.call('SPOP', 's');
        if (r.type !== 'bulk' || r.value === null) throw new Error('expected a member');
        seen.add(r.value.toString('latin1'));
      }
      expect(seen.size).toBe(20);
      expect(await c.call('EXISTS', 's')).toEqual({ type: 'integer', value: 0n });
    });

    it('SRANDMEMBER with a positive count returns distinct members and removes nothing', async () => {
      await fill('s');
      for (const count of [1, 10, 40, 99]) {
        const got = bulks(await c.call('SRANDMEMBER', 's', String(count)));
        expect(got.length).toBe(count);
        expect(new Set(got).size).toBe(count);
        for (const m of got) expect(members).toContain(m);
      }
      expect(await c.call('SCARD', 's')).toEqual({ type: 'integer', value: 100n });
    });

    it('SRANDMEMBER with a negative count may repeat and returns exactly |count| members', async () => {
      await fill('s', ['a', 'b']);
      const got = bulks(await c.call('SRANDMEMBER', 's', '-50'));
      expect(got.length).toBe(50);
      expect(new Set(got)).toEqual(new Set(['a', 'b']));
    });

    it('SRANDMEMBER picks every member over many calls (roughly uniform)', async () => {
      await fill('s', members.slice(0, 10));
      const counts = new Map<string, number>();
      for (let i = 0; i < 20; i++) {
        for (const m of bulks(await c.call('SRANDMEMBER', 's', '-100'))) counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      expect(counts.size).toBe(10);
      for (const n of counts.values()) expect(n).toBeGreaterThan(100);
    });

    it('SPOP count below the size on an intset keeps the rest an intset', async () => {
      await fill('i', range(50, (i) => String(i)));
      const popped = bulks(await c.call('SPOP', 'i', '10'));
      expect(popped.every((m) => /^\d+$/.test(m))).toBe(true);
      expect(toText(await c.call('OBJECT', 'ENCODING', 'i'))).toBe('intset');
      const rest = bulks(await c.call('SMEMBERS', 'i')).map(Number);
      expect(rest).toEqual([...rest].sort((x, y) => x - y));
    });
  });
}

function toText(r: RespValue): string {
  return r.type === 'bulk' && r.value !== null ? r.value.toString('latin1') : JSON.stringify(r);
}


differentialSuite('set encoding threshold follows CONFIG SET', [
  {
    name: 'set-max-intset-entries applies to the next write',
    script: [
      ['CONFIG', 'SET', 'set-max-intset-entries', '3'],
      ['SADD', 's', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 's', '4'],
      ['OBJECT', 'ENCODING', 's'],
      ['SADD', 't', '1', '2', '3', '4', '5'],
      ['OBJECT', 'ENCODING', 't'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
      ['SADD', 'u', '1', '2', '3', '4', '5'],
      ['OBJECT', 'ENCODING', 'u'],
    ],
  },
]);
