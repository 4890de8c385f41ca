// The shard side of BGSAVE, in process: a snapshot captures the shard at one instant, a write to
// a captured value that is not serialised yet copies the old value first (copy-on-write through
// the Shard.execute wrapper), replaced/deleted/new keys do not leak into the snapshot, the wrapper
// goes away when the snapshot ends, and the records it streams form a valid RDB body.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../engine/commands/index.ts';
import { setWorkerState, newStats, type WorkerState } from '../../engine/worker/state.ts';
import { EngineConfig } from '../../engine/config/store.ts';
import { Shard } from '../../engine/worker/shard.ts';
import { resolve } from '../../engine/commands/registry.ts';
import { RespWriter } from '../../engine/resp/writer.ts';
import { slotTable } from '../../engine/slots.ts';
import { ShardSnapshot } from '../../engine/persist/snapshot.ts';
import type { WorkerToMain } from '../../engine/persist/protocol.ts';
import { RdbOut, OP } from '../../engine/persist/rdb-format.ts';
import { Crc64 } from '../../engine/persist/crc64.ts';
import { parseRdb, type ParsedEntry } from '../../engine/persist/loader.ts';
import { REPO_ROOT } from '../helpers/servers.ts';

const shard = new Shard(0, 1, 16);
shard.slowlogSlowerThan = -1; // no slowlog entries (they need the process-wide id counters)
setWorkerState({
  id: 0,
  shards: 1,
  slotOwner: slotTable(1),
  shard,
  config: EngineConfig.defaults(),
  scratch: new RespWriter(),
  connections: new Map(),
  monitors: new Set(),
  stats: newStats(),
  databases: 16,
} as unknown as WorkerState);

function exec(db: number, ...argv: string[]): void {
  const w = new RespWriter();
  shard.execute(resolve(argv)!, argv, db, w, null);
  const text = w.buf.latin1Slice(0, w.pos);
  if (text.startsWith('-')) throw new Error(`${argv[0]}: ${text}`);
}

/** Runs a snapshot to the end, returning the RDB file its chunks make. */
async function runSnapshot(snap: ShardSnapshot, chunks: Extract<WorkerToMain, { t: 'p.chunk' }>[]): Promise<Buffer> {
  await new Promise<void>((r) => {
    const check = (): void => (snap.done ? r() : void setTimeout(check, 1));
    check();
  });
  const o = new RdbOut();
  o.raw(Buffer.from('REDIS0010'));
  let db = -1;
  for (const c of chunks) {
    if (c.db !== db) {
      db = c.db;
      o.u8(OP.SELECTDB);
      o.len(db);
    }
    o.raw(c.buf);
  }
  o.u8(OP.EOF);
  const body = Buffer.from(o.bytes());
  return Buffer.concat([body, new Crc64().update(body).bytes()]);
}

function plain(e: ParsedEntry): unknown {
  const v = e.value;
  switch (v.k) {
    case 'string': return v.v;
    case 'list': return v.items;
    case 'set': return [...v.members].sort();
    case 'hash': return v.pairs;
    case 'zset': return v.members.map((m, i) => `${m}=${v.scores[i]}`);
  }
}

describe('shard snapshots (copy-on-write)', () => {
  it('keeps the values of the snapshot point while the shard goes on writing', async () => {
    for (const db of shard.dbs) db.clear();
    for (let i = 0; i < 200; i++) {
      exec(0, 'HSET', `h${i}`, 'f', `v${i}`);
      exec(0, 'RPUSH', `l${i}`, 'a', 'b');
      exec(0, 'SADD', `s${i}`, '1', '2');
      exec(0, 'ZADD', `z${i}`, '1', 'm');
      exec(0, 'SET', `r${i}`, 'x');
      exec(0, 'APPEND', `r${i}`, 'y');
      exec(0, 'SET', `k${i}`, `plain ${i}`);
    }
    exec(2, 'SET', 'other', 'db2');
    exec(0, 'PEXPIREAT', 'k0', '4000000000000');
    const chunks: Extract<WorkerToMain, { t: 'p.chunk' }>[] = [];
    const snap = new ShardSnapshot(1, shard, { compress: true, listFill: -2, keySaveDelayUs: 0 }, (m) => {
      if (m.t === 'p.chunk') {
        chunks.push(m);
        snap.credit(1);
      }
    });
    expect(snap.pending.size).toBe(1000); // hashes, lists, sets, zsets and appended strings are mutable
    snap.activate();
    expect(Object.hasOwn(shard, 'execute')).toBe(true);
    // before the first slice runs: every captured value is still pending
    for (let i = 0; i < 200; i++) {
      exec(0, 'HSET', `h${i}`, 'f', 'CHANGED');
      exec(0, 'RPUSH', `l${i}`, 'c');
      exec(0, 'SADD', `s${i}`, 'x');
      exec(0, 'ZADD', `z${i}`, '9', 'm');
      exec(0, 'APPEND', `r${i}`, 'MORE');
      exec(0, 'SET', `k${i}`, 'changed');
      exec(0, 'SET', `new${i}`, 'created after the snapshot point');
    }
    exec(0, 'DEL', 'h1', 'l1');
    exec(0, 'RENAME', 'h2', 'h2-renamed');
    exec(0, 'PERSIST', 'k0');
    exec(2, 'DEL', 'other');
    expect(snap.copies).toBe(1000);
    const file = await runSnapshot(snap, chunks);
    expect(Object.hasOwn(shard, 'execute')).toBe(false);

    const parsed = parseRdb(file);
    expect(parsed.checksumOk).toBe(true);
    const got = new Map(parsed.entries.map((e) => [`${e.db}:${e.key}`, e]));
    expect(got.size).toBe(6 * 200 + 1);
    for (let i = 0; i < 200; i++) {
      expect(plain(got.get(`0:h${i}`)!)).toEqual(['f', `v${i}`]);
      expect(plain(got.get(`0:l${i}`)!)).toEqual(['a', 'b']);
      expect(plain(got.get(`0:s${i}`)!)).toEqual(['1', '2']);
      expect(plain(got.get(`0:z${i}`)!)).toEqual(['m=1']);
      expect(plain(got.get(`0:r${i}`)!)).toBe('xy');
      expect(plain(got.get(`0:k${i}`)!)).toBe(`plain ${i}`);
      expect(got.has(`0:new${i}`)).toBe(false);
    }
    expect(got.get('0:k0')!.expireAt).toBe(4000000000000);
    expect(got.get('2:other')!.value).toEqual({ k: 'string', v: 'db2' });
    expect(got.has('0:h2-renamed')).toBe(false);
  });

  it('does not copy values the snapshot has already written', async () => {
    for (const db of shard.dbs) db.clear();
    for (let i = 0; i < 50; i++) exec(0, 'HSET', `h${i}`, 'f', 'v');
    const chunks: Extract<WorkerToMain, { t: 'p.chunk' }>[] = [];
    const snap = new ShardSnapshot(2, shard, { compress: false, listFill: -2, keySaveDelayUs: 0 }, (m) => {
      if (m.t === 'p.chunk') {
        chunks.push(m);
        snap.credit(1);
      }
    });
    snap.activate();
    const file = await runSnapshot(snap, chunks);
    exec(0, 'HSET', 'h0', 'f', 'after');
    expect(snap.copies).toBe(0);
    expect(parseRdb(file).entries).toHaveLength(50);
  });
});

describe('the copy-on-write invariant', () => {
  it('command handlers run only through Shard.execute (which the snapshot wraps)', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = path.join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(REPO_ROOT, 'engine'));
    const offenders = files.filter((f) => !f.endsWith(path.join('worker', 'shard.ts')) && /\.shard!?\s*\(\s*ctx/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
