// BGSAVE is fork-less and point-in-time: the engine keeps serving reads and writes while it runs,
// and the file holds every shard as it was when BGSAVE started — a key changed, deleted, renamed
// or expired-away during the save appears with its value at the start; a key created during the
// save does not appear. The save is slowed down with DCS_RDB_KEY_SAVE_DELAY_US (Redis's
// rdb-key-save-delay) so that the changes surely land while it runs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RespClient, type Arg } from '../helpers/resp-client.ts';
import { engineShardCounts, type ServerHandle } from '../helpers/servers.ts';
import { parseRdb } from '../../engine/persist/loader.ts';
import { diffDatasets, dirWithDump, dumpDataset, engineOver, keyCount, redisOver, run, waitFor } from './helpers.ts';

const dirs: string[] = [];
const servers: ServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const N = 60;

function populate(): Arg[][] {
  const c: Arg[][] = [];
  for (let i = 0; i < N; i++) {
    c.push(['HSET', `h:${i}`, 'f', `v${i}`, 'g', String(i)]);
    c.push(['HSET', `hbig:${i}`, ...Array.from({ length: 600 }, (_, k) => `x${k}`)]);
    c.push(['RPUSH', `l:${i}`, 'a', 'b', String(i)]);
    c.push(['SADD', `s:${i}`, 'm1', 'm2']);
    c.push(['SADD', `si:${i}`, '1', '2', '3']);
    c.push(['ZADD', `z:${i}`, '1', 'a', '2', 'b']);
    c.push(['SET', `str:${i}`, `value ${i}`]);
    c.push(['SET', `raw:${i}`, 'x']);
    c.push(['APPEND', `raw:${i}`, 'y']);
    c.push(['SET', `ttl:${i}`, 'v', 'PXAT', 4_000_000_000_000 + i]);
  }
  c.push(['SELECT', 3]);
  c.push(['HSET', 'db3hash', 'a', '1']);
  c.push(['SELECT', 0]);
  return c;
}

function mutate(): Arg[][] {
  const c: Arg[][] = [];
  for (let i = 0; i < N; i++) {
    c.push(['HSET', `h:${i}`, 'f', 'CHANGED', 'new', 'field']);
    c.push(['HDEL', `hbig:${i}`, 'x0']);
    c.push(['RPUSH', `l:${i}`, 'c']);
    c.push(['LPOP', `l:${i}`]);
    c.push(['LPUSH', `l:${i}`, 'Z']);
    c.push(['SADD', `s:${i}`, 'm3']);
    c.push(['SREM', `si:${i}`, '1']);
    c.push(['ZADD', `z:${i}`, '5', 'a', '9', 'c']);
    c.push(['SET', `str:${i}`, 'changed']);
    c.push(['APPEND', `raw:${i}`, 'MORE']);
    c.push(['PERSIST', `ttl:${i}`]);
    c.push(['SET', `new:${i}`, 'created during the save']);
  }
  c.push(['DEL', 'h:1', 'l:2']);
  c.push(['RENAME', 'str:3', 'renamed']);
  c.push(['SELECT', 3]);
  c.push(['FLUSHDB']);
  c.push(['SELECT', 0]);
  return c;
}

describe('BGSAVE', () => {
  for (const shards of engineShardCounts()) {
    it(`saves every shard as it was when BGSAVE started while writes go on (shards=${shards})`, async () => {
      const dir = dirWithDump(null);
      dirs.push(dir);
      const engine = await engineOver(dir, shards, ['--save', ''], { DCS_RDB_KEY_SAVE_DELAY_US: String(Math.round(2000 * shards)) });
      servers.push(engine);
      const c = await RespClient.connect(engine.port, { timeoutMs: 60_000 });
      await run(c, populate());
      const atStart = await dumpDataset(engine.port);
      const lastsave = await c.call('LASTSAVE');

      expect(await c.call('BGSAVE')).toEqual({ type: 'simple', value: 'Background saving started' });
      const t0 = performance.now();
      await run(c, mutate());
      const writeMs = performance.now() - t0;
      // while it runs: reads and writes are served, another save is refused as Redis refuses it
      expect(await c.call('BGSAVE')).toEqual({ type: 'error', value: 'ERR Background save already in progress' });
      expect(await c.call('BGSAVE', 'SCHEDULE')).toEqual({ type: 'error', value: 'ERR Background save already in progress' });
      expect(await c.call('SAVE')).toEqual({ type: 'error', value: 'ERR Background save already in progress' });
      const t1 = performance.now();
      expect(await c.call('GET', 'str:5')).toEqual({ type: 'bulk', value: Buffer.from('changed') });
      const readMs = performance.now() - t1;
      expect(existsSync(path.join(dir, 'dump.rdb')), 'the save should still be running').toBe(false);

      await waitFor('the dump', () => existsSync(path.join(dir, 'dump.rdb')), 60_000);
      expect(writeMs).toBeLessThan(2000);
      expect(readMs).toBeLessThan(500);
      await waitFor('LASTSAVE to move', async () => {
        const r = await c.call('LASTSAVE');
        return r.type === 'integer' && lastsave.type === 'integer' && r.value >= lastsave.value;
      });
      await c.close();

      const file = readFileSync(path.join(dir, 'dump.rdb'));
      const parsed = parseRdb(file);
      expect(parsed.checksumOk).toBe(true);
      expect(parsed.entries.length).toBe(keyCount(atStart));
      const redis = await redisOver(dirWithDump(file));
      servers.push(redis);
      const saved = await dumpDataset(redis.port);
      expect(diffDatasets(atStart, saved)).toEqual([]);
      // and the engine itself moved on
      const now = await dumpDataset(engine.port);
      expect(now.get(0)!.get('str:5')!.value).toBe('changed');
      expect(now.has(3)).toBe(false);
      await Promise.all([redis.stop(), engine.stop()]);
    }, 120_000);
  }

  it('takes every shard at the same logical moment: cross-shard MSETs are never half in the file', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    const engine = await engineOver(dir, 4, ['--save', ''], { DCS_RDB_KEY_SAVE_DELAY_US: '20000' });
    servers.push(engine);
    const K = 100;
    const setup = await RespClient.connect(engine.port);
    // pairs whose two keys live on different shards, always written together by MSET
    await run(setup, Array.from({ length: K }, (_, i) => ['MSET', `a:${i}`, '0', `b:${i}`, '0']));
    let stop = false;
    let writes = 0;
    const writer = async (seed: number): Promise<void> => {
      const c = await RespClient.connect(engine.port, { timeoutMs: 30_000 });
      let v = seed * 1_000_000;
      while (!stop) {
        const batch: Arg[][] = [];
        for (let k = 0; k < 20; k++) {
          const i = (v * 7 + k) % K;
          v++;
          batch.push(['MSET', `a:${i}`, String(v), `b:${i}`, String(v)]);
        }
        await run(c, batch);
        writes += batch.length;
      }
      await c.close();
    };
    const writers = [writer(1), writer(2), writer(3)];
    await new Promise((r) => setTimeout(r, 200));
    expect(await setup.call('BGSAVE')).toEqual({ type: 'simple', value: 'Background saving started' });
    const before = writes;
    await waitFor('the dump', () => existsSync(path.join(dir, 'dump.rdb')), 60_000);
    stop = true;
    await Promise.all(writers);
    await setup.close();
    expect(writes - before, 'writes went on during the save').toBeGreaterThan(100);
    const entries = parseRdb(readFileSync(path.join(dir, 'dump.rdb'))).entries;
    const val = new Map(entries.map((e) => [e.key, e.value.k === 'string' ? e.value.v : '?']));
    expect(val.size).toBe(2 * K);
    const torn = Array.from({ length: K }, (_, i) => i).filter((i) => val.get(`a:${i}`) !== val.get(`b:${i}`));
    expect(torn).toEqual([]);
    await engine.stop();
  }, 120_000);

  it('inside MULTI is scheduled, then runs', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    const engine = await engineOver(dir, 2, ['--save', '']);
    servers.push(engine);
    const c = await RespClient.connect(engine.port);
    await run(c, [['SET', 'k', 'v']]);
    expect(await c.pipeline([['MULTI'], ['BGSAVE'], ['EXEC']])).toEqual([
      { type: 'simple', value: 'OK' },
      { type: 'simple', value: 'QUEUED' },
      { type: 'array', value: [{ type: 'simple', value: 'Background saving scheduled' }] },
    ]);
    await waitFor('the scheduled save', () => existsSync(path.join(dir, 'dump.rdb')));
    expect(parseRdb(readFileSync(path.join(dir, 'dump.rdb'))).entries.map((e) => e.key)).toEqual(['k']);
    await c.close();
    await engine.stop();
  });

  it('refuses arguments other than SCHEDULE', async () => {
    const dir = dirWithDump(null);
    dirs.push(dir);
    const engine = await engineOver(dir, 1, ['--save', '']);
    servers.push(engine);
    const c = await RespClient.connect(engine.port);
    expect(await c.call('BGSAVE', 'NOW')).toEqual({ type: 'error', value: 'ERR syntax error' });
    expect(await c.call('BGSAVE', 'SCHEDULE', 'x')).toEqual({ type: 'error', value: 'ERR syntax error' });
    expect(await c.call('BGSAVE', 'schedule')).toEqual({ type: 'simple', value: 'Background saving started' });
    await c.close();
    await engine.stop();
  });
});
