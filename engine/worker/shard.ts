/**
 * Shard: the data one worker owns (all databases for its hash slots) and the gate that serialises
 * access to it.
 *
 * Runs on its worker thread only. Invariants:
 * - Commands on this shard's keys run one at a time on this thread, so a single-shard command is
 *   atomic by construction.
 * - Cross-shard atomicity uses ordered locking: a multi-shard operation locks every shard it touches
 *   in ascending shard order (no deadlock), runs its steps with the txn id, then unlocks. While a
 *   shard is locked, or while anything waits in its queue, every other arrival (an inline command
 *   from a local connection, a forwarded batch, another lock request) waits in `queue`, FIFO.
 * - `lockedBy` is 0 when unlocked; txn ids are never 0.
 * - Stats: a command counts once in INFO commandstats where the client's command ran; the parts a
 *   multi-shard coordinator runs on each shard (`countStats` false) and scratch runs do not count.
 */

import { Db } from '../keyspace/db.ts';
import type { Reply } from '../resp/reply.ts';
import type { Command, ExecCtx } from '../commands/types.ts';
import type { Connection } from './connection.ts';
import { SlowLog } from './slowlog.ts';
import { now as clockNow } from './clock.ts';

export type QueueItem = () => void;

const perf = performance;

export class Shard {
  dbs: Db[];
  lockedBy = 0;
  queue: QueueItem[] = [];
  private draining = false;
  /** true while a queued item runs: the gate is open for it even if more items wait */
  private runningQueued = false;
  readonly slowlog = new SlowLog();
  /** slowlog threshold in microseconds (-1 disables) */
  slowlogSlowerThan = 10000;
  activeExpireEnabled = true;
  /** stats for INFO */
  expiredKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  private executing = false;
  private readonly ctx: ExecCtx;
  /** true for the scratch shard of the multi-shard executor (no stats, no slowlog) */
  readonly scratch: boolean;

  readonly id: number;
  readonly count: number;
  constructor(id: number, count: number, databases: number, scratch = false) {
    this.id = id;
    this.count = count;
    this.dbs = [];
    for (let i = 0; i < databases; i++) this.dbs.push(new Db(i));
    this.scratch = scratch;
    this.ctx = { shard: this, db: this.dbs[0], dbIndex: 0, out: null as unknown as Reply, now: 0, conn: null };
  }

  get busy(): boolean {
    return this.lockedBy !== 0 || (this.queue.length !== 0 && !this.runningQueued);
  }

  /** Runs one command here and now. The caller has checked the gate. HOT PATH. */
  execute(cmd: Command, argv: string[], dbIndex: number, out: Reply, conn: Connection | null, countStats = true): void {
    const t0 = perf.now();
    const errorsBefore = out.errors;
    // one context object per shard, reused: handlers run synchronously and never keep it
    let ctx = this.ctx;
    if (this.executing) ctx = { shard: this, db: this.dbs[dbIndex], dbIndex, out, now: 0, conn };
    ctx.db = this.dbs[dbIndex];
    ctx.dbIndex = dbIndex;
    ctx.out = out;
    ctx.now = clockNow();
    ctx.conn = conn;
    const outer = this.executing;
    this.executing = true;
    const mark = out.checkpoint();
    try {
      cmd.shard!(ctx, argv);
    } catch (e) {
      // a bug must not take the worker down nor leave a half-written reply on the wire
      out.rollback(mark);
      out.error(`ERR internal error in '${cmd.fullName}': ${(e as Error).message}`);
      process.stderr.write(`dcs-engine: command ${cmd.fullName} failed: ${(e as Error).stack ?? String(e)}\n`);
    } finally {
      this.executing = outer;
      ctx.conn = null;
    }
    if (!countStats || this.scratch) return;
    const usec = (perf.now() - t0) * 1000;
    const st = cmd.stats;
    st.calls++;
    st.usec += usec;
    if (out.errors !== errorsBefore) st.failed++;
    if (this.slowlogSlowerThan >= 0 && usec >= this.slowlogSlowerThan) {
      this.slowlog.add(argv, usec, conn);
    }
  }

  /** Queues work behind the current lock holder and earlier arrivals. */
  enqueue(item: QueueItem): void {
    this.queue.push(item);
  }

  /** Acquires the lock for txn now if the gate is open, else queues the request. */
  lock(txn: number, granted: () => void): void {
    if (!this.busy) {
      this.lockedBy = txn;
      granted();
      return;
    }
    this.queue.push(() => {
      this.lockedBy = txn;
      granted();
    });
  }

  unlock(txn: number): void {
    if (this.lockedBy !== txn) return;
    this.lockedBy = 0;
    this.drain();
  }

  /** Runs queued work in order until the queue is empty or a lock is taken again. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.lockedBy === 0 && this.queue.length !== 0) {
        const item = this.queue.shift()!;
        this.runningQueued = true;
        try {
          item();
        } finally {
          this.runningQueued = false;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.size;
    return n;
  }
}
