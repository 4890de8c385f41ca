// Pub/Sub across worker threads: with 4 shards, connections land on different workers
// (reusePort spreads them), yet every subscriber receives every message published from any other
// connection, in publish order; PUBLISH counts the receivers on all workers; pattern and shard
// channel subscriptions work the same way; unsubscribing and closing stop delivery; a subscriber
// that stops reading is disconnected at the pubsub output buffer limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RespClient, toPlain, type RespValue } from '../helpers/resp-client.ts';
import { startEngine, type ServerHandle } from '../helpers/servers.ts';

const SHARDS = 4;

function str(v: RespValue | undefined): string | null {
  if (v === undefined) return null;
  if (v.type === 'bulk') return v.value === null ? null : v.value.toString('latin1');
  if (v.type === 'simple') return v.value;
  return null;
}

/** The elements of a message frame (RESP2 array or RESP3 push) as strings. */
function frameParts(v: RespValue): string[] {
  if ((v.type === 'array' && v.value !== null) || v.type === 'push') return (v.value ?? []).map((x) => str(x) ?? String(toPlain(x)));
  throw new Error(`not a message frame: ${JSON.stringify(toPlain(v))}`);
}

/** Reads `n` frames from a client (each within the timeout). */
async function readFrames(c: RespClient, n: number, timeoutMs = 10_000): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < n; i++) out.push(frameParts(await c.readReply(timeoutMs)));
  return out;
}

/** Asserts nothing more arrived: a PING's reply is the next frame. */
async function expectNothingPending(c: RespClient, resp3: boolean): Promise<void> {
  const v = await c.call('PING', 'sync');
  if (resp3) expect(toPlain(v)).toBe('sync');
  else expect(toPlain(v)).toEqual(['pong', 'sync']);
}

async function connectMany(port: number, n: number, resp3 = (i: number) => i % 2 === 1): Promise<RespClient[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => RespClient.connect(port, { resp3: resp3(i) })));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe(`Pub/Sub across workers (shards=${SHARDS})`, () => {
  let engine: ServerHandle;
  let q: RespClient;
  beforeAll(async () => {
    engine = await startEngine({ shards: SHARDS });
    q = await RespClient.connect(engine.port);
  });
  afterAll(async () => {
    await q?.close();
    await engine?.stop();
  });

  async function numsub(ch: string): Promise<number> {
    return (toPlain(await q.call('PUBSUB', 'NUMSUB', ch)) as [string, number])[1];
  }

  async function settle(): Promise<void> {
    await until('all subscriptions to be gone', async () => {
      const [pat, chans, shard] = await q.pipeline([['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS'], ['PUBSUB', 'SHARDCHANNELS']]);
      return toPlain(pat!) === 0 && (toPlain(chans!) as string[]).length === 0 && (toPlain(shard!) as string[]).length === 0;
    });
  }

  it('every subscriber receives every message from every publisher, in publish order', async () => {
    const SUBS = 24;
    const PUBS = 3;
    const MSGS = 300;
    const subs = await connectMany(engine.port, SUBS);
    const withPattern = (i: number): boolean => i % 3 === 0;
    for (let i = 0; i < SUBS; i++) {
      expect(frameParts(await subs[i]!.call('SUBSCRIBE', 'fan'))).toEqual(['subscribe', 'fan', '1']);
      if (withPattern(i)) expect(frameParts(await subs[i]!.call('PSUBSCRIBE', 'f*'))).toEqual(['psubscribe', 'f*', '2']);
    }
    const receivers = SUBS + subs.filter((_, i) => withPattern(i)).length;
    expect(await numsub('fan')).toBe(SUBS);

    const pubs = await connectMany(engine.port, PUBS, () => false);
    const counts = await Promise.all(
      pubs.map((p, pi) => p.pipeline(Array.from({ length: MSGS }, (_, i) => ['PUBLISH', 'fan', `p${pi}:${i}`]))),
    );
    for (const replies of counts) for (const r of replies) expect(toPlain(r)).toBe(receivers);

    await Promise.all(
      subs.map(async (s, si) => {
        const perMsg = withPattern(si) ? 2 : 1;
        const frames = await readFrames(s, PUBS * MSGS * perMsg);
        const next = new Array<number>(PUBS).fill(0);
        for (let k = 0; k < frames.length; k += perMsg) {
          const m = frames[k]!;
          expect(m.slice(0, 2)).toEqual(['message', 'fan']);
          const [p, seq] = m[2]!.slice(1).split(':').map(Number) as [number, number];
          expect(seq).toBe(next[p]);
          next[p]!++;
          // the pattern copy of the same publish follows it at once
          if (perMsg === 2) expect(frames[k + 1]).toEqual(['pmessage', 'f*', 'fan', m[2]]);
        }
        expect(next).toEqual(new Array<number>(PUBS).fill(MSGS));
        await expectNothingPending(s, si % 2 === 1);
      }),
    );
    await Promise.all([...subs, ...pubs].map((c) => c.close()));
    await settle();
  });

  it('PUBLISH returns the number of subscribers on all workers; NUMSUB agrees', async () => {
    const subs = await connectMany(engine.port, 20);
    // channel ck has k subscribers: subs[0..k-1]
    for (let i = 0; i < subs.length; i++) {
      const chans = [];
      for (let k = i + 1; k <= subs.length; k++) chans.push(`c${k}`);
      const replies = await subs[i]!.pipeline([['SUBSCRIBE', ...chans]]);
      expect(frameParts(replies[0]!)[0]).toBe('subscribe');
      await readFrames(subs[i]!, chans.length - 1);
    }
    const pub = await RespClient.connect(engine.port);
    for (let k = 1; k <= subs.length; k++) {
      expect(toPlain(await pub.call('PUBLISH', `c${k}`, 'x'))).toBe(k);
      expect(await numsub(`c${k}`)).toBe(k);
    }
    const ns = toPlain(await q.call('PUBSUB', 'NUMSUB', 'c1', 'c20', 'none')) as (string | number)[];
    expect(ns).toEqual(['c1', 1, 'c20', 20, 'none', 0]);
    const chans = (toPlain(await q.call('PUBSUB', 'CHANNELS', 'c*')) as string[]).sort();
    expect(chans).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 1}`).sort());
    expect(toPlain(await q.call('PUBSUB', 'CHANNELS', 'c1?'))).toHaveLength(10);
    await Promise.all([...subs, pub].map((c) => c.close()));
    await settle();
  });

  it('pattern subscriptions on many workers; NUMPAT counts unique patterns', async () => {
    const subs = await connectMany(engine.port, 16);
    const patterns = ['news.*', 'news.sport', 'news.?port', '*', 'n*s.[st]*', 'other.*'];
    const mine = (i: number): string[] => [patterns[i % patterns.length]!, 'common*'];
    for (let i = 0; i < subs.length; i++) {
      await subs[i]!.pipeline([['PSUBSCRIBE', ...mine(i)]]);
      await readFrames(subs[i]!, 1);
    }
    expect(toPlain(await q.call('PUBSUB', 'NUMPAT'))).toBe(patterns.length + 1);
    expect(toPlain(await q.call('PUBSUB', 'NUMSUB', 'news.sport'))).toEqual(['news.sport', 0]);

    const pub = await RespClient.connect(engine.port);
    const matches = (pat: string, ch: string): boolean => new RegExp(`^${pat.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(ch);
    for (const ch of ['news.sport', 'news.weather', 'other.x', 'common', 'nothing']) {
      let expected = 0;
      for (let i = 0; i < subs.length; i++) for (const p of mine(i)) if (matches(p, ch)) expected++;
      expect(toPlain(await pub.call('PUBLISH', ch, `to ${ch}`)), ch).toBe(expected);
    }
    await Promise.all(
      subs.map(async (s, i) => {
        const want: string[][] = [];
        for (const ch of ['news.sport', 'news.weather', 'other.x', 'common', 'nothing']) {
          for (const p of mine(i)) if (matches(p, ch)) want.push(['pmessage', p, ch, `to ${ch}`]);
        }
        const got = await readFrames(s, want.length);
        // one publish's pmessages come in pattern-table order; publishes stay in order
        const key = (f: string[]): string => `${f[2]}|${f[1]}`;
        expect(got.map((f) => f[2])).toEqual(want.map((f) => f[2]));
        expect(got.map(key).sort()).toEqual(want.map(key).sort());
        await expectNothingPending(s, i % 2 === 1);
      }),
    );
    await Promise.all([...subs, pub].map((c) => c.close()));
    await settle();
  });

  it('SPUBLISH reaches shard channel subscribers on all workers, apart from channels', async () => {
    const subs = await connectMany(engine.port, 12);
    for (const s of subs) expect(frameParts(await s.call('SSUBSCRIBE', 'orders'))).toEqual(['ssubscribe', 'orders', '1']);
    const pub = await RespClient.connect(engine.port);
    expect(toPlain(await pub.call('SPUBLISH', 'orders', 'o1'))).toBe(12);
    expect(toPlain(await pub.call('PUBLISH', 'orders', 'not shard'))).toBe(0);
    expect(toPlain(await q.call('PUBSUB', 'SHARDNUMSUB', 'orders'))).toEqual(['orders', 12]);
    expect(toPlain(await q.call('PUBSUB', 'NUMSUB', 'orders'))).toEqual(['orders', 0]);
    expect(toPlain(await q.call('PUBSUB', 'SHARDCHANNELS'))).toEqual(['orders']);
    for (const s of subs) expect(await readFrames(s, 1)).toEqual([['smessage', 'orders', 'o1']]);
    for (const s of subs.slice(0, 5)) expect(frameParts(await s.call('SUNSUBSCRIBE'))).toEqual(['sunsubscribe', 'orders', '0']);
    expect(toPlain(await pub.call('SPUBLISH', 'orders', 'o2'))).toBe(7);
    await Promise.all([...subs, pub].map((c) => c.close()));
    await settle();
  });

  it('UNSUBSCRIBE and PUNSUBSCRIBE stop delivery', async () => {
    const subs = await connectMany(engine.port, 12);
    for (const s of subs) await s.pipeline([['SUBSCRIBE', 'u1', 'u2'], ['PSUBSCRIBE', 'u*']]);
    for (const s of subs) await readFrames(s, 1);
    const pub = await RespClient.connect(engine.port);
    expect(toPlain(await pub.call('PUBLISH', 'u1', 'a'))).toBe(24);
    for (const s of subs) expect(frameParts(await s.call('UNSUBSCRIBE', 'u1'))).toEqual(['message', 'u1', 'a']);
    // the UNSUBSCRIBE reply followed the message and the pmessage
    for (const s of subs) expect(await readFrames(s, 2)).toEqual([['pmessage', 'u*', 'u1', 'a'], ['unsubscribe', 'u1', '2']]);
    expect(toPlain(await pub.call('PUBLISH', 'u1', 'b'))).toBe(12);
    for (const s of subs) expect(frameParts(await s.call('PUNSUBSCRIBE'))).toEqual(['pmessage', 'u*', 'u1', 'b']);
    for (const s of subs) expect(await readFrames(s, 1)).toEqual([['punsubscribe', 'u*', '1']]);
    expect(toPlain(await pub.call('PUBLISH', 'u1', 'c'))).toBe(0);
    expect(toPlain(await pub.call('PUBLISH', 'u2', 'd'))).toBe(12);
    await Promise.all(subs.map(async (s, i) => {
      expect(await readFrames(s, 1)).toEqual([['message', 'u2', 'd']]);
      await expectNothingPending(s, i % 2 === 1);
    }));
    await Promise.all([...subs, pub].map((c) => c.close()));
    await settle();
  });

  it('subscribers closing while messages flow do not disturb publishers', async () => {
    const SUBS = 16;
    const subs = await connectMany(engine.port, SUBS);
    for (const s of subs) await s.call('SUBSCRIBE', 'churn');
    const pubs = await connectMany(engine.port, 2, () => false);
    const closer = (async () => {
      for (const s of subs) {
        await new Promise((r) => setTimeout(r, 3));
        await s.close();
      }
    })();
    const results = await Promise.all(
      pubs.map(async (p) => {
        const seen: number[] = [];
        for (let i = 0; i < 40; i++) {
          const replies = await p.pipeline(Array.from({ length: 25 }, () => ['PUBLISH', 'churn', 'x'.repeat(100)]));
          for (const r of replies) seen.push(toPlain(r) as number);
        }
        return seen;
      }),
    );
    await closer;
    for (const seen of results) {
      expect(seen).toHaveLength(1000);
      for (const n of seen) {
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThanOrEqual(SUBS);
      }
    }
    await until('closed subscribers to be dropped', async () => (await numsub('churn')) === 0);
    for (const p of pubs) {
      expect(toPlain(await p.call('PUBLISH', 'churn', 'y'))).toBe(0);
      expect(toPlain(await p.call('PING'))).toBe('PONG');
    }
    await Promise.all(pubs.map((c) => c.close()));
    await settle();
  });

  it('RESET drops the subscriptions of a connection on its worker', async () => {
    const subs = await connectMany(engine.port, 8);
    for (const s of subs) await s.pipeline([['SUBSCRIBE', 'r'], ['PSUBSCRIBE', 'r*']]);
    expect(toPlain(await q.call('PUBLISH', 'r', 'x'))).toBe(16);
    for (const s of subs) await readFrames(s, 2);
    for (const s of subs) expect(toPlain(await s.call('RESET'))).toBe('RESET');
    expect(toPlain(await q.call('PUBLISH', 'r', 'y'))).toBe(0);
    expect(toPlain(await q.call('PUBSUB', 'NUMPAT'))).toBe(0);
    for (const s of subs) expect(toPlain(await s.call('GET', 'nokey'))).toBeNull();
    await Promise.all(subs.map((c) => c.close()));
    await settle();
  });

  it('ioredis subscribers receive message, pmessage and smessage events', async () => {
    const subscribers = Array.from({ length: 8 }, () => new Redis(engine.port, '127.0.0.1', { lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0 }));
    const publisher = new Redis(engine.port, '127.0.0.1', { lazyConnect: true, enableReadyCheck: false });
    try {
      await Promise.all([...subscribers, publisher].map((r) => r.connect()));
      const got = subscribers.map(() => [] as string[]);
      subscribers.forEach((s, i) => {
        s.on('message', (ch: string, msg: string) => got[i]!.push(`m ${ch} ${msg}`));
        s.on('pmessage', (pat: string, ch: string, msg: string) => got[i]!.push(`p ${pat} ${ch} ${msg}`));
        s.on('smessage', (ch: string, msg: string) => got[i]!.push(`s ${ch} ${msg}`));
      });
      for (const s of subscribers) {
        expect(await s.subscribe('io1', 'io2')).toBe(2);
        expect(await s.psubscribe('io*')).toBe(3);
        expect(await s.ssubscribe('ios')).toBe(1);
      }
      const pipe = publisher.pipeline();
      for (let i = 0; i < 50; i++) pipe.publish(i % 2 === 0 ? 'io1' : 'io2', `v${i}`);
      pipe.spublish('ios', 'shard');
      const res = (await pipe.exec())!;
      for (let i = 0; i < 50; i++) expect(res[i]).toEqual([null, 16]);
      expect(res[50]).toEqual([null, 8]);
      await until('ioredis subscribers to get everything', async () => got.every((g) => g.length === 101));
      for (const g of got) {
        const want: string[] = [];
        for (let i = 0; i < 50; i++) {
          const ch = i % 2 === 0 ? 'io1' : 'io2';
          want.push(`m ${ch} v${i}`, `p io* ${ch} v${i}`);
        }
        want.push('s ios shard');
        expect(g).toEqual(want);
      }
      expect(await publisher.pubsub('NUMSUB', 'io1', 'io2')).toEqual(['io1', 8, 'io2', 8]);
      expect(await publisher.pubsub('NUMPAT')).toBe(1);
    } finally {
      for (const r of [...subscribers, publisher]) r.disconnect();
    }
    await settle();
  });

  it('a subscriber that stops reading is disconnected at the output buffer limit', async () => {
    const slow = await RespClient.connect(engine.port);
    const fast = await RespClient.connect(engine.port, { resp3: true });
    await slow.call('SUBSCRIBE', 'flood');
    await fast.call('SUBSCRIBE', 'flood');
    slow.socket.pause();
    const pub = await RespClient.connect(engine.port);
    const payload = Buffer.alloc(1024 * 1024, 'z');
    let dropped = false;
    let sent = 0;
    let fastGot = 0;
    for (let i = 0; i < 120 && !dropped; i++) {
      const n = toPlain(await pub.call('PUBLISH', 'flood', payload)) as number;
      sent++;
      if (n === 1) dropped = true;
      else expect(n).toBe(2);
      // the fast subscriber keeps up
      const f = await fast.readReply();
      expect(f.type).toBe('push');
      fastGot++;
    }
    expect(dropped).toBe(true);
    // ~32 MB in the server's buffer plus what the kernel buffers hold
    expect(sent).toBeGreaterThan(30);
    expect(fastGot).toBe(sent);
    slow.socket.resume();
    expect(await slow.waitClosed(5000)).toBe(true);
    expect(await numsub('flood')).toBe(1);
    expect(toPlain(await pub.call('PUBLISH', 'flood', 'small'))).toBe(1);
    await Promise.all([slow, fast, pub].map((c) => c.close()));
    await settle();
  });
});
