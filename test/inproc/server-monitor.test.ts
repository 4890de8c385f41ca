// MONITOR across worker threads: with 4 shards, monitors and clients land on different workers,
// yet every monitor sees every command of every connection, in each connection's order, in
// Redis's line format (quoting, redaction, hidden admin commands); when the last monitor leaves,
// nothing is fed any more and a new monitor starts from scratch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain, type Arg } from '../helpers/resp-client.ts';
import { startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';

const SHARDS = 4;
const LINE = /^(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$/;

async function monitor(port: number): Promise<RespClient> {
  const m = await RespClient.connect(port);
  expect(toPlain(await m.call('MONITOR'))).toBe('OK');
  return m;
}

/** Reads monitor lines until `pred` says stop (or fails after the timeout). */
async function readLines(m: RespClient, n: number, timeoutMs = 5000): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = await m.readReply(timeoutMs);
    if (v.type !== 'simple') throw new Error(`monitor sent ${JSON.stringify(toPlain(v))}`);
    out.push(v.value);
  }
  return out;
}

/** "[db addr] args" of a line, without the time and with the address masked. */
function shape(line: string): string {
  const m = LINE.exec(line);
  if (m === null) throw new Error(`not a monitor line: ${line}`);
  return `[${m[3]} ${m[4]!.replace(/^127\.0\.0\.1:\d+$/, '<addr>')}] ${m[5]}`;
}

describe(`MONITOR with ${SHARDS} shards`, () => {
  let engine: ServerHandle;
  let redis: ServerHandle;
  beforeAll(async () => {
    [engine, redis] = await Promise.all([startEngine({ shards: SHARDS }), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([engine?.stop(), redis?.stop()]);
  });

  it('every monitor sees the commands of connections on every worker, each connection in order', async () => {
    const monitors = await Promise.all([monitor(engine.port), monitor(engine.port), monitor(engine.port)]);
    const clients = await Promise.all(Array.from({ length: 8 }, () => RespClient.connect(engine.port)));
    try {
      const addrs: string[] = [];
      for (const c of clients) {
        const info = String(toPlain(await c.call('CLIENT', 'INFO')));
        addrs.push(/addr=(\S+)/.exec(info)![1]!);
      }
      // CLIENT INFO is not an admin command, so the monitors saw it: drain those lines first
      for (const m of monitors) await readLines(m, clients.length);
      await Promise.all(
        clients.map(async (c, i) => {
          await c.call('SET', `mon-${i}`, String(i));
          await c.call('GET', `mon-${i}`);
          await c.call('DEL', `mon-${i}`);
        }),
      );
      for (const m of monitors) {
        const lines = await readLines(m, clients.length * 3);
        for (let i = 0; i < clients.length; i++) {
          const mine = lines.filter((l) => l.includes(` ${addrs[i]}] `)).map((l) => LINE.exec(l)![5]);
          expect(mine).toEqual([`"SET" "mon-${i}" "${i}"`, `"GET" "mon-${i}"`, `"DEL" "mon-${i}"`]);
        }
        const times = lines.map((l) => Number(`${LINE.exec(l)![1]}.${LINE.exec(l)![2]}`));
        for (const t of times) expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
      }
    } finally {
      await Promise.all([...monitors, ...clients].map((c) => c.close()));
    }
  });

  it('lines are quoted, redacted and filtered exactly as by Redis', async () => {
    const script: Arg[][] = [
      ['SET', 'a b', 'x"\\y'],
      ['SET', Buffer.from([0x01, 0xff, 0x0a, 0x0d, 0x09, 0x07, 0x08]), 'v'],
      ['AUTH', 'secret'],
      ['AUTH', 'user', 'secret'],
      ['HELLO', '2', 'AUTH', 'default', 'secret'],
      ['SELECT', '3'],
      ['GET', 'x'],
      ['CONFIG', 'GET', 'hz'],
      ['CLIENT', 'LIST'],
      ['MULTI'],
      ['SET', 'in-multi', '1'],
      ['EXEC'],
      ['CLIENT', 'SETNAME', 'watched'],
      ['ECHO', 'tab\there'],
      ['SELECT', '0'],
      ['PING'],
    ];
    const run = async (port: number): Promise<string[]> => {
      const m = await monitor(port);
      const c = await RespClient.connect(port);
      try {
        for (const cmd of script) await c.call(...cmd);
        const lines = await readLines(m, 14);
        // nothing else pending: a marker command is the next line
        await c.call('ECHO', 'marker');
        expect(shape((await readLines(m, 1))[0]!)).toMatch(/"ECHO" "marker"$/);
        return lines.map(shape);
      } finally {
        await Promise.all([m.close(), c.close()]);
      }
    };
    const [r, e] = [await run(redis.port), await run(engine.port)];
    expect(e).toEqual(r);
  });

  it('after the last monitor leaves, commands run as before and a new monitor sees only new commands', async () => {
    const m1 = await monitor(engine.port);
    const c = await RespClient.connect(engine.port);
    try {
      await c.call('SET', 'before', '1');
      expect(shape((await readLines(m1, 1))[0]!)).toMatch(/"SET" "before" "1"$/);
      await m1.close();
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 20; i++) expect(toPlain(await c.call('SET', `unseen-${i}`, 'x'))).toBe('OK');
      const m2 = await monitor(engine.port);
      try {
        await c.call('SET', 'after', '1');
        expect(shape((await readLines(m2, 1))[0]!)).toMatch(/"SET" "after" "1"$/);
      } finally {
        await m2.close();
      }
    } finally {
      await Promise.all([m1.close(), c.close()]);
    }
  });

  it('a monitor listed by CLIENT LIST has the O flag; RESET ends monitoring', async () => {
    const m = await monitor(engine.port);
    const c = await RespClient.connect(engine.port);
    try {
      const list = String(toPlain(await c.call('CLIENT', 'LIST')));
      expect(list).toMatch(/ flags=O /);
      m.sendRaw('*1\r\n$5\r\nRESET\r\n');
      // the RESET line itself may be fed before RESET takes effect; then RESET's own reply
      let v = await m.readReply(2000);
      if (v.type === 'simple' && v.value !== 'RESET') v = await m.readReply(2000);
      expect(toPlain(v)).toBe('RESET');
      await c.call('SET', 'after-reset', '1');
      expect(toPlain(await m.call('PING'))).toBe('PONG');
    } finally {
      await Promise.all([m.close(), c.close()]);
    }
  });
});
