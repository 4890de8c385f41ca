// Server-wide commands on 4 shards: INFO sums every worker's counters and keys, DEBUG SLEEP stops
// every worker, MEMORY USAGE and DEBUG OBJECT find keys on any shard, SHUTDOWN stops the engine
// (exit code 0, the client sees the connection close), and redis-cli reads INFO, COMMAND DOCS and
// CLIENT LIST as it reads them from Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespClient, toPlain } from '../helpers/resp-client.ts';
import { redisCli } from '../helpers/cli.ts';
import { startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';

const SHARDS = 4;

async function connectMany(port: number, n: number): Promise<RespClient[]> {
  return Promise.all(Array.from({ length: n }, () => RespClient.connect(port)));
}

function infoField(info: unknown, name: string): string {
  const m = new RegExp(`\r\n${name}:([^\r]*)\r\n`).exec(String(info));
  if (m === null) throw new Error(`INFO has no ${name}`);
  return m[1]!;
}

describe(`server commands with ${SHARDS} shards`, () => {
  let engine: ServerHandle;
  let redis: ServerHandle;
  beforeAll(async () => {
    [engine, redis] = await Promise.all([
      startEngine({ shards: SHARDS, args: ['--enable-debug-command', 'yes'] }),
      startRedis({ args: ['--enable-debug-command', 'yes'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([engine?.stop(), redis?.stop()]);
  });

  it('INFO sums keys, commands and connections of every worker', async () => {
    const cs = await connectMany(engine.port, 8);
    try {
      await cs[0]!.call('FLUSHALL');
      await cs[0]!.call('CONFIG', 'RESETSTAT');
      await Promise.all(
        cs.map(async (c, i) => {
          for (let k = 0; k < 25; k++) await c.call('SET', `info-${i}-${k}`, 'v');
          for (let k = 0; k < 25; k++) await c.call('GET', `info-${i}-${k}`);
          await c.call('SET', `ttl-${i}`, 'v', 'EX', '1000');
        }),
      );
      await cs[1]!.call('SELECT', '5');
      await cs[1]!.call('SET', 'db5-key', 'v');
      const info = String(toPlain(await cs[2]!.call('INFO', 'everything')));
      expect(info).toMatch(/\r\ndb0:keys=208,expires=8,avg_ttl=\d+\r\n/);
      expect(info).toMatch(/\r\ndb5:keys=1,expires=0,avg_ttl=0\r\n/);
      expect(info).toMatch(/\r\ncmdstat_get:calls=200,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n/);
      expect(info).toMatch(/\r\ncmdstat_set:calls=209,/);
      expect(infoField(info, 'keyspace_hits')).toBe('200');
      expect(Number(infoField(info, 'connected_clients'))).toBeGreaterThanOrEqual(8);
      const avgTtl = Number(/db0:keys=208,expires=8,avg_ttl=(\d+)/.exec(info)![1]);
      expect(avgTtl).toBeGreaterThan(900_000);
      expect(avgTtl).toBeLessThanOrEqual(1_000_000);
      expect(Number(infoField(info, 'used_memory'))).toBeGreaterThan(0);
      expect(infoField(info, 'used_memory_human')).toMatch(/^\d+(\.\d\d[KMGTP])?B?$/);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('DEBUG SLEEP stops every worker, not only the caller', async () => {
    const cs = await connectMany(engine.port, 9);
    try {
      const t0 = Date.now();
      const sleeping = cs[0]!.call('DEBUG', 'SLEEP', '0.6');
      await new Promise((r) => setTimeout(r, 100));
      const pings = await Promise.all(cs.slice(1).map(async (c) => {
        await c.call('PING');
        return Date.now() - t0;
      }));
      expect(toPlain(await sleeping)).toBe('OK');
      for (const t of pings) expect(t).toBeGreaterThanOrEqual(500);
    } finally {
      await Promise.all(cs.map((c) => c.close()));
    }
  });

  it('MEMORY USAGE and DEBUG OBJECT find keys on every shard', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      for (let i = 0; i < 16; i++) {
        const key = `mem-${i}`;
        await c.call('SET', key, 'x'.repeat(10 + i));
        const small = Number(toPlain(await c.call('MEMORY', 'USAGE', key)));
        expect(small).toBeGreaterThan(10 + i);
        await c.call('SET', key, 'x'.repeat(10_000));
        expect(Number(toPlain(await c.call('MEMORY', 'USAGE', key, 'SAMPLES', '5')))).toBeGreaterThan(10_000);
        expect(String(toPlain(await c.call('DEBUG', 'OBJECT', key)))).toMatch(/^Value at:0x[0-9a-f]+ refcount:1 encoding:raw serializedlength:\d+ lru:\d+ lru_seconds_idle:\d+$/);
        expect(toPlain(await c.call('MEMORY', 'USAGE', `missing-${i}`))).toBe(null);
      }
      // inside a transaction spanning every shard
      await c.call('MULTI');
      for (let i = 0; i < 4; i++) await c.call('DEBUG', 'OBJECT', `mem-${i}`);
      await c.call('GET', 'mem-5');
      const r = toPlain(await c.call('EXEC')) as string[];
      expect(r).toHaveLength(5);
      for (let i = 0; i < 4; i++) expect(r[i]).toMatch(/^Value at:/);
    } finally {
      await c.close();
    }
  });

  it('COMMAND without a subcommand lists every command', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      const count = toPlain(await c.call('COMMAND', 'COUNT'));
      const all = toPlain(await c.call('COMMAND'));
      expect(Array.isArray(all) ? all.length : all).toBe(count);
    } finally {
      await c.close();
    }
  });

  it('connection-level commands are timed in commandstats and enter the slowlog', async () => {
    const c = await RespClient.connect(engine.port);
    try {
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
      await c.call('SLOWLOG', 'RESET');
      await c.call('DEBUG', 'SLEEP', '0.01');
      const entries = toPlain(await c.call('SLOWLOG', 'GET')) as [number, number, number, string[]][];
      expect(entries.some((e) => e[3][0] === 'DEBUG')).toBe(true);
      const info = String(toPlain(await c.call('INFO', 'commandstats')));
      expect(Number(/cmdstat_debug:calls=\d+,usec=(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(10_000);
    } finally {
      await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
      await c.close();
    }
  });

  it('redis-cli prints INFO keyspace, COMMAND DOCS and CLIENT LIST as for Redis', async () => {
    const setup = async (port: number): Promise<void> => {
      const c = await RespClient.connect(port);
      await c.call('FLUSHALL');
      await c.call('MSET', 'a', '1', 'b', '2', 'c', '3');
      await c.call('SELECT', '2');
      await c.call('SET', 'x', '1');
      await c.close();
    };
    await Promise.all([setup(redis.port), setup(engine.port)]);
    for (const args of [['info', 'keyspace'], ['command', 'docs', 'get'], ['command', 'info', 'set'], ['config', 'get', 'maxmemory']]) {
      const [r, e] = await Promise.all([redisCli(redis.port, args), redisCli(engine.port, args)]);
      expect(e.code).toBe(0);
      expect(e.stdout, args.join(' ')).toBe(r.stdout);
    }
    // the same through redis-cli's stdin, one command per line
    const input = 'info keyspace\ncommand docs get\nclient setname cli\nclient getname\n';
    const [r, e] = await Promise.all([redisCli(redis.port, [], input), redisCli(engine.port, [], input)]);
    expect(e.stdout).toBe(r.stdout);
    const list = await redisCli(engine.port, ['client', 'list']);
    expect(list.stdout).toMatch(
      /^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=-?\d+ name= age=\d+ idle=\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+ obl=0 oll=\d+ omem=\d+ tot-mem=\d+ events=rw? cmd=client\|list user=default redir=-1 resp=2$/m,
    );
  });
});

describe('SHUTDOWN', () => {
  for (const args of [[], ['NOSAVE'], ['NOW', 'FORCE']]) {
    it(`SHUTDOWN ${args.join(' ') || '(no arguments)'} stops the engine with exit code 0; the client sees the connection close`, async () => {
      const engine = await startEngine({ shards: SHARDS });
      try {
        const others = await connectMany(engine.port, 4);
        const c = await RespClient.connect(engine.port);
        const exited = new Promise<number | null>((resolve) => engine.proc.once('exit', (code) => resolve(code)));
        c.sendRaw(`*${args.length + 1}\r\n$8\r\nSHUTDOWN\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`);
        expect(await c.waitClosed(10_000)).toBe(true);
        expect(c.buffered).toBe(0);
        for (const o of others) expect(await o.waitClosed(10_000)).toBe(true);
        expect(await exited).toBe(0);
        await Promise.all([c.close(), ...others.map((o) => o.close())]);
      } finally {
        await engine.stop();
      }
    });
  }
});
