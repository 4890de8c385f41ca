// Cross-shard atomicity under concurrent load: MSET of two keys on different shards is never seen
// half-done by MGET, and concurrent INCRs lose nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain } from '../helpers/resp-client.ts';
import { startEngine, type ServerHandle } from '../helpers/servers.ts';
import { keySlot, slotTable } from '../../engine/slots.ts';

const SHARDS = 4;

/** Two keys whose slots belong to different shards. */
function keysOnDifferentShards(): [string, string] {
  const table = slotTable(SHARDS);
  const a = 'pair:a';
  for (let i = 0; ; i++) {
    const b = `pair:b${i}`;
    if (table[keySlot(b)] !== table[keySlot(a)]) return [a, b];
  }
}

describe(`cross-shard atomicity (shards=${SHARDS})`, () => {
  let engine: ServerHandle;
  beforeAll(async () => {
    engine = await startEngine({ shards: SHARDS });
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('readers never see two keys on different shards differ while writers MSET them together', async () => {
    const [ka, kb] = keysOnDifferentShards();
    const table = slotTable(SHARDS);
    expect(table[keySlot(ka)]).not.toBe(table[keySlot(kb)]);
    const setup = await RespClient.connect(engine.port);
    await setup.call('MSET', ka, 'init', kb, 'init');
    const writers = await Promise.all(Array.from({ length: 4 }, () => RespClient.connect(engine.port)));
    const readers = await Promise.all(Array.from({ length: 4 }, () => RespClient.connect(engine.port)));
    let mismatches = 0;
    let reads = 0;
    await Promise.all([
      ...writers.map(async (w, wi) => {
        for (let i = 0; i < 300; i++) {
          const v = `w${wi}-${i}`;
          // pipelines of several MSETs make the interleaving harder
          await w.pipeline([
            ['MSET', ka, v, kb, v],
            ['MSET', kb, `${v}x`, ka, `${v}x`],
          ]);
        }
      }),
      ...readers.map(async (r) => {
        for (let i = 0; i < 400; i++) {
          const res = toPlain(await r.call('MGET', ka, kb)) as string[];
          reads++;
          if (res[0] !== res[1]) mismatches++;
        }
      }),
    ]);
    expect(reads).toBe(1600);
    expect(mismatches).toBe(0);
    await Promise.all([...writers, ...readers, setup].map((c) => c.close()));
  });

  it('MULTI/EXEC over keys on different shards is isolated from concurrent readers', async () => {
    const [ka, kb] = keysOnDifferentShards();
    const w = await RespClient.connect(engine.port);
    const r = await RespClient.connect(engine.port);
    await w.call('MSET', ka, '0', kb, '0');
    let mismatches = 0;
    await Promise.all([
      (async () => {
        for (let i = 0; i < 200; i++) await w.pipeline([['MULTI'], ['INCR', ka], ['INCR', kb], ['EXEC']]);
      })(),
      (async () => {
        for (let i = 0; i < 300; i++) {
          const res = toPlain(await r.call('MGET', ka, kb)) as string[];
          if (res[0] !== res[1]) mismatches++;
        }
      })(),
    ]);
    expect(mismatches).toBe(0);
    expect(toPlain(await r.call('MGET', ka, kb))).toEqual(['200', '200']);
    await Promise.all([w.close(), r.close()]);
  });

  it('many clients INCR one key and no increment is lost', async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, () => RespClient.connect(engine.port)));
    await clients[0].call('DEL', 'counter');
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 50; i++) {
          await c.pipeline(Array.from({ length: 10 }, () => ['INCR', 'counter']));
        }
      }),
    );
    expect(toPlain(await clients[0].call('GET', 'counter'))).toBe('5000');
    await Promise.all(clients.map((c) => c.close()));
  });
});
