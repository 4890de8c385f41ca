// Test helper for the persistence tests: the every-type dataset script, a canonical dump of a
// server's whole keyspace (type, encoding, absolute expiry, value) for comparing two servers,
// starting servers over a prepared dump file, and polling.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RespClient, type Arg, type RespValue } from '../helpers/resp-client.ts';
import { startEngine, startRedis, type ServerHandle } from '../helpers/servers.ts';
import { RdbOut, OP } from '../../engine/persist/rdb-format.ts';
import { Crc64 } from '../../engine/persist/crc64.ts';

/** A deterministic pseudo-random byte source (xorshift32). */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function randomBytes(n: number, seed: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r() & 0xff;
  return b;
}

/** Text that LZF compresses well (repeated words with variations). */
export function compressible(n: number, seed: number): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  const r = prng(seed);
  let s = '';
  while (s.length < n) s += words[r() % words.length] + (r() % 7 === 0 ? String(r() % 100) : '') + ' ';
  return s.slice(0, n);
}

const FAR = 4_000_000_000_000; // ms epoch, year 2096: never expires during a test

/**
 * Commands building a dataset with every type and every encoding Redis 7.0 writes: int, embstr
 * and raw strings (short, LZF-compressible, incompressible, binary, 1 MiB), quicklists of one and
 * many nodes, intsets of 16/32/64-bit members and hashtable sets, listpack and hashtable hashes,
 * listpack and skiplist sorted sets with special scores, expiries, and keys in several databases.
 */
export function datasetScript(): Arg[][] {
  const c: Arg[][] = [];
  c.push(['SELECT', 0]);
  c.push(['SET', 'str:int', '12345']);
  c.push(['SET', 'str:neg', '-7']);
  c.push(['SET', 'str:i32max', '2147483647']);
  c.push(['SET', 'str:i32over', '2147483648']);
  c.push(['SET', 'str:i64max', '9223372036854775807']);
  c.push(['SET', 'str:leading0', '0123']);
  c.push(['SET', 'str:embstr', 'hello world']);
  c.push(['SET', 'str:empty', '']);
  c.push(['SET', 'str:21', 'abcdefghijabcdefghijx']);
  c.push(['SET', 'str:compressible', compressible(300, 1)]);
  c.push(['SET', 'str:random', randomBytes(500, 2)]);
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  c.push(['SET', Buffer.from('str:binary\x00\xff', 'latin1'), all]);
  c.push(['SET', 'str:large', compressible(1 << 20, 3)]);
  c.push(['SET', 'str:largerandom', randomBytes(200_000, 4)]);
  c.push(['SET', 'str:appended', 'abc']);
  c.push(['APPEND', 'str:appended', compressible(50, 5)]);
  c.push(['SET', 'str:ttl', 'expiring', 'PXAT', FAR]);
  c.push(['SET', compressible(40, 6), 'a long key name that LZF compresses']);
  c.push(['SET', '12345', 'an integer-looking key']);
  c.push(['RPUSH', 'list:small', 'a', 'b', 'c', '1', '2', '-3', '300000', '9223372036854775807', '']);
  c.push(['RPUSH', 'list:ints', ...Array.from({ length: 2000 }, (_, i) => String(i * 37 - 5000))]);
  const r = prng(7);
  c.push(['RPUSH', 'list:mixed', ...Array.from({ length: 700 }, (_, i) => (i % 50 === 0 ? compressible(9000, i) : 'x'.repeat(r() % 200)))]);
  c.push(['RPUSH', 'list:binary', randomBytes(30, 8), randomBytes(70, 9), randomBytes(5000, 10)]);
  c.push(['LPUSH', 'list:ttl', 'one']);
  c.push(['PEXPIREAT', 'list:ttl', FAR + 1]);
  c.push(['SADD', 'set:int16', '1', '2', '3', '-5', '100']);
  c.push(['SADD', 'set:int32', '1', '70000', '-2000000000']);
  c.push(['SADD', 'set:int64', '9223372036854775807', '-9223372036854775808', '0']);
  c.push(['SADD', 'set:ht', 'a', 'b', 'c', '1']);
  c.push(['SADD', 'set:bigints', ...Array.from({ length: 600 }, (_, i) => String(i * 3))]);
  c.push(['SADD', 'set:strings', ...Array.from({ length: 300 }, (_, i) => `member:${i}`)]);
  c.push(['HSET', 'hash:lp', 'f1', 'v1', 'f2', '2', 'num', '-123456', 'empty', '', 'big', '9223372036854775807']);
  c.push(['HSET', 'hash:ht', ...Array.from({ length: 1200 }, (_, i) => (i % 2 === 0 ? `field:${i}` : `value:${i * 7}`))]);
  c.push(['HSET', 'hash:longvalue', 'f', compressible(100, 11), 'g', 'short']);
  c.push(['HSET', 'hash:ttl', 'a', '1']);
  c.push(['PEXPIREAT', 'hash:ttl', FAR + 2]);
  c.push(['HSET', 'hash:binary', randomBytes(10, 12), randomBytes(20, 13)]);
  c.push(['ZADD', 'zset:lp', '1', 'a', '2.5', 'b', '-3', 'c', '1e100', 'd', 'inf', 'e', '-inf', 'f', '0.1', 'g', '3.141592653589793', 'h', '4503599627370496', 'i', '-4503599627370495', 'j', '1e-300', 'k']);
  c.push(['ZADD', 'zset:same', '0', 'c', '0', 'a', '0', 'b']);
  c.push(['ZADD', 'zset:sl', ...Array.from({ length: 400 }, (_, i) => [String((i * 7919) % 1000 / 8), `m${i}`]).flat()]);
  c.push(['ZADD', 'zset:longmember', '1', compressible(100, 14), '2', 'x']);
  c.push(['ZADD', 'zset:ttl', '5', 'five']);
  c.push(['PEXPIREAT', 'zset:ttl', FAR + 3]);
  c.push(['SELECT', 1]);
  c.push(['SET', 'str:int', 'db1 value']);
  c.push(['RPUSH', 'list:small', 'db1']);
  c.push(['SET', 'db1:ttl', 'x', 'PXAT', FAR + 4]);
  c.push(['SELECT', 5]);
  c.push(['HSET', 'h5', 'a', 'b']);
  c.push(['SADD', 's5', '1']);
  c.push(['SELECT', 15]);
  c.push(['ZADD', 'z15', '1', 'one']);
  c.push(['SELECT', 0]);
  return c;
}

/** Runs commands, failing on any error reply. */
export async function run(client: RespClient, cmds: readonly (readonly Arg[])[]): Promise<void> {
  const replies = await client.pipeline(cmds);
  replies.forEach((r, i) => {
    if (r.type === 'error') throw new Error(`${String(cmds[i][0])} failed: ${r.value}`);
  });
}

function bulk(v: RespValue): string {
  if (v.type === 'bulk') return v.value === null ? '<nil>' : v.value.toString('latin1');
  if (v.type === 'simple') return v.value;
  if (v.type === 'integer') return String(v.value);
  if (v.type === 'error') throw new Error(v.value);
  throw new Error(`unexpected reply ${v.type}`);
}

function bulks(v: RespValue): string[] {
  if (v.type !== 'array' || v.value === null) throw new Error(`expected an array, got ${v.type}${v.type === 'error' ? ` ${v.value}` : ''}`);
  return v.value.map(bulk);
}

export interface KeyDump {
  type: string;
  encoding: string;
  /** PEXPIRETIME: -1 for none */
  expireAt: number;
  value: string | string[];
}

/** Every key of every database: db -> key -> dump. Set members and hash fields sorted. */
export async function dumpDataset(port: number, dbs = 16): Promise<Map<number, Map<string, KeyDump>>> {
  const c = await RespClient.connect(port, { timeoutMs: 30_000 });
  const out = new Map<number, Map<string, KeyDump>>();
  try {
    for (let db = 0; db < dbs; db++) {
      await c.call('SELECT', db);
      const keys = bulks(await c.call('KEYS', '*')).sort();
      if (keys.length === 0) continue;
      const m = new Map<string, KeyDump>();
      for (const key of keys) {
        const k = Buffer.from(key, 'latin1');
        const type = bulk(await c.call('TYPE', k));
        const encoding = bulk(await c.call('OBJECT', 'ENCODING', k));
        const exp = await c.call('PEXPIRETIME', k);
        const expireAt = exp.type === 'integer' ? Number(exp.value) : NaN;
        let value: string | string[];
        switch (type) {
          case 'string': value = bulk(await c.call('GET', k)); break;
          case 'list': value = bulks(await c.call('LRANGE', k, 0, -1)); break;
          case 'set': value = bulks(await c.call('SMEMBERS', k)).sort(); break;
          case 'hash': {
            const flat = bulks(await c.call('HGETALL', k));
            const pairs: string[] = [];
            for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`);
            value = pairs.sort();
            break;
          }
          case 'zset': value = bulks(await c.call('ZRANGE', k, 0, -1, 'WITHSCORES')); break;
          default: value = `<${type}>`;
        }
        m.set(key, { type, encoding, expireAt, value });
      }
      out.set(db, m);
    }
  } finally {
    await c.close();
  }
  return out;
}

/** A readable list of the differences between two dumps (empty when equal). */
export function diffDatasets(a: Map<number, Map<string, KeyDump>>, b: Map<number, Map<string, KeyDump>>, opts: { encodings?: boolean } = {}): string[] {
  const diffs: string[] = [];
  const dbs = new Set([...a.keys(), ...b.keys()]);
  const short = (v: unknown): string => {
    const s = JSON.stringify(v);
    return s.length > 200 ? `${s.slice(0, 200)}...` : s;
  };
  for (const db of [...dbs].sort((x, y) => x - y)) {
    const ma = a.get(db) ?? new Map<string, KeyDump>();
    const mb = b.get(db) ?? new Map<string, KeyDump>();
    for (const key of new Set([...ma.keys(), ...mb.keys()])) {
      const x = ma.get(key);
      const y = mb.get(key);
      const name = `db${db} ${short(key)}`;
      if (x === undefined || y === undefined) {
        diffs.push(`${name}: only in ${x === undefined ? 'second' : 'first'}`);
        continue;
      }
      if (x.type !== y.type) diffs.push(`${name}: type ${x.type} vs ${y.type}`);
      if (x.expireAt !== y.expireAt) diffs.push(`${name}: expire ${x.expireAt} vs ${y.expireAt}`);
      if (opts.encodings !== false && x.type !== 'string' && x.encoding !== y.encoding) diffs.push(`${name}: encoding ${x.encoding} vs ${y.encoding}`);
      if (JSON.stringify(x.value) !== JSON.stringify(y.value)) diffs.push(`${name}: value ${short(x.value)} vs ${short(y.value)}`);
    }
  }
  return diffs;
}

export function keyCount(d: Map<number, Map<string, KeyDump>>): number {
  let n = 0;
  for (const m of d.values()) n += m.size;
  return n;
}

/** A fresh temporary directory holding `dump.rdb` with the given bytes. */
export function dirWithDump(bytes: Buffer | null, name = 'dump.rdb'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dcs-persist-'));
  if (bytes !== null) writeFileSync(path.join(dir, name), bytes);
  return dir;
}

/** Our engine over `dir` (loading dir/dump.rdb if present). */
export function engineOver(dir: string, shards: number, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerHandle> {
  return startEngine({ shards, args: ['--dir', dir, '--enable-debug-command', 'yes', ...args], env, timeoutMs: 60_000 });
}

/** A real redis-server over `dir` (loading dir/dump.rdb if present). */
export function redisOver(dir: string, args: string[] = []): Promise<ServerHandle> {
  return startRedis({ args: ['--dir', dir, '--enable-debug-command', 'yes', ...args] });
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export async function call(port: number, ...args: Arg[]): Promise<RespValue> {
  const c = await RespClient.connect(port, { timeoutMs: 60_000 });
  try {
    return await c.call(...args);
  } finally {
    await c.close();
  }
}

// ---- hand-built RDB files (old versions and encodings, corrupt files) ---------------------------


/** Builds an RDB file item by item, the way older Redis versions wrote them. */
export class RdbBuilder {
  readonly o: RdbOut;
  constructor(version: number, compress = false) {
    this.o = new RdbOut(4096, compress);
    this.o.raw(Buffer.from(`REDIS${String(version).padStart(4, '0')}`, 'latin1'));
  }
  aux(k: string, v: string): this {
    this.o.u8(OP.AUX);
    this.o.str(k);
    this.o.str(v);
    return this;
  }
  select(db: number): this {
    this.o.u8(OP.SELECTDB);
    this.o.len(db);
    return this;
  }
  resize(keys: number, expires: number): this {
    this.o.u8(OP.RESIZEDB);
    this.o.len(keys);
    this.o.len(expires);
    return this;
  }
  expireMs(at: number): this {
    this.o.u8(OP.EXPIRETIME_MS);
    this.o.i64le(at);
    return this;
  }
  expireSec(at: number): this {
    this.o.u8(OP.EXPIRETIME);
    const b = Buffer.alloc(4);
    b.writeInt32LE(at);
    this.o.raw(b);
    return this;
  }
  idle(secs: number): this {
    this.o.u8(OP.IDLE);
    this.o.len(secs);
    return this;
  }
  freq(f: number): this {
    this.o.u8(OP.FREQ);
    this.o.u8(f);
    return this;
  }
  /** A key record: type byte, key, then whatever `payload` writes. */
  key(type: number, key: string, payload: (o: RdbOut) => void): this {
    this.o.u8(type);
    this.o.str(key);
    payload(this.o);
    return this;
  }
  byte(b: number): this {
    this.o.u8(b);
    return this;
  }
  /** EOF and the CRC-64 trailer (or a given checksum). */
  end(checksum?: bigint): Buffer {
    this.o.u8(OP.EOF);
    const body = Buffer.from(this.o.bytes());
    const tail = Buffer.alloc(8);
    if (checksum === undefined) new Crc64().update(body).bytes().copy(tail);
    else tail.writeBigUInt64LE(checksum);
    return Buffer.concat([body, tail]);
  }
}
