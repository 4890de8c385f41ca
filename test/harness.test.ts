// Self-tests of the test helpers in test/helpers/, run against the real
// redis-server only (never the engine): ports, server lifecycle and registry,
// the raw RESP2/RESP3 client and parser, toPlain, redis-cli wrapper, and the
// differential comparison (redis-server vs a second redis-server).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisCli } from './helpers/cli.ts';
import {
  DifferentialError,
  byCommand,
  compareWithRedis,
  diffReplies,
  differentialSuite,
  formatReply,
  ignoreReply,
  runScript,
  sortReply,
  type Script,
} from './helpers/differential.ts';
import { freePort } from './helpers/ports.ts';
import { RespClient, RespParser, RespProtocolError, encodeCommand, toPlain, type RespValue } from './helpers/resp-client.ts';
import { REPO_ROOT, engineNodeBinary, engineShardCounts, liveServers, startRedis, type ServerHandle } from './helpers/servers.ts';

const bulk = (s: string): RespValue => ({ type: 'bulk', value: Buffer.from(s, 'latin1') });
const int = (n: number): RespValue => ({ type: 'integer', value: BigInt(n) });

function parseAll(bytes: string | Buffer, chunkSize = 1): RespValue[] {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const p = new RespParser();
  const out: RespValue[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) out.push(...p.push(buf.subarray(i, i + chunkSize)));
  expect(p.idle).toBe(true);
  return out;
}

function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // a zombie still answers kill(0)
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return / Z /.test(stat.slice(stat.lastIndexOf(')')));
  } catch {
    return true;
  }
}

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe('ports', () => {
  it('freePort returns a bindable loopback port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  });
});

describe('RespParser', () => {
  it('parses every RESP2 type, byte by byte', () => {
    const wire = '+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhe\r\nl\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n';
    expect(parseAll(wire)).toEqual([
      { type: 'simple', value: 'OK' },
      { type: 'error', value: 'ERR bad thing' },
      int(-42),
      bulk('he\r\nl'),
      bulk(''),
      { type: 'bulk', value: null },
      { type: 'array', value: null },
      { type: 'array', value: [] },
      { type: 'array', value: [int(1), { type: 'array', value: [bulk('x')] }] },
    ]);
  });

  it('parses every RESP3 type, in odd chunk sizes', () => {
    const wire =
      '%2\r\n+a\r\n:1\r\n$1\r\nb\r\n~2\r\n:1\r\n:2\r\n' +
      '~0\r\n,3.5\r\n,inf\r\n_\r\n#t\r\n#f\r\n=15\r\ntxt:Some string\r\n(3492890328409238509324850943850943825024385\r\n' +
      '>2\r\n$7\r\nmessage\r\n$2\r\nhi\r\n|1\r\n+key\r\n+val\r\n*1\r\n:7\r\n!5\r\nERR x\r\n:99999999999999999\r\n';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(parseAll(wire, size)).toEqual([
        { type: 'map', value: [[{ type: 'simple', value: 'a' }, int(1)], [bulk('b'), { type: 'set', value: [int(1), int(2)] }]] },
        { type: 'set', value: [] },
        { type: 'double', value: '3.5' },
        { type: 'double', value: 'inf' },
        { type: 'null' },
        { type: 'bool', value: true },
        { type: 'bool', value: false },
        { type: 'verbatim', format: 'txt', value: Buffer.from('Some string') },
        { type: 'bignum', value: '3492890328409238509324850943850943825024385' },
        { type: 'push', value: [bulk('message'), bulk('hi')] },
        {
          type: 'attribute',
          attributes: [[{ type: 'simple', value: 'key' }, { type: 'simple', value: 'val' }]],
          value: { type: 'array', value: [int(7)] },
        },
        { type: 'blob_error', value: 'ERR x' },
        { type: 'integer', value: 99999999999999999n },
      ]);
    }
  });

  it('handles a large bulk split across many chunks', () => {
    const payload = Buffer.alloc(300_000, 0x61);
    const wire = Buffer.concat([Buffer.from(`$${payload.length}\r\n`), payload, Buffer.from('\r\n:1\r\n')]);
    const out = parseAll(wire, 4096);
    expect(out).toHaveLength(2);
    const first = out[0];
    expect(first?.type === 'bulk' && first.value?.equals(payload)).toBe(true);
  });

  it('rejects garbage with a protocol error', () => {
    expect(() => new RespParser().push(Buffer.from('?what\r\n'))).toThrow(RespProtocolError);
    expect(() => new RespParser().push(Buffer.from('$3\r\nabcXY'))).toThrow(RespProtocolError);
  });

  it('encodeCommand produces RESP bulk arrays', () => {
    expect(encodeCommand(['SET', 'k', 12, Buffer.from([0, 255])]).toString('latin1')).toBe(
      '*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n$2\r\n\x00\xff\r\n',
    );
  });
});

describe('toPlain', () => {
  it('converts replies to readable JSON-able values', () => {
    expect(toPlain({ type: 'simple', value: 'OK' })).toBe('OK');
    expect(toPlain({ type: 'error', value: 'ERR x' })).toEqual({ error: 'ERR x' });
    expect(toPlain(int(5))).toBe(5);
    expect(toPlain({ type: 'integer', value: 2n ** 62n })).toBe('4611686018427387904');
    expect(toPlain(bulk('\xe9'))).toBe('\xe9');
    expect(toPlain({ type: 'bulk', value: Buffer.from('é') }, { encoding: 'utf8' })).toBe('é');
    expect(toPlain({ type: 'bulk', value: null })).toBeNull();
    expect(toPlain({ type: 'array', value: null })).toBeNull();
    expect(toPlain({ type: 'array', value: [bulk('a'), int(1)] })).toEqual(['a', 1]);
    expect(toPlain({ type: 'map', value: [[bulk('f'), bulk('v')]] })).toEqual({ f: 'v' });
    expect(toPlain({ type: 'map', value: [[{ type: 'array', value: [] }, bulk('v')]] })).toEqual({ map: [[[], 'v']] });
    expect(toPlain({ type: 'set', value: [bulk('a')] })).toEqual(['a']);
    expect(toPlain({ type: 'double', value: '1.5' })).toBe(1.5);
    expect(toPlain({ type: 'double', value: '-inf' })).toBe('-inf');
    expect(toPlain({ type: 'null' })).toBeNull();
    expect(toPlain({ type: 'bool', value: true })).toBe(true);
    expect(toPlain({ type: 'verbatim', format: 'txt', value: Buffer.from('hi') })).toBe('hi');
    expect(toPlain({ type: 'push', value: [bulk('message')] })).toEqual({ push: ['message'] });
  });
});

describe('servers', () => {
  it('engineShardCounts defaults to [1, 4] and honours DCS_TEST_SHARDS', () => {
    const saved = process.env['DCS_TEST_SHARDS'];
    try {
      delete process.env['DCS_TEST_SHARDS'];
      expect(engineShardCounts()).toEqual([1, 4]);
      process.env['DCS_TEST_SHARDS'] = '1, 2';
      expect(engineShardCounts()).toEqual([1, 2]);
      process.env['DCS_TEST_SHARDS'] = 'x';
      expect(() => engineShardCounts()).toThrow(/DCS_TEST_SHARDS/);
    } finally {
      if (saved === undefined) delete process.env['DCS_TEST_SHARDS'];
      else process.env['DCS_TEST_SHARDS'] = saved;
    }
  });

  it('startRedis starts an isolated server and stop() ends it', async () => {
    const h = await startRedis({ args: ['--databases', '3'] });
    expect(h.kind).toBe('redis');
    expect(h.alive()).toBe(true);
    expect(liveServers()).toContain(h);
    const c = await RespClient.connect(h.port);
    expect(toPlain(await c.call('PING'))).toBe('PONG');
    expect(toPlain(await c.call('CONFIG', 'GET', 'databases'))).toEqual(['databases', '3']);
    expect(toPlain(await c.call('CONFIG', 'GET', 'save'))).toEqual(['save', '']);
    expect(toPlain(await c.call('CONFIG', 'GET', 'bind'))).toEqual(['bind', '127.0.0.1']);
    expect(toPlain(await c.call('CONFIG', 'GET', 'dir'))).toEqual(['dir', h.dir]);
    await c.close();
    expect(h.output()).toContain('Ready to accept connections');
    await h.stop();
    await h.stop(); // idempotent
    expect(h.alive()).toBe(false);
    expect(existsSync(h.dir)).toBe(false);
    expect(liveServers()).not.toContain(h);
    await expect(RespClient.connect(h.port, { connectTimeoutMs: 500 })).rejects.toThrow();
  });

  it('startRedis rejects with the server output when it cannot start', async () => {
    await expect(startRedis({ args: ['--no-such-option', 'x'] })).rejects.toThrow(/exited before becoming ready[\s\S]*no-such-option/i);
  });

  it('kills registered servers when the test process exits', async () => {
    // A child Node process starts redis-server through the helper and exits
    // without stopping it; the exit hook must take the server down.
    const script = [
      `import { startRedis } from ${JSON.stringify(path.join(REPO_ROOT, 'test/helpers/servers.ts'))};`,
      'const h = await startRedis();',
      'console.log(`PID ${h.pid}`);',
      "if (process.argv[2] === 'throw') throw new Error('boom');",
      'process.exit(0);',
    ].join('\n');
    for (const mode of ['exit', 'throw']) {
      const child = spawn(engineNodeBinary(), ['--input-type=module', '-e', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await new Promise<void>((resolve) => child.once('close', () => resolve()));
      const m = /PID (\d+)/.exec(out);
      expect(m, out).not.toBeNull();
      const pid = Number(m?.[1]);
      expect(await waitUntil(() => pidGone(pid), 3000)).toBe(true);
    }
  });
});

describe('RespClient against redis-server', () => {
  let redis: ServerHandle;
  beforeAll(async () => {
    redis = await startRedis({ args: ['--enable-debug-command', 'yes'] });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('speaks RESP2', async () => {
    const c = await RespClient.connect(redis.port);
    expect(await c.call('SET', 'k', 'v')).toEqual({ type: 'simple', value: 'OK' });
    expect(await c.call('GET', 'k')).toEqual(bulk('v'));
    expect(await c.call('GET', 'missing')).toEqual({ type: 'bulk', value: null });
    expect(await c.call('INCRBY', 'n', -5)).toEqual(int(-5));
    expect(await c.call('RPUSH', 'l', 'a', 'b')).toEqual(int(2));
    expect(await c.call('LRANGE', 'l', 0, -1)).toEqual({ type: 'array', value: [bulk('a'), bulk('b')] });
    expect(await c.call('BLPOP', 'nolist', '0.01')).toEqual({ type: 'array', value: null });
    const err = await c.call('NOSUCHCOMMAND', 'x');
    expect(err.type).toBe('error');
    expect(toPlain(err)).toEqual({ error: "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' " });
    expect(await c.call('HSET', 'h', 'f', 'v')).toEqual(int(1));
    expect(await c.call('HGETALL', 'h')).toEqual({ type: 'array', value: [bulk('f'), bulk('v')] });
    expect(await c.call('ZADD', 'z', '1.5', 'm')).toEqual(int(1));
    expect(await c.call('ZSCORE', 'z', 'm')).toEqual(bulk('1.5'));
    await c.close();
  });

  it('round-trips binary and large values', async () => {
    const c = await RespClient.connect(redis.port);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(toPlain(await c.call('SET', all, all))).toBe('OK');
    const got = await c.call('GET', all);
    expect(got.type === 'bulk' && got.value?.equals(all)).toBe(true);
    const big = Buffer.alloc(3 * 1024 * 1024, 'xyz');
    expect(toPlain(await c.call('SET', 'big', big))).toBe('OK');
    const back = await c.call('GET', 'big');
    expect(back.type === 'bulk' && back.value?.equals(big)).toBe(true);
    await c.close();
  });

  it('speaks RESP3 after HELLO 3, keeping every type distinct', async () => {
    const c = await RespClient.connect(redis.port);
    const hello = await c.call('HELLO', '3');
    expect(hello.type).toBe('map');
    expect(toPlain(hello)).toMatchObject({ server: 'redis', proto: 3 });
    await c.call('HSET', 'h3', 'f', 'v');
    await c.call('SADD', 's3', 'a');
    await c.call('ZADD', 'z3', '2.5', 'm');
    expect(await c.call('HGETALL', 'h3')).toEqual({ type: 'map', value: [[bulk('f'), bulk('v')]] });
    expect(await c.call('SMEMBERS', 's3')).toEqual({ type: 'set', value: [bulk('a')] });
    expect(await c.call('ZSCORE', 'z3', 'm')).toEqual({ type: 'double', value: '2.5' });
    expect(await c.call('GET', 'nothing')).toEqual({ type: 'null' });
    expect(await c.call('DEBUG', 'PROTOCOL', 'true')).toEqual({ type: 'bool', value: true });
    expect(await c.call('DEBUG', 'PROTOCOL', 'false')).toEqual({ type: 'bool', value: false });
    expect((await c.call('DEBUG', 'PROTOCOL', 'bignum')).type).toBe('bignum');
    const verb = await c.call('DEBUG', 'PROTOCOL', 'verbatim');
    expect(verb.type === 'verbatim' && verb.format).toBe('txt');
    const attrib = await c.call('DEBUG', 'PROTOCOL', 'attrib');
    expect(attrib.type).toBe('attribute');
    expect(toPlain(attrib)).toBe('Some real reply following the attribute');
    // DEBUG PROTOCOL push sends a push frame followed by the real reply
    expect((await c.call('DEBUG', 'PROTOCOL', 'push')).type).toBe('push');
    expect((await c.readReply()).type).toBe('bulk');
    await c.close();

    const c3 = await RespClient.connect(redis.port, { resp3: true });
    expect(await c3.call('DEBUG', 'PROTOCOL', 'null')).toEqual({ type: 'null' });
    await c3.close();
  });

  it('delivers RESP3 push messages in order', async () => {
    const sub = await RespClient.connect(redis.port, { resp3: true });
    const pub = await RespClient.connect(redis.port);
    expect(toPlain(await sub.call('SUBSCRIBE', 'ch'))).toEqual({ push: ['subscribe', 'ch', 1] });
    expect(await pub.call('PUBLISH', 'ch', 'hello')).toEqual(int(1));
    expect(await sub.readReply()).toEqual({ type: 'push', value: [bulk('message'), bulk('ch'), bulk('hello')] });
    await sub.close();
    await pub.close();
  });

  it('pipelines many commands in one write', async () => {
    const c = await RespClient.connect(redis.port);
    const cmds = Array.from({ length: 500 }, (_, i) => ['INCR', 'pipe'] as (string | number)[]).concat([['GET', 'pipe']]);
    const replies = await c.pipeline(cmds);
    expect(replies).toHaveLength(501);
    expect(replies[0]).toEqual(int(1));
    expect(replies[499]).toEqual(int(500));
    expect(replies[500]).toEqual(bulk('500'));
    await c.close();
  });

  it('sendRaw / readReply handle inline and split frames; readReply times out', async () => {
    const c = await RespClient.connect(redis.port);
    c.sendRaw('PING\r\n');
    expect(await c.readReply()).toEqual({ type: 'simple', value: 'PONG' });
    c.sendRaw('*3\r\n$3\r\nSET\r\n$2\r\nsp');
    await new Promise((r) => setTimeout(r, 30));
    c.sendRaw(Buffer.from('\r\n$3\r\nabc\r\n'));
    expect(await c.readReply()).toEqual({ type: 'simple', value: 'OK' });
    expect(toPlain(await c.call('GET', 'sp'))).toBe('abc');
    await expect(c.readReply(100)).rejects.toThrow(/no reply/);
    expect(toPlain(await c.call('PING'))).toBe('PONG');
    await c.close();
  });

  it('waitClosed reports whether the server closed the connection', async () => {
    const c = await RespClient.connect(redis.port);
    expect(await c.waitClosed(100)).toBe(false);
    expect(toPlain(await c.call('QUIT'))).toBe('OK');
    expect(await c.waitClosed(2000)).toBe(true);
    expect(c.closed).toBe(true);
    await expect(c.readReply(100)).rejects.toThrow(/closed/);

    // protocol errors from the server also close the connection
    const d = await RespClient.connect(redis.port);
    d.sendRaw('*1\r\n$abc\r\n');
    expect(toPlain(await d.readReply())).toEqual({ error: "ERR Protocol error: invalid bulk length" });
    expect(await d.waitClosed(2000)).toBe(true);
  });
});

describe('redisCli', () => {
  let redis: ServerHandle;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('runs commands from arguments and from stdin', async () => {
    expect(await redisCli(redis.port, ['PING'])).toMatchObject({ stdout: 'PONG\n', code: 0 });
    const r = await redisCli(redis.port, [], 'SET a 1\nINCR a\nGET a\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK\n2\n2\n');
    const x = await redisCli(redis.port, ['-x', 'SET', 'fromstdin'], 'payload');
    expect(x.stdout).toBe('OK\n');
    expect((await redisCli(redis.port, ['GET', 'fromstdin'])).stdout).toBe('payload\n');
  });
});

describe('differential comparison (redis-server vs a second redis-server)', () => {
  let a: ServerHandle;
  let b: ServerHandle;
  let odd: ServerHandle;
  beforeAll(async () => {
    [a, b, odd] = await Promise.all([
      startRedis(),
      startRedis(),
      // differs observably: small hashes are not listpack-encoded
      startRedis({ args: ['--hash-max-listpack-entries', '0'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), odd.stop()]);
  });

  const script: Script = [
    ['SET', 'k', 'v', 'EX', '100', 'NX'],
    ['SET', 'k', 'v2', 'NX'],
    ['TTL', 'k'],
    ['SADD', 's', 'a', 'b', 'c', 'd', 'e'],
    ['SMEMBERS', 's'],
    ['HSET', 'h', 'f', '1'],
    ['OBJECT', 'ENCODING', 'h'],
    ['INCR', 'k'],
    ['GET', 'nope'],
  ];

  it('runScript returns one reply per command', async () => {
    await runScript(a.port, [['FLUSHALL']]);
    const replies = await runScript(a.port, script);
    expect(replies.map((r) => toPlain(r))).toEqual([
      'OK',
      null,
      100,
      5,
      expect.any(Array),
      1,
      'listpack',
      { error: 'ERR value is not an integer or out of range' },
      null,
    ]);
  });

  it('identical servers compare equal (pipelined and RESP3 too)', async () => {
    for (const run of [{}, { pipeline: true }, { resp3: true }]) {
      await Promise.all([runScript(a.port, [['FLUSHALL']]), runScript(b.port, [['FLUSHALL']])]);
      await compareWithRedis(script, { redis: a, engine: b, unordered: [4], tolerance: { 2: 1 }, ...run });
    }
  });

  it('detects a mismatch and reports command, Redis reply and ours', async () => {
    await Promise.all([runScript(a.port, [['FLUSHALL']]), runScript(odd.port, [['FLUSHALL']])]);
    const err = await compareWithRedis(script, { redis: a, engine: odd, shards: 4, unordered: [4], tolerance: { 2: 1 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DifferentialError);
    const de = err as DifferentialError;
    expect(de.mismatches.map((m) => m.index)).toEqual([6]);
    expect(de.message).toContain('Differential mismatch (shards=4): 1 of 9 replies differ');
    expect(de.message).toMatch(/✗ #6 {2}OBJECT ENCODING h\n\s+redis\s*: \(bulk\) "listpack"\n\s+engine: \(bulk\) "hashtable"/);
    expect(de.message).toContain('✓ #0  SET k v EX 100 NX  ->  (simple) "OK"');
  });

  it('detects differences of type, error text and order', () => {
    const s: Script = [['X'], ['Y'], ['Z'], ['W']];
    const redisSide: RespValue[] = [
      { type: 'simple', value: 'OK' },
      { type: 'error', value: 'ERR a' },
      { type: 'array', value: [bulk('1'), bulk('2')] },
      int(10),
    ];
    const ours: RespValue[] = [
      bulk('OK'),
      { type: 'error', value: 'ERR b' },
      { type: 'array', value: [bulk('2'), bulk('1')] },
      int(9),
    ];
    expect(diffReplies(s, redisSide, ours).map((m) => m.index)).toEqual([0, 1, 2, 3]);
    expect(diffReplies(s, redisSide, ours, { unordered: true, tolerance: { 3: 1 } }).map((m) => m.index)).toEqual([0, 1]);
    expect(diffReplies(s, redisSide, ours, { ignore: [0, 1], unordered: [2], tolerance: { 3: 0 } }).map((m) => m.index)).toEqual([3]);
    const normalize = byCommand({ X: ignoreReply, y: () => ({ type: 'null' }), Z: sortReply, W: ignoreReply });
    expect(diffReplies(s, redisSide, ours, { normalize })).toEqual([]);
  });

  it('records a closed connection as a comparable reply', async () => {
    const closing: Script = [['PING'], ['QUIT'], ['PING']];
    const replies = await runScript(a.port, closing);
    expect(replies.map((r) => toPlain(r))).toEqual(['PONG', 'OK', { error: '[harness] connection closed before reply' }]);
    await compareWithRedis(closing, { redis: a, engine: b });
  });

  it('compares setup scripts too', async () => {
    await Promise.all([runScript(a.port, [['FLUSHALL']]), runScript(odd.port, [['FLUSHALL']])]);
    await expect(
      compareWithRedis([['PING']], { redis: a, engine: odd, setup: [['HSET', 'h', 'f', 'v'], ['OBJECT', 'ENCODING', 'h']] }),
    ).rejects.toThrow(/in setup[\s\S]*hashtable/);
  });

  it('formatReply renders nested replies readably', () => {
    const v: RespValue = {
      type: 'array',
      value: [bulk('a\n\x00'), { type: 'map', value: [[bulk('k'), int(1)]] }, { type: 'array', value: null }],
    };
    expect(formatReply(v)).toBe(
      ['(array, 3)', '  1) (bulk) "a\\n\\x00"', '  2) (map, 1)', '       1# (bulk) "k" => (integer) 1', '  3) (nil array)'].join('\n'),
    );
  });
});

// The suite helper itself, pointed at a second redis-server instead of the engine.
differentialSuite(
  'differentialSuite self-check',
  [
    { name: 'string basics', script: [['SET', 'k', 'v'], ['GET', 'k'], ['APPEND', 'k', 'x'], ['STRLEN', 'k']] },
    {
      name: 'state is flushed between cases',
      setup: async (client) => {
        const n = toPlain(await client.call('DBSIZE'));
        if (n !== 0) throw new Error(`expected an empty server before the case, DBSIZE=${String(n)}`);
      },
      script: [['DBSIZE'], ['EXISTS', 'k']],
    },
    { name: 'unordered replies', setup: [['SADD', 's', 'x', 'y', 'z']], script: [['SMEMBERS', 's'], ['KEYS', '*']], unordered: true },
    { name: 'TTL within tolerance', script: [['SET', 'k', 'v', 'EX', '50'], ['TTL', 'k'], ['PTTL', 'k']], tolerance: { 1: 1, 2: 1000 } },
    { name: 'RESP3 case', resp3: true, script: [['HSET', 'h', 'a', '1'], ['HGETALL', 'h'], ['GET', 'none']] },
    { name: 'volatile replies normalized', script: [['INFO', 'server'], ['PING']], normalize: byCommand({ INFO: ignoreReply }) },
    {
      name: 'a real mismatch fails (expected failure)',
      fails: true,
      script: [['HSET', 'h', 'f', 'v'], ['OBJECT', 'ENCODING', 'h']],
    },
  ],
  {
    shards: [1, 2],
    label: 'redis#2',
    // the "target" differs from the reference only in hash encoding, which
    // only the expected-failure case observes
    startTarget: () => startRedis({ args: ['--hash-max-listpack-entries', '0'] }),
  },
);
