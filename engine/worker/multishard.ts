/**
 * Multi-shard execution: commands whose keys live on several shards, run exactly as atomically and
 * isolated as Redis runs them.
 *
 * Scheme (ordered locking): the coordinator — the worker of the calling connection — locks every
 * involved shard in ascending shard order, one after the other, waiting for each grant. A locked
 * shard runs nothing but the holder's requests; everything else queues behind the lock (see
 * shard.ts). Because all lockers take shards in the same order, no cycle of waits can form. With
 * every shard held, the coordinator runs the command's steps, then unlocks all. Other clients
 * therefore see either none or all of its effects.
 *
 * Steps: a command may bring its own coordinator (`multi`: MGET, MSET, DEL ... run their per-shard
 * parts with `call`); otherwise the generic scratch executor copies the involved keys from their
 * shards into a private scratch keyspace, runs the ordinary handler there, and writes every key it
 * changed back to its owner shard — any multi-key command is correct this way.
 *
 * Runs on the coordinating worker; the ops it registers run on the shards' workers.
 */

import type { Connection } from './connection.ts';
import type { Command } from '../commands/types.ts';
import { keyPositions } from '../commands/registry.ts';
import type { Reply } from '../resp/reply.ts';
import { RespWriter } from '../resp/writer.ts';
import { ValueCollector, type RespValue } from '../resp/collector.ts';
import { keySlot } from '../slots.ts';
import { Shard } from './shard.ts';
import { registerOp } from './mesh.ts';
import { W } from './state.ts';
import { toTransfer, fromTransfer, type TransferValue } from '../keyspace/transfer.ts';
import { resolve } from '../commands/registry.ts';
import { now as clockNow } from './clock.ts';

let txnCounter = 0;

/** Txn ids are unique across workers: the low 6 bits carry the worker id + 1. */
function newTxnId(): number {
  txnCounter++;
  return txnCounter * 64 + W.id + 1;
}

export type ExportedKey = [TransferValue | null, number];
export type ImportEntry = [db: number, key: string, value: TransferValue | null, expireAt: number];

export interface ExecResult {
  buf: Uint8Array;
  ends: Int32Array;
}

export class MultiShardRun {
  readonly txn = newTxnId();
  readonly shards: number[];
  readonly conn: Connection | null;
  readonly db: number;
  readonly proto: 2 | 3;
  constructor(shards: number[], conn: Connection | null, db: number, proto: 2 | 3) {
    this.shards = shards;
    this.conn = conn;
    this.db = db;
    this.proto = proto;
  }

  async acquire(): Promise<void> {
    for (const s of this.shards) await W.mesh.request<null>(s, 'lock', this.txn);
  }

  release(): void {
    for (const s of this.shards) void W.mesh.request<null>(s, 'unlock', this.txn);
  }

  /** Runs one command on a held shard and returns its reply as a value. */
  call(shard: number, argv: string[], db = this.db): Promise<RespValue> {
    return W.mesh.request<RespValue>(shard, 'call', { db, argv, proto: this.proto }, this.txn);
  }

  /** Runs commands on a held shard and returns their reply bytes. */
  exec(shard: number, cmds: [db: number, argv: string[]][], proto: number = this.proto): Promise<ExecResult> {
    return W.mesh.request<ExecResult>(shard, 'exec', { cmds, proto }, this.txn);
  }

  exportKeys(shard: number, keys: [db: number, key: string][], remove = false): Promise<ExportedKey[]> {
    return W.mesh.request<ExportedKey[]>(shard, 'export', { keys, remove }, this.txn);
  }

  importKeys(shard: number, entries: ImportEntry[]): Promise<null> {
    return W.mesh.request<null>(shard, 'import', entries, this.txn);
  }

  /**
   * Splits argv's keys (from `firstArg`, every `stride` arguments, each with its stride-1 following
   * arguments) by owning shard and runs `argv[0]` on each held shard with just its part.
   * Returns the key positions per shard and each shard's reply.
   */
  async callPerShard(
    argv: string[],
    firstArg: number,
    stride: number,
  ): Promise<{ groups: Map<number, number[]>; results: Map<number, RespValue> }> {
    const positions: number[] = [];
    for (let i = firstArg; i < argv.length; i += stride) positions.push(i);
    const groups = MultiShardRun.groupKeys(argv, positions);
    const results = new Map<number, RespValue>();
    await Promise.all(
      [...groups].map(async ([shard, pos]) => {
        const sub = [argv[0]];
        for (const p of pos) for (let k = 0; k < stride; k++) sub.push(argv[p + k]);
        results.set(shard, await this.call(shard, sub));
      }),
    );
    return { groups, results };
  }

  /** Groups key positions of argv by owning shard, preserving order within each group. */
  static groupKeys(argv: string[], positions: number[]): Map<number, number[]> {
    const m = new Map<number, number[]>();
    for (const p of positions) {
      const s = W.slotOwner[keySlot(argv[p])];
      let g = m.get(s);
      if (g === undefined) {
        g = [];
        m.set(s, g);
      }
      g.push(p);
    }
    return m;
  }
}

export function shardsOfKeys(keys: string[]): number[] {
  const set = new Set<number>();
  for (const k of keys) set.add(W.slotOwner[keySlot(k)]);
  return [...set].sort((a, b) => a - b);
}

/** Runs a command whose keys span several shards, atomically. */
export async function runMultiShard(conn: Connection, cmd: Command, argv: string[], out: Reply): Promise<void> {
  const positions = keyPositions(cmd, argv);
  const shards = shardsOfKeys(positions.map((p) => argv[p]));
  const run = new MultiShardRun(shards, conn, conn.dbIndex, conn.proto);
  const t0 = performance.now();
  await run.acquire();
  try {
    if (cmd.multi !== undefined) await cmd.multi(run, argv, out);
    else await runScratch(run, cmd, argv, positions, out);
  } finally {
    run.release();
  }
  const usec = (performance.now() - t0) * 1000;
  cmd.stats.calls++;
  cmd.stats.usec += usec;
  if (out.errors > 0) cmd.stats.failed++;
  // logged once, here, with its client; the per-shard parts are not logged
  const shard = W.shard;
  if (shard.slowlogSlowerThan >= 0 && usec >= shard.slowlogSlowerThan) shard.slowlog.add(argv, usec, conn);
}

/**
 * The generic executor: copies the keys into a scratch keyspace, runs the ordinary shard handler
 * there, writes the keys it changed back. The caller holds the locks of every involved shard.
 */
export async function runScratch(run: MultiShardRun, cmd: Command, argv: string[], positions: number[], out: Reply): Promise<void> {
  const db = run.db;
  const byShard = new Map<number, string[]>();
  for (const p of positions) {
    const key = argv[p];
    const s = W.slotOwner[keySlot(key)];
    let g = byShard.get(s);
    if (g === undefined) {
      g = [];
      byShard.set(s, g);
    }
    if (!g.includes(key)) g.push(key);
  }
  const groups = [...byShard.entries()];
  const exported = await Promise.all(groups.map(([s, keys]) => run.exportKeys(s, keys.map((k) => [db, k]))));
  const scratch = new Shard(W.id, W.shards, W.databases, true);
  const sdb = scratch.dbs[db];
  groups.forEach(([, keys], gi) => {
    keys.forEach((key, ki) => {
      const [tv, exp] = exported[gi][ki];
      if (tv === null) return;
      sdb.data.set(key, fromTransfer(tv));
      if (exp >= 0) sdb.expires.set(key, exp);
    });
  });
  const dirty = new Set<string>();
  sdb.observer = (key) => dirty.add(key);
  scratch.execute(cmd, argv, db, out, run.conn);
  if (dirty.size === 0) return;
  const imports = new Map<number, ImportEntry[]>();
  for (const key of dirty) {
    const s = W.slotOwner[keySlot(key)];
    let list = imports.get(s);
    if (list === undefined) {
      list = [];
      imports.set(s, list);
    }
    const v = sdb.data.get(key);
    list.push([db, key, v === undefined ? null : toTransfer(v), v === undefined ? -1 : sdb.expires.get(key) ?? -1]);
  }
  await Promise.all([...imports.entries()].map(([s, entries]) => run.importKeys(s, entries)));
}

// ---- the shard-side ops ------------------------------------------------------------------------

registerOp('lock', {
  gated: false,
  run(shard, txn: number, respond) {
    shard.lock(txn, () => respond(null));
  },
});

registerOp('unlock', {
  gated: false,
  run(shard, txn: number, respond) {
    shard.unlock(txn);
    respond(null);
  },
});

registerOp('call', {
  gated: true,
  run(shard, a: { db: number; argv: string[]; proto: 2 | 3 }, respond) {
    const c = new ValueCollector();
    c.proto = a.proto;
    const cmd = resolve(a.argv)!;
    shard.execute(cmd, a.argv, a.db, c, null, false);
    respond(c.first());
  },
});

registerOp('exec', {
  gated: true,
  run(shard, a: { cmds: [number, string[]][]; proto: 2 | 3 }, respond) {
    const w = new RespWriter(4096);
    w.proto = a.proto;
    const ends = new Int32Array(a.cmds.length);
    a.cmds.forEach(([db, argv], i) => {
      const cmd = resolve(argv)!;
      shard.execute(cmd, argv, db, w, null);
      ends[i] = w.pos;
    });
    const buf = new Uint8Array(w.pos);
    buf.set(w.buf.subarray(0, w.pos));
    respond({ buf, ends } satisfies ExecResult, [buf.buffer, ends.buffer]);
  },
});

registerOp('export', {
  gated: true,
  run(shard, a: { keys: [number, string][]; remove: boolean }, respond) {
    const now = clockNow();
    const out: ExportedKey[] = [];
    for (const [dbi, key] of a.keys) {
      const db = shard.dbs[dbi];
      const v = db.lookup(key, now);
      if (v === undefined) {
        out.push([null, -1]);
        continue;
      }
      out.push([toTransfer(v), db.getExpire(key) ?? -1]);
      if (a.remove) db.delete(key);
    }
    respond(out);
  },
});

registerOp('import', {
  gated: true,
  run(shard, entries: ImportEntry[], respond) {
    for (const [dbi, key, tv, exp] of entries) {
      const db = shard.dbs[dbi];
      if (tv === null) {
        db.delete(key);
        continue;
      }
      db.set(key, fromTransfer(tv));
      if (exp >= 0) db.setExpire(key, exp);
    }
    respond(null);
  },
});
