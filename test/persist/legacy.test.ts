// Loading the encodings older Redis versions wrote (RDB versions 6 to 9, and 7.2's version 11):
// plain lists/sets/hashes, sorted sets with scores as text, zipmaps, ziplists, quicklists of
// ziplists, intsets, expiries in seconds, LRU/LFU hints. Each file is loaded both by a real
// redis-server 7.0 (which still reads them all) and by our engine, and the keyspaces must match,
// encodings included (Redis converts old encodings on load; so must we).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { engineShardCounts, type ServerHandle } from '../helpers/servers.ts';
import { T, type RdbOut } from '../../engine/persist/rdb-format.ts';
import { encodeZiplist } from '../../engine/persist/ziplist.ts';
import { encodeZipmap } from '../../engine/persist/zipmap.ts';
import { encodeIntset } from '../../engine/persist/intset.ts';
import { encodeListpack } from '../../engine/persist/listpack.ts';
import { parseRdb } from '../../engine/persist/loader.ts';
import { RdbBuilder, compressible, diffDatasets, dirWithDump, dumpDataset, engineOver, keyCount, redisOver } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const FAR_MS = 4_000_000_000_000;
const FAR_S = 2_000_000_000; // 2033

function strs(o: RdbOut, items: string[]): void {
  o.len(items.length);
  for (const s of items) o.str(s);
}

/** RDB_TYPE_HASH: the number of pairs, then field, value, ... */
function pairs(o: RdbOut, flat: string[]): void {
  o.len(flat.length / 2);
  for (const s of flat) o.str(s);
}

/** RDB_TYPE_ZSET's scores: a length byte and the text, or 253/254/255 for nan/+inf/-inf. */
function textDouble(o: RdbOut, d: number): void {
  if (d === Infinity) return o.u8(254);
  if (d === -Infinity) return o.u8(255);
  const s = String(d);
  o.u8(s.length);
  o.raw(Buffer.from(s, 'latin1'));
}

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** A version 9 file (Redis 5/6) with every encoding it could hold. */
function v9(): Buffer {
  const b = new RdbBuilder(9, true).aux('redis-ver', '6.2.14').aux('redis-bits', '64').aux('ctime', '1700000000').aux('used-mem', '1000000').aux('aof-preamble', '0');
  b.select(0).resize(40, 4);
  b.key(T.STRING, 'string', (o) => o.str('hello'));
  b.key(T.STRING, 'string:int', (o) => o.str('-42'));
  b.key(T.STRING, 'string:lzf', (o) => o.str(compressible(5000, 1)));
  b.expireMs(FAR_MS).key(T.STRING, 'string:ttl', (o) => o.str('t'));
  b.expireMs(1000).key(T.STRING, 'string:expired', (o) => o.str('gone'));
  b.idle(1234).key(T.STRING, 'string:idle', (o) => o.str('lru hint'));
  b.freq(7).key(T.STRING, 'string:freq', (o) => o.str('lfu hint'));
  b.key(T.LIST, 'list:plain', (o) => strs(o, ['a', 'b', '3', compressible(100, 2)]));
  b.key(T.LIST_ZIPLIST, 'list:ziplist', (o) => o.strBuf(encodeZiplist(['x', '1', '-1000', '70000', '9223372036854775807', 'y'.repeat(300)])));
  b.key(T.LIST_QUICKLIST, 'list:quicklist', (o) => {
    o.len(3);
    o.strBuf(encodeZiplist(range(100, (i) => `e${i}`)));
    o.strBuf(encodeZiplist(range(100, (i) => String(i * 1000))));
    o.strBuf(encodeZiplist(['last']));
  });
  b.expireMs(FAR_MS + 5).key(T.LIST_QUICKLIST, 'list:quicklist:ttl', (o) => {
    o.len(1);
    o.strBuf(encodeZiplist(['only']));
  });
  b.key(T.SET, 'set:plain:ints', (o) => strs(o, ['3', '1', '2']));
  b.key(T.SET, 'set:plain:strings', (o) => strs(o, ['a', 'b', '1']));
  b.key(T.SET, 'set:plain:many', (o) => strs(o, range(600, (i) => String(i))));
  b.key(T.SET_INTSET, 'set:intset', (o) => o.strBuf(encodeIntset(['5', '-5', '70000', '9223372036854775807'])));
  b.key(T.SET_INTSET, 'set:intset:big', (o) => o.strBuf(encodeIntset(range(600, (i) => String(i * 2)))));
  b.key(T.ZSET, 'zset:text', (o) => {
    o.len(5);
    for (const [m, s] of [['a', 1.5], ['b', -2], ['c', Infinity], ['d', -Infinity], ['e', 1e-7]] as const) {
      o.str(m);
      textDouble(o, s);
    }
  });
  b.key(T.ZSET, 'zset:text:many', (o) => {
    o.len(300);
    for (let i = 0; i < 300; i++) {
      o.str(`m${i}`);
      textDouble(o, i / 4);
    }
  });
  b.key(T.ZSET_2, 'zset:binary', (o) => {
    o.len(3);
    for (const [m, s] of [['x', 0.1], ['y', 2], ['z', -1e300]] as const) {
      o.str(m);
      o.f64le(s);
    }
  });
  b.key(T.ZSET_ZIPLIST, 'zset:ziplist', (o) => o.strBuf(encodeZiplist(['a', '1', 'b', '2.5', 'c', '1e+20', 'd', 'inf'])));
  b.key(T.ZSET_ZIPLIST, 'zset:ziplist:many', (o) => o.strBuf(encodeZiplist(range(400, (i) => (i % 2 === 0 ? `m${i}` : String(i))))));
  b.key(T.HASH, 'hash:plain', (o) => pairs(o, ['f', 'v', 'n', '7']));
  b.key(T.HASH, 'hash:plain:long', (o) => pairs(o, ['f', 'x'.repeat(100)]));
  b.key(T.HASH_ZIPMAP, 'hash:zipmap', (o) => o.strBuf(encodeZipmap(['a', '1', 'b', 'two', 'c', 'z'.repeat(300)])));
  b.key(T.HASH_ZIPMAP, 'hash:zipmap:small', (o) => o.strBuf(encodeZipmap(['a', '1'])));
  b.key(T.HASH_ZIPLIST, 'hash:ziplist', (o) => o.strBuf(encodeZiplist(['f1', 'v1', 'f2', '2', 'f3', '-3'])));
  b.key(T.HASH_ZIPLIST, 'hash:ziplist:many', (o) => o.strBuf(encodeZiplist(range(1200, (i) => `x${i}`))));
  b.select(3).resize(1, 0);
  b.key(T.STRING, 'db3', (o) => o.str('three'));
  return b.end();
}

/** A version 6 file (Redis 2.6/2.8): expiries in seconds and in ms, zipmaps, ziplists, intsets. */
function v6(): Buffer {
  const b = new RdbBuilder(6);
  b.select(0);
  b.expireSec(FAR_S).key(T.STRING, 'sec:ttl', (o) => o.str('seconds'));
  b.expireSec(1000).key(T.STRING, 'sec:expired', (o) => o.str('gone'));
  b.expireMs(FAR_MS).key(T.HASH_ZIPMAP, 'zipmap', (o) => o.strBuf(encodeZipmap(['k', 'v'])));
  b.key(T.LIST_ZIPLIST, 'ziplist', (o) => o.strBuf(encodeZiplist(['1', '2', 'three'])));
  b.key(T.SET_INTSET, 'intset', (o) => o.strBuf(encodeIntset(['1', '2'])));
  b.key(T.ZSET_ZIPLIST, 'zziplist', (o) => o.strBuf(encodeZiplist(['m', '3'])));
  b.key(T.HASH_ZIPLIST, 'hziplist', (o) => o.strBuf(encodeZiplist(['f', 'v'])));
  return b.end();
}

describe('loading older RDB versions', () => {
  for (const [name, build] of [['version 9 (Redis 5 and 6)', v9], ['version 6 (Redis 2.6)', v6]] as const) {
    for (const shards of engineShardCounts()) {
      it(`loads a ${name} file as redis-server 7.0 does (shards=${shards})`, async () => {
        const file = build();
        const rdir = dirWithDump(file);
        const edir = dirWithDump(file);
        dirs.push(rdir, edir);
        const [redis, engine] = await Promise.all([redisOver(rdir), engineOver(edir, shards)]);
        servers.push(redis, engine);
        const [theirs, ours] = await Promise.all([dumpDataset(redis.port), dumpDataset(engine.port)]);
        expect(keyCount(theirs)).toBeGreaterThan(5);
        expect(diffDatasets(theirs, ours)).toEqual([]);
        await Promise.all([redis.stop(), engine.stop()]);
      }, 60_000);
    }
  }

  it('loads a version 11 (Redis 7.2) file with listpack-encoded sets', async () => {
    const b = new RdbBuilder(11).aux('redis-ver', '7.2.4');
    b.select(0);
    b.key(T.SET_LISTPACK, 'set:lp:strings', (o) => o.strBuf(encodeListpack(['a', 'b', 'c'])));
    b.key(T.SET_LISTPACK, 'set:lp:ints', (o) => o.strBuf(encodeListpack(['3', '1', '2'])));
    b.key(T.STRING, 's', (o) => o.str('v'));
    const dir = dirWithDump(b.end());
    dirs.push(dir);
    const engine = await engineOver(dir, 2);
    servers.push(engine);
    const d = await dumpDataset(engine.port);
    const db0 = d.get(0)!;
    expect(db0.get('set:lp:strings')).toEqual({ type: 'set', encoding: 'hashtable', expireAt: -1, value: ['a', 'b', 'c'] });
    expect(db0.get('set:lp:ints')).toEqual({ type: 'set', encoding: 'intset', expireAt: -1, value: ['1', '2', '3'] });
    expect(db0.get('s')?.value).toBe('v');
    await engine.stop();
  }, 60_000);

  it('parses the hand-built files with the right types and checksums', () => {
    const p = parseRdb(v9());
    expect(p.version).toBe(9);
    expect(p.checksumOk).toBe(true);
    expect(p.aux.get('redis-ver')).toBe('6.2.14');
    expect(new Set(p.entries.map((e) => e.type))).toEqual(
      new Set([T.STRING, T.LIST, T.LIST_ZIPLIST, T.LIST_QUICKLIST, T.SET, T.SET_INTSET, T.ZSET, T.ZSET_2, T.ZSET_ZIPLIST, T.HASH, T.HASH_ZIPMAP, T.HASH_ZIPLIST]),
    );
    const expired = p.entries.find((e) => e.key === 'string:expired')!;
    expect(expired.expireAt).toBe(1000);
    expect(parseRdb(v6()).entries.find((e) => e.key === 'sec:ttl')!.expireAt).toBe(FAR_S * 1000);
  });
});
