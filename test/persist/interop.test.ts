// RDB interoperability with redis-server 7.0: a dataset with every type, encoding and expiry saved
// by our engine passes redis-check-rdb and loads into a real redis-server with every key, value,
// encoding and TTL matching; a dump.rdb that a real redis-server writes loads into our engine
// (1 and 4 shards) the same way; and the values whose encoding is deterministic are written
// byte for byte as Redis writes them.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RespClient } from '../helpers/resp-client.ts';
import { engineShardCounts, startRedis, type ServerHandle } from '../helpers/servers.ts';
import { RdbFramer, parseRdb } from '../../engine/persist/loader.ts';
import { T } from '../../engine/persist/rdb-format.ts';
import { datasetScript, diffDatasets, dirWithDump, dumpDataset, engineOver, keyCount, redisOver, run } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmpDir(bytes: Buffer | null): string {
  const d = dirWithDump(bytes);
  dirs.push(d);
  return d;
}

function checkRdb(file: string): string {
  return execFileSync('redis-check-rdb', [file], { encoding: 'utf8' });
}

async function save(port: number): Promise<void> {
  const c = await RespClient.connect(port, { timeoutMs: 60_000 });
  try {
    expect(await c.call('SAVE')).toEqual({ type: 'simple', value: 'OK' });
  } finally {
    await c.close();
  }
}

/** (db, key) -> the record's bytes from the type byte on, and its type. */
function records(file: Buffer): Map<string, { type: number; bytes: Buffer }> {
  const f = RdbFramer.ofBuffer(file);
  f.header();
  const out = new Map<string, { type: number; bytes: Buffer }>();
  let db = 0;
  for (;;) {
    const it = f.next();
    if (it.k === 'eof') break;
    if (it.k === 'select') db = it.db;
    if (it.k === 'record') out.set(`${db}:${it.key}`, { type: it.type, bytes: Buffer.from(f.win.subarray(it.start, it.end)) });
  }
  return out;
}

describe('RDB written by dcs-engine', () => {
  for (const shards of engineShardCounts()) {
    it(`passes redis-check-rdb and loads into redis-server 7.0 with every key, value, encoding and TTL (shards=${shards})`, async () => {
      const dir = tmpDir(null);
      const engine = await engineOver(dir, shards);
      servers.push(engine);
      const c = await RespClient.connect(engine.port, { timeoutMs: 60_000 });
      await run(c, datasetScript());
      await c.close();
      const ours = await dumpDataset(engine.port);
      await save(engine.port);
      const file = readFileSync(path.join(dir, 'dump.rdb'));

      const report = checkRdb(path.join(dir, 'dump.rdb'));
      expect(report).toContain('\\o/ RDB looks OK! \\o/');
      expect(report).toContain('Checksum OK');
      expect(report).toContain(`[info] ${keyCount(ours)} keys read`);
      expect(report).toContain('[info] 5 expires');

      const parsed = parseRdb(file);
      expect(parsed.version).toBe(10);
      expect(parsed.checksumOk).toBe(true);
      expect([...parsed.aux.keys()]).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
      expect(new Set(parsed.entries.map((e) => e.type))).toEqual(
        new Set([T.STRING, T.LIST_QUICKLIST_2, T.SET_INTSET, T.SET, T.HASH_LISTPACK, T.HASH, T.ZSET_LISTPACK, T.ZSET_2]),
      );

      const redis = await redisOver(tmpDir(file));
      servers.push(redis);
      const theirs = await dumpDataset(redis.port);
      expect(diffDatasets(ours, theirs)).toEqual([]);
      expect(keyCount(theirs)).toBe(keyCount(ours));
      await Promise.all([redis.stop(), engine.stop()]);
    }, 120_000);
  }

  it('writes strings, quicklists, intsets, listpacks and skiplist sorted sets byte for byte as redis-server 7.0 does', async () => {
    const dir = tmpDir(null);
    const [engine, redis] = await Promise.all([engineOver(dir, 4), startRedis()]);
    servers.push(engine, redis);
    for (const s of [engine, redis]) {
      const c = await RespClient.connect(s.port, { timeoutMs: 60_000 });
      await run(c, datasetScript());
      await c.close();
      await save(s.port);
    }
    const ours = records(readFileSync(path.join(dir, 'dump.rdb')));
    const theirs = records(readFileSync(path.join(redis.dir, 'dump.rdb')));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    const deterministic = new Set<number>([T.STRING, T.LIST_QUICKLIST_2, T.SET_INTSET, T.HASH_LISTPACK, T.ZSET_LISTPACK, T.ZSET_2]);
    let compared = 0;
    for (const [k, theirRec] of theirs) {
      const ourRec = ours.get(k)!;
      expect(ourRec.type, k).toBe(theirRec.type);
      if (!deterministic.has(theirRec.type)) continue;
      expect(ourRec.bytes.equals(theirRec.bytes), `record of ${JSON.stringify(k)} differs`).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThan(35);
    await Promise.all([redis.stop(), engine.stop()]);
  }, 120_000);
});

describe('RDB written by redis-server 7.0', () => {
  let dump: Buffer | null = null;
  let expected: Awaited<ReturnType<typeof dumpDataset>> | null = null;

  async function redisDump(): Promise<Buffer> {
    if (dump !== null) return dump;
    const redis = await startRedis();
    servers.push(redis);
    const c = await RespClient.connect(redis.port, { timeoutMs: 60_000 });
    await run(c, datasetScript());
    await c.close();
    expected = await dumpDataset(redis.port);
    await save(redis.port);
    dump = readFileSync(path.join(redis.dir, 'dump.rdb'));
    await redis.stop();
    return dump;
  }

  it('holds every encoding Redis 7.0 writes, with large values LZF-compressed, in several databases', async () => {
    const file = await redisDump();
    const parsed = parseRdb(file);
    expect(parsed.checksumOk).toBe(true);
    expect(new Set(parsed.entries.map((e) => e.type))).toEqual(
      new Set([T.STRING, T.LIST_QUICKLIST_2, T.SET_INTSET, T.SET, T.HASH_LISTPACK, T.HASH, T.ZSET_LISTPACK, T.ZSET_2]),
    );
    expect(new Set(parsed.entries.map((e) => e.db))).toEqual(new Set([0, 1, 5, 15]));
    // the 1 MiB compressible string is stored LZF-compressed
    expect(file.length).toBeLessThan(900_000);
  }, 60_000);

  for (const shards of engineShardCounts()) {
    it(`loads into dcs-engine with every key, value, encoding and TTL (shards=${shards})`, async () => {
      const file = await redisDump();
      const engine = await engineOver(tmpDir(file), shards);
      servers.push(engine);
      const ours = await dumpDataset(engine.port);
      expect(diffDatasets(expected!, ours)).toEqual([]);
      expect(keyCount(ours)).toBe(keyCount(expected!));
      expect(engine.output()).toContain('Loading RDB produced by version 7.0.15');
      await engine.stop();
    }, 120_000);
  }

  it('survives a round trip: loaded by dcs-engine, saved again, loaded by redis-server', async () => {
    const file = await redisDump();
    const dir = tmpDir(file);
    const engine = await engineOver(dir, 4);
    servers.push(engine);
    await save(engine.port);
    await engine.stop();
    expect(statSync(path.join(dir, 'dump.rdb')).size).toBeGreaterThan(0);
    const again = readFileSync(path.join(dir, 'dump.rdb'));
    const redis = await redisOver(tmpDir(again));
    servers.push(redis);
    expect(diffDatasets(expected!, await dumpDataset(redis.port))).toEqual([]);
    await redis.stop();
  }, 120_000);
});
