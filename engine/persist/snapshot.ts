/**
 * The shard side of persistence: fork-less point-in-time snapshots (serialising this shard's keys
 * into RDB records, in chunks, while the shard keeps serving), applying loaded records, the
 * per-shard write counter, and the start-up gate that keeps the worker from listening until the
 * dump is loaded. Runs on every worker thread; started by initPersistWorker() (worker/main.ts).
 *
 * Snapshot scheme (copy-on-write of the old value):
 * - Snapshot point. The coordinating worker locks every shard in ascending order (the ordered
 *   locks of worker/multishard.ts), asks each to mark, then unlocks. While all are held nothing
 *   runs anywhere, so every shard marks at the same logical moment.
 * - Marking (O(keys of this shard), under the lock): for each database, the arrays of its keys
 *   and value references and a copy of its expiry map are taken; every mutable value (collection
 *   or RawString) goes into `pending`. Strings and numbers are immutable: later SET/DEL/RENAME/
 *   FLUSHALL/SWAPDB/expiry only replace or drop references and never touch a captured value.
 * - Copy-on-write. A captured mutable value can only change in place inside a command handler
 *   run through Shard.execute (inline, forwarded batches, multi-shard 'call'/'exec', EXEC). While a
 *   snapshot is active this shard's `execute` is wrapped: before a write command (flag write or
 *   may_replicate) runs, each key it names whose current value is still in `pending` is
 *   serialised first (old value, snapshot-time encoding flags) into `cow`, and leaves `pending`.
 *   Values the generic multi-shard executor writes back are new objects (fromTransfer), so they
 *   replace references too. Future writers that mutate a value outside Shard.execute (blocking
 *   pops served by another key's write, for example) must call `beforeWrite` first.
 * - Serialising walks the captured arrays in order; a value found in `cow` is written from there,
 *   any other is serialised as it is now (unchanged since the mark by the rule above).
 *   Each record: [EXPIRETIME_MS + ms] type key payload, exactly as in an RDB file.
 * - Flow: chunks of about 1 MiB, one database at a time, at most 4 ms of work per event-loop turn,
 *   sent to the main thread (buffer transferred) only while the main thread has granted credits
 *   (4 at the start, one back per chunk written), so memory stays bounded. When the last chunk is
 *   out the wrapper is removed and the captured arrays are dropped.
 * Invariants: at most one snapshot per shard; a value is in at most one of `pending`/`cow`; a
 * captured value leaves `pending` exactly once (serialised or copied).
 */

import { parentPort } from 'node:worker_threads';
import { W } from '../worker/state.ts';
import { Shard } from '../worker/shard.ts';
import { registerOp } from '../worker/mesh.ts';
import { MultiShardRun } from '../worker/multishard.ts';
import { keyPositions } from '../commands/registry.ts';
import type { Command } from '../commands/types.ts';
import type { Reply } from '../resp/reply.ts';
import type { Connection } from '../worker/connection.ts';
import { encodeString, type Value } from '../keyspace/values.ts';
import { log } from '../log.ts';
import { OP, T, RdbIn, RdbOut } from './rdb-format.ts';
import { writePayload, decodePayload, toValue, type LoadOpts } from './rdb-value.ts';
import { PersistStatus, attachStatus } from './status.ts';
import type { MainToWorker, MarkResult, SnapOpts, WorkerToMain } from './protocol.ts';

const CHUNK_BYTES = 1 << 20;
const SLICE_MS = 4;
const INITIAL_CREDITS = 4;

interface DbSnap {
  db: number;
  keys: string[];
  vals: Value[];
  exps: Map<string, number> | null;
}

interface Copied {
  t: number;
  b: Uint8Array;
}

function post(m: WorkerToMain, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(m, transfer);
}

const baseExecute = Shard.prototype.execute;
let active: ShardSnapshot | null = null;

/** Shard.execute while a snapshot is active: copy-on-write of captured values, then run. */
function hookedExecute(this: Shard, cmd: Command, argv: string[], dbIndex: number, out: Reply, conn: Connection | null, countStats?: boolean): void {
  const s = active;
  if (s !== null && s.shard === this && s.pending.size !== 0 && (cmd.write || cmd.flagSet.has('may_replicate'))) {
    s.beforeWrite(cmd, argv, dbIndex);
  }
  baseExecute.call(this, cmd, argv, dbIndex, out, conn, countStats);
}

export class ShardSnapshot {
  readonly snap: number;
  readonly shard: Shard;
  readonly dbs: DbSnap[] = [];
  readonly pending = new Set<object>();
  readonly cow = new Map<object, Copied>();
  readonly opts: SnapOpts;
  credits = INITIAL_CREDITS;
  done = false;
  /** COW copies made (for tests and stats) */
  copies = 0;
  private di = 0;
  private ki = 0;
  private keysInChunk = 0;
  private scheduled = false;
  private readonly out: RdbOut;
  private readonly cowOut: RdbOut;
  /** where chunks go (the main thread; tests collect them) */
  private readonly sink: (m: WorkerToMain, transfer: ArrayBuffer[]) => void;

  /** Captures the shard's keys at this instant (the caller holds every shard's lock). */
  constructor(snap: number, shard: Shard, opts: SnapOpts, sink = post) {
    this.snap = snap;
    this.shard = shard;
    this.opts = opts;
    this.sink = sink;
    this.out = new RdbOut(CHUNK_BYTES + 64 * 1024, opts.compress);
    this.cowOut = new RdbOut(4096, opts.compress);
    const pending = this.pending;
    for (const db of shard.dbs) {
      const n = db.data.size;
      if (n === 0) continue;
      const keys = new Array<string>(n);
      const vals = new Array<Value>(n);
      let i = 0;
      db.data.forEach((v, k) => {
        keys[i] = k;
        vals[i] = v;
        i++;
        if (typeof v === 'object') pending.add(v);
      });
      this.dbs.push({ db: db.index, keys, vals, exps: db.expires.size === 0 ? null : new Map(db.expires) });
    }
  }

  result(): MarkResult {
    const keys = new Array<number>(this.shard.dbs.length).fill(0);
    const expires = new Array<number>(this.shard.dbs.length).fill(0);
    for (const d of this.dbs) {
      keys[d.db] = d.keys.length;
      expires[d.db] = d.exps === null ? 0 : d.exps.size;
    }
    return { shard: this.shard.id, keys, expires, dirty: 0 };
  }

  /** Makes this the shard's active snapshot: writes now copy captured values first. */
  activate(): void {
    active = this;
    this.shard.execute = hookedExecute;
    if (this.dbs.length === 0) this.finish();
    else this.schedule();
  }

  /** Copies (serialises) the captured values of the keys a write command names. */
  beforeWrite(cmd: Command, argv: string[], dbIndex: number): void {
    const positions = keyPositions(cmd, argv);
    const data = this.shard.dbs[dbIndex].data;
    for (let i = 0; i < positions.length; i++) {
      const v = data.get(argv[positions[i]]);
      if (v !== undefined && typeof v === 'object') this.copyValue(v);
    }
  }

  /** Copies one value if it is still pending (the hook for writers outside Shard.execute). */
  copyValue(v: object): void {
    if (!this.pending.delete(v)) return;
    const o = this.cowOut;
    o.reset();
    const t = writePayload(o, v as Value, this.opts);
    this.cow.set(v, { t, b: o.take() });
    this.copies++;
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled || this.done) return;
    this.scheduled = true;
    if (delayMs > 0) setTimeout(this.step, delayMs);
    else setImmediate(this.step);
  }

  credit(n: number): void {
    this.credits += n;
    this.schedule();
  }

  private readonly step = (): void => {
    this.scheduled = false;
    if (this.done) return;
    try {
      this.produce();
    } catch (e) {
      const msg = (e as Error).message;
      log('warning', `snapshot of shard ${this.shard.id} failed: ${msg}`);
      this.finish();
      this.sink({ t: 'p.snap-error', snap: this.snap, shard: this.shard.id, error: msg }, []);
    }
  };

  private produce(): void {
    const deadline = performance.now() + SLICE_MS;
    const delayUs = this.opts.keySaveDelayUs;
    // with rdb-key-save-delay, pace the keys: about 1 ms worth of per-key delay per turn
    const perTurn = delayUs > 0 ? Math.max(1, Math.floor(1000 / delayUs)) : Infinity;
    let n = 0;
    while (this.credits > 0) {
      if (this.di >= this.dbs.length) {
        this.finish();
        return;
      }
      const ds = this.dbs[this.di];
      let timeUp = false;
      while (this.ki < ds.keys.length && this.out.pos < CHUNK_BYTES) {
        this.writeKey(ds, this.ki++);
        n++;
        if (n >= perTurn || ((n & 31) === 0 && performance.now() > deadline)) {
          timeUp = true;
          break;
        }
      }
      const dbEnd = this.ki >= ds.keys.length;
      if (dbEnd || this.out.pos >= CHUNK_BYTES) {
        this.emit(ds.db, dbEnd);
        if (dbEnd) {
          this.di++;
          this.ki = 0;
          if (this.di >= this.dbs.length) {
            this.finish();
            return;
          }
        }
      }
      if (timeUp || performance.now() > deadline) {
        if (this.di >= this.dbs.length) this.finish();
        else if (this.credits > 0) this.schedule(delayUs > 0 ? Math.max(1, Math.round((n * delayUs) / 1000)) : 0);
        return;
      }
    }
  }

  private writeKey(ds: DbSnap, i: number): void {
    const key = ds.keys[i];
    const v = ds.vals[i];
    ds.vals[i] = 0; // drop the reference as we go
    const out = this.out;
    if (ds.exps !== null) {
      const exp = ds.exps.get(key);
      if (exp !== undefined) {
        out.u8(OP.EXPIRETIME_MS);
        out.i64le(exp);
      }
    }
    this.keysInChunk++;
    if (typeof v === 'object') {
      const c = this.cow.get(v);
      if (c !== undefined) {
        this.cow.delete(v);
        out.u8(c.t);
        out.str(key);
        out.raw(c.b);
        return;
      }
      this.pending.delete(v);
    }
    const at = out.pos;
    out.u8(0);
    out.str(key);
    const t = writePayload(out, v, this.opts);
    out.buf[at] = t;
  }

  private emit(db: number, last: boolean): void {
    const buf = this.out.take();
    this.credits--;
    const keys = this.keysInChunk;
    this.keysInChunk = 0;
    this.sink({ t: 'p.chunk', snap: this.snap, shard: this.shard.id, db, buf, keys, last }, [buf.buffer as ArrayBuffer]);
  }

  /** Ends the snapshot: unwraps execute, drops the captured state. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    if (active === this) {
      active = null;
      Reflect.deleteProperty(this.shard, 'execute');
    }
    this.dbs.length = 0;
    this.pending.clear();
    this.cow.clear();
  }
}

/** The active snapshot of this worker's shard, if any (tests, future writers). */
export function activeSnapshot(): ShardSnapshot | null {
  return active;
}

// ---- shard ops and main-thread messages -----------------------------------------------------------

let status: PersistStatus | null = null;

registerOp('persist.mark', {
  gated: true,
  run(shard, a: { snap: number; opts: SnapOpts }, respond) {
    if (active !== null) active.finish();
    const s = new ShardSnapshot(a.snap, shard, a.opts);
    const r = s.result();
    r.dirty = status === null ? 0 : status.dirtyOf(shard.id);
    s.activate();
    respond(r);
  },
});

/** Locks kept for a SAVE / DEBUG RELOAD until the main thread says it is done. */
const held = new Map<number, MultiShardRun | null>();

async function coordinate(m: Extract<MainToWorker, { t: 'p.mark' }>): Promise<void> {
  let run: MultiShardRun | null = null;
  let txn = m.txn;
  let results: MarkResult[] = [];
  let error = '';
  try {
    if (txn === 0) {
      const all: number[] = [];
      for (let s = 0; s < W.shards; s++) all.push(s);
      run = new MultiShardRun(all, null, 0, 2);
      await run.acquire();
      txn = run.txn;
    }
    if (m.mark) results = await W.mesh.all<MarkResult>('persist.mark', { snap: m.snap, opts: m.opts }, txn);
  } catch (e) {
    error = (e as Error).message;
  }
  if (m.hold && error === '') held.set(m.snap, run);
  else run?.release();
  post({ t: 'p.marked', snap: m.snap, results, error });
}

function applyBatch(batch: Uint8Array, opts: LoadOpts, merge: boolean): { keys: number; empty: number } {
  const buf = Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  const dbs = W.shard.dbs;
  const inp = new RdbIn(buf);
  let keys = 0;
  let empty = 0;
  let p = 0;
  while (p < buf.length) {
    const dbi = buf.readUInt16LE(p);
    const exp = buf.readDoubleLE(p + 2);
    const len = buf.readUInt32LE(p + 10);
    p += 14;
    inp.pos = p;
    inp.end = p + len;
    const t = inp.u8();
    const key = inp.str();
    // strings (most keys) skip the intermediate decoded form
    const v = t === T.STRING ? encodeString(inp.str()) : toValue(decodePayload(t, inp), opts);
    if (inp.pos !== p + len) throw new Error(`record for key '${key}' has ${p + len - inp.pos} trailing bytes`);
    p += len;
    if (v === null) {
      empty++;
      continue;
    }
    const db = dbs[dbi];
    const data = db.data;
    const before = data.size;
    data.set(key, v);
    if (data.size === before) {
      if (!merge) throw new Error(`RDB has duplicated key '${key}' in DB ${dbi}`);
      db.expires.delete(key);
    }
    if (exp >= 0) db.expires.set(key, exp);
    keys++;
  }
  return { keys, empty };
}

let readyResolve: (() => void) | null = null;
const ready = new Promise<void>((r) => {
  readyResolve = r;
});

function onMain(m: MainToWorker): void {
  switch (m.t) {
    case 'p.mark':
      void coordinate(m);
      return;
    case 'p.release': {
      const run = held.get(m.snap);
      held.delete(m.snap);
      run?.release();
      return;
    }
    case 'p.credit':
      if (active !== null && active.snap === m.snap) active.credit(m.n);
      return;
    case 'p.abort':
      if (active !== null && active.snap === m.snap) active.finish();
      return;
    case 'p.flush':
      for (const db of W.shard.dbs) db.clear();
      post({ t: 'p.flushed', id: m.id });
      return;
    case 'p.load': {
      let r = { keys: 0, empty: 0 };
      let error = '';
      try {
        r = applyBatch(m.batch, m.opts, m.merge);
      } catch (e) {
        error = (e as Error).message;
      }
      post({ t: 'p.loaded', seq: m.seq, shard: W.id, keys: r.keys, empty: r.empty, error });
      return;
    }
    case 'p.ready':
      readyResolve?.();
      return;
    case 'p.res':
      onResponse(m.id, m.ok, m.msg);
      return;
  }
}

// ---- requests to the main thread (SAVE, BGSAVE, DEBUG RELOAD) ---------------------------------------

const waiting = new Map<number, (r: { ok: boolean; msg: string }) => void>();
let nextReq = 1;

function onResponse(id: number, ok: boolean, msg: string): void {
  const cb = waiting.get(id);
  if (cb === undefined) return;
  waiting.delete(id);
  cb({ ok, msg });
}

/** Asks the main thread's saver to do something; resolves with its answer. */
export function requestMain(m: Omit<Extract<WorkerToMain, { t: 'p.req' }>, 'id' | 't'>): Promise<{ ok: boolean; msg: string }> {
  const id = nextReq++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    post({ t: 'p.req', id, ...m });
  });
}

/**
 * Worker start-up (worker/main.ts, after the worker state is set): attaches the shared status,
 * counts this shard's writes (Db observers), listens to the main thread.
 */
export function initPersistWorker(sab: SharedArrayBuffer): void {
  status = new PersistStatus(sab);
  attachStatus(status);
  const st = status;
  const id = W.id;
  const count = (): void => st.addDirty(id);
  for (const db of W.shard.dbs) db.observer = count;
  parentPort!.on('message', (m: { t?: unknown }) => {
    if (typeof m.t === 'string' && m.t.startsWith('p.')) onMain(m as MainToWorker);
  });
}

/** Resolves when the worker may listen: at once, or when the dump loaded at start-up is in. */
export function loadGate(): Promise<void> {
  if (status === null || !status.loadAtStart) return Promise.resolve();
  return ready;
}
