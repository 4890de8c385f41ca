// Fuzz: garbage, truncated and hostile input never crashes a worker or stalls other clients.
// A steady client keeps getting answers while hundreds of connections send random bytes and
// mutated RESP frames; afterwards the engine still serves every command correctly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain } from '../helpers/resp-client.ts';
import { startEngine, engineShardCounts, type ServerHandle } from '../helpers/servers.ts';

/** A small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n',
  '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n',
  '*3\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\nb\r\n',
  '*1\r\n$4\r\nPING\r\n',
  'PING\r\n',
  '*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n',
  '*1\r\n$5\r\nMULTI\r\n',
  '*1\r\n$4\r\nEXEC\r\n',
  '*3\r\n$4\r\nMGET\r\n$1\r\na\r\n$1\r\nb\r\n',
];

function mutate(r: () => number): Buffer {
  const kind = Math.floor(r() * 6);
  const pick = (): string => VALID[Math.floor(r() * VALID.length)];
  switch (kind) {
    case 0: {
      const b = Buffer.alloc(1 + Math.floor(r() * 512));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
      return b;
    }
    case 1: {
      const s = pick();
      return Buffer.from(s.slice(0, Math.floor(r() * s.length)), 'latin1');
    }
    case 2: {
      const b = Buffer.from(pick() + pick(), 'latin1');
      for (let n = 0; n < 3; n++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      return b;
    }
    case 3:
      return Buffer.from(`*${Math.floor(r() * 2 ** 31)}\r\n$${Math.floor(r() * 2 ** 31)}\r\n`, 'latin1');
    case 4:
      return Buffer.from('*2\r\n$3\r\nGET\r\n$' + String(Math.floor(r() * 1e9)) + '\r\nabc', 'latin1');
    default:
      return Buffer.from(pick().repeat(1 + Math.floor(r() * 50)), 'latin1');
  }
}

for (const shards of engineShardCounts()) {
  describe(`fuzzed input (shards=${shards})`, () => {
    let engine: ServerHandle;
    beforeAll(async () => {
      engine = await startEngine({ shards });
    });
    afterAll(async () => {
      await engine?.stop();
    });

    it('survives 300 hostile connections while a steady client keeps being served', async () => {
      const steady = await RespClient.connect(engine.port);
      let steadyOk = 0;
      let stop = false;
      const steadyLoop = (async () => {
        while (!stop) {
          const v = await steady.call('PING');
          expect(toPlain(v)).toBe('PONG');
          steadyOk++;
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const r = rng(12345 + shards);
      for (let batch = 0; batch < 30; batch++) {
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            const c = await RespClient.connect(engine.port);
            for (let n = 0; n < 1 + Math.floor(r() * 4); n++) c.sendRaw(mutate(r));
            await c.waitClosed(20);
            await c.close();
          }),
        );
      }
      stop = true;
      await steadyLoop;
      expect(steadyOk).toBeGreaterThan(10);
      await steady.close();
      expect(engine.alive()).toBe(true);

      const c = await RespClient.connect(engine.port);
      expect(toPlain(await c.call('SET', 'after-fuzz', 'ok'))).toBe('OK');
      expect(toPlain(await c.call('GET', 'after-fuzz'))).toBe('ok');
      await c.close();
    });
  });
}
