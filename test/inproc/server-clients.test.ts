// CLIENT across worker threads: with 4 shards, connections land on different workers (reusePort
// spreads them), yet CLIENT LIST shows every connection of every worker, CLIENT KILL closes a
// connection wherever it lives, CLIENT PAUSE WRITE holds the writes of every connection until
// CLIENT UNPAUSE (or the timeout) while reads go on, and CLIENT REPLY OFF/SKIP/ON suppress
// replies exactly as Redis does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain, type RespValue } from '../helpers/resp-client.ts';
import { startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';

const SHARDS = 4;
const N = 12;

function str(v: RespValue): string {
  if (v.type === 'bulk' || v.type === 'verbatim') return v.value === null ? '' : v.value.toString('latin1');
  if (v.type === 'simple' || v.type === 'error') return v.value;
  return JSON.stringify(toPlain(v));
}

function fields(line: string): Map<string, string> {
  return new Map(line.split(' ').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as [string, string]));
}

async function connectMany(port: number, n: number): Promise<RespClient[]> {
  return Promise.all(Array.from({ length: n }, () => RespClient.connect(port)));
}

/** Sends raw bytes and returns everything the server sent back within `ms`. */
async function transcript(port: number, raw: string, ms = 300): Promise<string> {
  const c = await RespClient.connect(port);
  const chunks: Buffer[] = [];
  c.socket.on('data', (b: Buffer) => chunks.push(b));
  c.sendRaw(raw);
  await new Promise((r) => setTimeout(r, ms));
  await c.close();
  return Buffer.concat(chunks).toString('latin1');
}

function cmd(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

describe(`CLIENT with ${SHARDS} shards`, () => {
  let engine: ServerHandle;
  let redis: ServerHandle;
  beforeAll(async () => {
    [engine, redis] = await Promise.all([startEngine({ shards: SHARDS }), startRedis()]);
  });
  afterAll(async () => {
    await Promise.all([engine?.stop(), redis?.stop()]);
  });

  it('CLIENT LIST shows the connections of every worker, by id, with their names and databases', async () => {
    const cs = await connectMany(engine.port, N);
    try {
      const ids: number[] = [];
      for (let i = 0; i < N; i++) {
        ids.push(Number(toPlain(await cs[i]!.call('CLIENT', 'ID'))));
        expect(toPlain(await cs[i]!.call('CLIENT', 'SETNAME', `conn-${i}`))).toBe('OK');
        expect(toPlain(await cs[i]!.call('SELECT', String(i % 16)))).toBe('OK');
      }
      const list = str(await cs[0]!.call('CLIENT', 'LIST'));
      expect(list.endsWith('\n')).toBe(true);
      const lines = list.split('\n').filter((l) => l !== '');
      const byId = new Map(lines.map((l) => [Number(fields(l).get('id')), fields(l)]));
      for (let i = 0; i < N; i++) {
        const f = byId.get(ids[i]!);
        expect(f, `connection ${ids[i]} missing from CLIENT LIST`).toBeDefined();
        expect(f!.get('name')).toBe(`conn-${i}`);
        expect(f!.get('db')).toBe(String(i % 16));
      }
      const listed = lines.map((l) => Number(fields(l).get('id')));
      expect(listed).toEqual([...listed].sort((a, b) => a - b));
      // the caller's own line shows the command it runs
      expect(byId.get(ids[0]!)!.get('cmd')).toBe('client|list');
      // CLIENT LIST ID picks connections of any worker, in the order asked
      const picked = str(await cs[1]!.call('CLIENT', 'LIST', 'ID', String(ids[5]), String(ids[2]), '999999'));
      expect(picked.split('\n').filter((l) => l !== '').map((l) => Number(fields(l).get('id')))).toEqual([ids[5], ids[2]]);
      // connected_clients counts every worker's connections
      const info = str(await cs[3]!.call('INFO', 'clients'));
      expect(Number(/connected_clients:(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(N);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT LIST TYPE pubsub lists the subscribers of every worker', async () => {
    const cs = await connectMany(engine.port, 6);
    try {
      const subIds: number[] = [];
      for (let i = 0; i < 3; i++) {
        subIds.push(Number(toPlain(await cs[i]!.call('CLIENT', 'ID'))));
        await cs[i]!.call('SUBSCRIBE', `ch-${i}`);
      }
      const list = str(await cs[5]!.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
      const lines = list.split('\n').filter((l) => l !== '');
      expect(lines.map((l) => Number(fields(l).get('id'))).sort()).toEqual([...subIds].sort());
      for (const l of lines) {
        expect(fields(l).get('flags')).toBe('P');
        expect(fields(l).get('sub')).toBe('1');
      }
      const normal = str(await cs[5]!.call('CLIENT', 'LIST', 'TYPE', 'normal'));
      for (const id of subIds) expect(normal).not.toContain(`id=${id} `);
      // CLIENT KILL TYPE pubsub closes them all, wherever they are
      expect(toPlain(await cs[5]!.call('CLIENT', 'KILL', 'TYPE', 'pubsub'))).toBe(3);
      for (let i = 0; i < 3; i++) expect(await cs[i]!.waitClosed(2000)).toBe(true);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT KILL ID closes a connection on any worker; the others stay', async () => {
    const cs = await connectMany(engine.port, N);
    try {
      const ids = await Promise.all(cs.map(async (c) => Number(toPlain(await c.call('CLIENT', 'ID')))));
      for (let i = 1; i < N; i += 2) {
        expect(toPlain(await cs[0]!.call('CLIENT', 'KILL', 'ID', String(ids[i])))).toBe(1);
        expect(await cs[i]!.waitClosed(2000), `connection ${ids[i]} not closed`).toBe(true);
      }
      for (let i = 2; i < N; i += 2) expect(toPlain(await cs[i]!.call('PING'))).toBe('PONG');
      const list = str(await cs[0]!.call('CLIENT', 'LIST'));
      for (let i = 1; i < N; i += 2) expect(list).not.toContain(`id=${ids[i]} `);
      // killing a connection that is gone finds nothing
      expect(toPlain(await cs[0]!.call('CLIENT', 'KILL', 'ID', String(ids[1])))).toBe(0);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT KILL ADDR (old and new form) and SKIPME', async () => {
    const cs = await connectMany(engine.port, 6);
    try {
      const addrs: string[] = [];
      for (const c of cs) addrs.push(fields(str(await c.call('CLIENT', 'INFO')).trim()).get('addr')!);
      expect(toPlain(await cs[0]!.call('CLIENT', 'KILL', addrs[1]!))).toBe('OK');
      expect(await cs[1]!.waitClosed(2000)).toBe(true);
      expect(toPlain(await cs[0]!.call('CLIENT', 'KILL', 'ADDR', addrs[2]!))).toBe(1);
      expect(await cs[2]!.waitClosed(2000)).toBe(true);
      // SKIPME yes (the default) spares the caller even when it matches
      expect(toPlain(await cs[3]!.call('CLIENT', 'KILL', 'ADDR', addrs[3]!))).toBe(0);
      expect(toPlain(await cs[3]!.call('PING'))).toBe('PONG');
      // SKIPME no: the caller gets its reply, then its connection closes
      expect(toPlain(await cs[3]!.call('CLIENT', 'KILL', 'ADDR', addrs[3]!, 'SKIPME', 'no'))).toBe(1);
      expect(await cs[3]!.waitClosed(2000)).toBe(true);
      expect(toPlain(await cs[4]!.call('PING'))).toBe('PONG');
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT PAUSE WRITE holds the writes of every connection until CLIENT UNPAUSE; reads go on', async () => {
    const cs = await connectMany(engine.port, N);
    try {
      expect(toPlain(await cs[0]!.call('CLIENT', 'PAUSE', '20000', 'WRITE'))).toBe('OK');
      const writers = cs.slice(1, 7);
      const readers = cs.slice(7);
      const done: boolean[] = writers.map(() => false);
      const writes = writers.map((c, i) =>
        c.call('SET', `paused-${i}`, 'v').then((r) => {
          done[i] = true;
          return r;
        }),
      );
      for (const r of readers) expect(toPlain(await r.call('GET', 'paused-0'))).toBe(null);
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toEqual(writers.map(() => false));
      expect(toPlain(await cs[0]!.call('CLIENT', 'UNPAUSE'))).toBe('OK');
      for (const r of await Promise.all(writes)) expect(toPlain(r)).toBe('OK');
      for (let i = 0; i < writers.length; i++) expect(toPlain(await readers[0]!.call('GET', `paused-${i}`))).toBe('v');
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT PAUSE ends by itself after its timeout', async () => {
    const cs = await connectMany(engine.port, 4);
    try {
      const t0 = Date.now();
      expect(toPlain(await cs[0]!.call('CLIENT', 'PAUSE', '400', 'WRITE'))).toBe('OK');
      const replies = await Promise.all(cs.slice(1).map((c, i) => c.call('INCR', `counter-${i}`)));
      const elapsed = Date.now() - t0;
      for (const r of replies) expect(toPlain(r)).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(350);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('CLIENT PAUSE ALL holds every command of every connection', async () => {
    const cs = await connectMany(engine.port, 5);
    try {
      const t0 = Date.now();
      expect(toPlain(await cs[0]!.call('CLIENT', 'PAUSE', '400', 'ALL'))).toBe('OK');
      const replies = await Promise.all(cs.slice(1).map((c) => c.call('PING')));
      for (const r of replies) expect(toPlain(r)).toBe('PONG');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  const replyCases: [string, string, boolean][] = [
    ['SKIP suppresses the next reply only', cmd('CLIENT', 'REPLY', 'SKIP') + cmd('SET', 'r', '1') + cmd('GET', 'r'), false],
    [
      'OFF suppresses every reply until ON',
      cmd('CLIENT', 'REPLY', 'OFF') + cmd('SET', 'r', '2') + cmd('GET', 'r') + cmd('CLIENT', 'REPLY', 'ON') + cmd('GET', 'r'),
      false,
    ],
    [
      'SKIP while OFF changes nothing',
      cmd('CLIENT', 'REPLY', 'OFF') + cmd('CLIENT', 'REPLY', 'SKIP') + cmd('PING') + cmd('CLIENT', 'REPLY', 'ON') + cmd('PING'),
      false,
    ],
    [
      'errors of commands that run are suppressed while OFF',
      cmd('CLIENT', 'REPLY', 'OFF') + cmd('SET', 'k', 'v') + cmd('INCR', 'k') + cmd('CLIENT', 'REPLY', 'ON') + cmd('ECHO', 'back'),
      false,
    ],
    [
      'refused commands are suppressed too while OFF',
      cmd('CLIENT', 'REPLY', 'OFF') + cmd('NOSUCHCOMMAND') + cmd('GET') + cmd('CLIENT', 'REPLY', 'ON') + cmd('ECHO', 'back'),
      false,
    ],
    [
      'SKIP twice: the second SKIP is skipped and skips the next reply',
      cmd('CLIENT', 'REPLY', 'SKIP') + cmd('CLIENT', 'REPLY', 'SKIP') + cmd('PING') + cmd('ECHO', 'x'),
      false,
    ],
  ];
  for (const [name, raw, knownGap] of replyCases) {
    (knownGap ? it.fails : it)(`CLIENT REPLY: ${name} (bytes as Redis sends them)`, async () => {
      const [r, e] = await Promise.all([transcript(redis.port, raw), transcript(engine.port, raw)]);
      expect(e).toBe(r);
    });
  }
});
