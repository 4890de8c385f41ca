// Active expiry: keys whose TTL has passed disappear without any client touching them — DBSIZE
// (which counts keys not yet reclaimed, as Redis's does) drops by itself, on every shard and in
// every database. Runs with 1 and 4 shards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain, type Arg } from '../helpers/resp-client.ts';
import { startEngine, type ServerHandle } from '../helpers/servers.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitForDbsize(c: RespClient, want: number, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  let n = -1;
  while (Date.now() < end) {
    n = toPlain(await c.call('DBSIZE')) as number;
    if (n === want) return n;
    await sleep(50);
  }
  return n;
}

for (const shards of [1, 4]) {
  describe(`active expiry (shards=${shards})`, () => {
    let engine: ServerHandle;
    beforeAll(async () => {
      engine = await startEngine({ shards });
    });
    afterAll(async () => {
      await engine?.stop();
    });

    it('expired keys disappear by themselves: DBSIZE drops', async () => {
      const c = await RespClient.connect(engine.port);
      await c.call('FLUSHALL');
      for (const db of ['0', '2']) {
        await c.call('SELECT', db);
        const args: Arg[] = ['MSET'];
        for (let i = 0; i < 10; i++) args.push(`keep:${i}`, 'x');
        await c.call(...args);
        const batch: Arg[][] = [];
        for (let i = 0; i < 500; i++) batch.push(['SET', `tmp:${i}`, 'x', 'PX', '200']);
        for (let i = 0; i < 50; i++) batch.push(['SET', `later:${i}`, 'x']);
        for (let i = 0; i < 50; i++) batch.push(['PEXPIRE', `later:${i}`, '300']);
        await c.pipeline(batch);
        expect(toPlain(await c.call('DBSIZE'))).toBe(560);
      }
      await c.call('SELECT', '0');
      expect(await waitForDbsize(c, 10, 10000)).toBe(10);
      await c.call('SELECT', '2');
      expect(await waitForDbsize(c, 10, 10000)).toBe(10);
      expect(toPlain(await c.call('EXISTS', 'keep:0', 'tmp:0'))).toBe(1);
      await c.close();
    });
  });
}
