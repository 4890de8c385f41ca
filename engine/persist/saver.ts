/**
 * Persistence orchestration on the main thread: SAVE, BGSAVE (and SCHEDULE), save points, DEBUG
 * RELOAD, the save at shutdown, loading at start-up, and the shared status INFO reads.
 *
 * Saving: the requesting worker (or worker 0 for save points and shutdown) coordinates the
 * snapshot point (snapshot.ts: ordered locks on every shard, each marks, unlock — or keep the
 * locks for SAVE and DEBUG RELOAD). The shards then stream RDB record chunks here; this thread
 * writes `temp-<pid>.rdb` in `dir`: "REDIS0010", the aux fields (redis-ver, redis-bits, ctime,
 * used-mem, aof-base), then per database SELECTDB, RESIZEDB and the chunks of shard 0, 1, ... in
 * order, then EOF and the CRC-64 (zero when rdbchecksum is off). It fsyncs the file, renames it
 * over `dir/dbfilename` and fsyncs the directory, so a crash at any point leaves either the old
 * dump or the new one, never a torn file. Each shard may have at most 4 chunks waiting here
 * (credits), so memory stays bounded while the shards keep serving.
 *
 * Invariants: at most one save job at a time (BGSAVE while one runs is refused as Redis refuses
 * it; SAVE and DEBUG RELOAD wait their turn); `status` slots are written only here (except the
 * shards' dirty counters); a failed save removes its temp file and leaves the dump untouched.
 *
 * Loading at start-up happens before any worker listens (the workers wait on loadGate()), so no
 * client can see a half-loaded dataset; that replaces Redis's -LOADING replies for now.
 * Runs on the main thread only.
 */

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EngineConfig } from '../config/store.ts';
import { slotTable } from '../slots.ts';
import { log } from '../log.ts';
import { REDIS_VERSION } from '../version.ts';
import { Err } from '../errors.ts';
import { Crc64 } from './crc64.ts';
import { OP, RDB_VERSION, RdbOut } from './rdb-format.ts';
import { loadRdbFile, type LoadTarget } from './loader.ts';
import type { LoadOpts } from './rdb-value.ts';
import { PersistStatus, attachStatus } from './status.ts';
import { isPersistMessage, type MainToWorker, type MarkResult, type ReloadFlags, type SnapOpts, type WorkerToMain } from './protocol.ts';

/** Reply texts of SAVE/BGSAVE/DEBUG RELOAD (Redis 7.0's); the errors live in the error table. */
export const PersistReply = {
  BGSAVE_STARTED: 'Background saving started',
  BGSAVE_SCHEDULED: 'Background saving scheduled',
  BGSAVE_IN_PROGRESS: Err.BGSAVE_IN_PROGRESS,
  SAVE_FAILED: Err.SAVE_FAILED,
  RELOAD_LOAD_FAILED: Err.RELOAD_LOAD_FAILED,
} as const;

/** Seconds between two automatic BGSAVE attempts after a failure (CONFIG_BGSAVE_RETRY_DELAY). */
const BGSAVE_RETRY_DELAY = 5;
const MAX_OUTSTANDING_BATCHES = 4;

interface Chunk {
  db: number;
  buf: Uint8Array;
  keys: number;
  last: boolean;
}

class SaveJob {
  readonly snap: number;
  readonly kind: 'save' | 'bgsave';
  readonly start = Date.now();
  readonly queues: Chunk[][];
  readonly waiters: (((c: Chunk | null) => void) | null)[];
  aborted = '';
  marked = false;

  constructor(snap: number, kind: 'save' | 'bgsave', shards: number) {
    this.snap = snap;
    this.kind = kind;
    this.queues = [];
    this.waiters = [];
    for (let s = 0; s < shards; s++) {
      this.queues.push([]);
      this.waiters.push(null);
    }
  }

  push(s: number, c: Chunk): void {
    const w = this.waiters[s];
    if (w !== null) {
      this.waiters[s] = null;
      w(c);
    } else this.queues[s].push(c);
  }

  next(s: number): Promise<Chunk | null> {
    if (this.aborted !== '') return Promise.resolve(null);
    const q = this.queues[s];
    if (q.length > 0) return Promise.resolve(q.shift()!);
    return new Promise((resolve) => {
      this.waiters[s] = resolve;
    });
  }

  abort(reason: string): void {
    if (this.aborted !== '') return;
    this.aborted = reason;
    for (let s = 0; s < this.waiters.length; s++) {
      const w = this.waiters[s];
      this.waiters[s] = null;
      w?.(null);
    }
  }
}

type ShutdownMode = 'default' | 'save' | 'nosave';

export class Persistence {
  readonly status: PersistStatus;
  private workers: Worker[] = [];
  private readonly config: EngineConfig;
  private readonly shards: number;
  private job: SaveJob | null = null;
  /** serialises SAVE / DEBUG RELOAD / the shutdown save */
  private turn: Promise<unknown> = Promise.resolve();
  private bgsaveScheduled = false;
  private lastBgsaveTry = 0;
  private nextSnap = 1;
  private nextId = 1;
  private readonly marks = new Map<number, (m: Extract<WorkerToMain, { t: 'p.marked' }>) => void>();
  private readonly flushes = new Map<number, () => void>();
  private load: LoadSession | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly slotOwner: Uint8Array;

  constructor(config: EngineConfig, shards: number, startTime: number) {
    this.config = config;
    this.shards = shards;
    this.status = PersistStatus.create(shards, startTime);
    this.slotOwner = slotTable(shards);
    attachStatus(this.status);
  }

  /** The block to hand to every worker (workerData.persist). */
  get shared(): SharedArrayBuffer {
    return this.status.sab;
  }

  /** dir/dbfilename. */
  dumpPath(): string {
    return path.resolve(this.config.str('dir'), this.config.str('dbfilename'));
  }

  /** Before the workers start: will a dump be loaded? (Workers then wait before listening.) */
  prepare(): boolean {
    const exists = fs.existsSync(this.dumpPath());
    this.status.loadAtStart = exists;
    return exists;
  }

  attach(workers: Worker[]): void {
    this.workers = workers;
    workers.forEach((w, i) => {
      w.on('message', (m: unknown) => {
        if (isPersistMessage(m)) this.onMessage(i, m);
      });
    });
  }

  private send(i: number, m: MainToWorker, transfer: ArrayBuffer[] = []): void {
    this.workers[i].postMessage(m, transfer);
  }

  /** Loads the dump if prepare() found one, then lets the workers listen and starts the save-point timer. */
  async startup(): Promise<void> {
    if (this.status.loadAtStart) {
      const t0 = performance.now();
      const file = this.dumpPath();
      this.status.loading = true;
      try {
        const r = await this.loadFile(file, false);
        log('notice', `Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expired}.`);
        log('notice', `DB loaded from disk: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`);
      } finally {
        this.status.loading = false;
      }
    }
    for (let i = 0; i < this.workers.length; i++) this.send(i, { t: 'p.ready' });
    this.timer = setInterval(() => this.cron(), 100);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  // ---- messages from workers -----------------------------------------------------------------

  private onMessage(i: number, m: WorkerToMain): void {
    switch (m.t) {
      case 'p.req':
        this.onRequest(i, m).catch((e: unknown) => {
          log('warning', `persistence request ${m.op} failed: ${(e as Error).message}`);
          this.send(i, { t: 'p.res', id: m.id, ok: false, msg: `ERR ${(e as Error).message}` });
        });
        return;
      case 'p.marked': {
        const cb = this.marks.get(m.snap);
        this.marks.delete(m.snap);
        cb?.(m);
        return;
      }
      case 'p.chunk': {
        const job = this.job;
        if (job === null || job.snap !== m.snap || job.aborted !== '') {
          this.send(m.shard, { t: 'p.abort', snap: m.snap });
          return;
        }
        job.push(m.shard, { db: m.db, buf: m.buf, keys: m.keys, last: m.last });
        return;
      }
      case 'p.snap-error': {
        const job = this.job;
        if (job !== null && job.snap === m.snap) job.abort(`shard ${m.shard}: ${m.error}`);
        return;
      }
      case 'p.loaded':
        this.load?.ack(m);
        return;
      case 'p.flushed': {
        const cb = this.flushes.get(m.id);
        this.flushes.delete(m.id);
        cb?.();
        return;
      }
    }
  }

  private async onRequest(i: number, m: Extract<WorkerToMain, { t: 'p.req' }>): Promise<void> {
    const reply = (ok: boolean, msg: string): void => this.send(i, { t: 'p.res', id: m.id, ok, msg });
    switch (m.op) {
      case 'bgsave': {
        // SCHEDULE only matters in Redis when another child (an AOF rewrite) runs; there is none here
        if (this.job !== null && this.job.kind === 'bgsave') return reply(false, PersistReply.BGSAVE_IN_PROGRESS);
        if (m.inExec || this.job !== null) {
          this.bgsaveScheduled = true;
          return reply(true, PersistReply.BGSAVE_SCHEDULED);
        }
        const r = await this.bgsave(i, m.txn);
        return reply(r === '', r === '' ? PersistReply.BGSAVE_STARTED : r);
      }
      case 'save': {
        if (this.job !== null && this.job.kind === 'bgsave') return reply(false, PersistReply.BGSAVE_IN_PROGRESS);
        const { ok } = await this.inTurn(() => this.save(i, m.txn, 'save'));
        return reply(ok, ok ? 'OK' : PersistReply.SAVE_FAILED);
      }
      case 'reload': {
        const r = await this.inTurn(() => this.reload(i, m.txn, m.reload!));
        return reply(r === '', r === '' ? 'OK' : r);
      }
    }
  }

  private inTurn<T>(f: () => Promise<T>): Promise<T> {
    const p = this.turn.then(f, f);
    this.turn = p.catch(() => undefined);
    return p;
  }

  // ---- saving -----------------------------------------------------------------------------------

  private snapOpts(): SnapOpts {
    const delayParam = this.config.has('rdb-key-save-delay') ? this.config.int('rdb-key-save-delay') : 0;
    const delayEnv = Number(process.env['DCS_RDB_KEY_SAVE_DELAY_US'] ?? 0);
    return {
      compress: this.config.bool('rdbcompression'),
      listFill: this.config.int('list-max-listpack-size'),
      keySaveDelayUs: delayParam > 0 ? delayParam : Number.isFinite(delayEnv) ? delayEnv : 0,
    };
  }

  private loadOpts(): LoadOpts {
    const c = this.config;
    return {
      setMaxIntsetEntries: c.int('set-max-intset-entries'),
      hashMaxListpackEntries: c.int('hash-max-listpack-entries'),
      hashMaxListpackValue: c.int('hash-max-listpack-value'),
      zsetMaxListpackEntries: c.int('zset-max-listpack-entries'),
      zsetMaxListpackValue: c.int('zset-max-listpack-value'),
    };
  }

  private mark(coordinator: number, snap: number, doMark: boolean, hold: boolean, txn: number): Promise<MarkResult[]> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      this.marks.set(snap, (m) => {
        if (m.error !== '') return reject(new Error(m.error));
        if (doMark) this.status.latestForkUsec = Math.round((performance.now() - t0) * 1000);
        resolve(m.results.slice().sort((a, b) => a.shard - b.shard));
      });
      this.send(coordinator, { t: 'p.mark', snap, mark: doMark, hold, txn, opts: this.snapOpts() });
    });
  }

  private release(coordinator: number, snap: number): void {
    this.send(coordinator, { t: 'p.release', snap });
  }

  /**
   * BGSAVE: marks, answers '' once the snapshot point is taken (or an error text), and writes
   * the file in the background.
   */
  bgsave(coordinator: number, txn: number): Promise<string> {
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    const job = new SaveJob(this.nextSnap++, 'bgsave', this.shards);
    this.job = job;
    const st = this.status;
    st.rdbSaves++;
    st.bgsaveInProgress = true;
    st.bgsaveStart = job.start;
    return new Promise<string>((answer) => {
      let answered = false;
      const done = (err: string): void => {
        if (!answered) {
          answered = true;
          answer(err);
        }
      };
      this.mark(coordinator, job.snap, true, false, txn).then(
        async (results) => {
          job.marked = true;
          log('notice', `Background saving started: snapshot point of ${total(results)} keys taken in ${(st.latestForkUsec / 1000).toFixed(1)} ms`);
          done('');
          try {
            await this.writeJob(job, results);
            st.lastBgsaveOk = true;
            log('notice', 'Background saving terminated with success');
          } catch (e) {
            if (job.aborted.startsWith('killed')) log('warning', 'Background saving terminated by request');
            else {
              st.lastBgsaveOk = false;
              log('warning', `Background saving error: ${(e as Error).message}`);
            }
          } finally {
            st.lastBgsaveSecs = Math.round((Date.now() - job.start) / 1000);
            this.endJob(job);
          }
        },
        (e: Error) => {
          st.lastBgsaveOk = false;
          log('warning', `Can't save in background: ${e.message}`);
          this.endJob(job);
          done(`ERR ${e.message}`);
        },
      );
    });
  }

  private endJob(job: SaveJob): void {
    if (this.job === job) this.job = null;
    this.status.bgsaveInProgress = false;
    this.status.bgsaveStart = 0;
    this.status.keysProcessed = 0;
    this.status.keysTotal = 0;
  }

  /**
   * A foreground save: every shard stays locked until the file is on disk. With `keepLocks` the
   * locks stay held after a successful save (DEBUG RELOAD) and `snap` names them for release().
   */
  private async save(coordinator: number, txn: number, why: string, keepLocks = false): Promise<{ ok: boolean; snap: number }> {
    while (this.job !== null) await this.waitJob(this.job);
    const job = new SaveJob(this.nextSnap++, 'save', this.shards);
    this.job = job;
    this.status.rdbSaves++;
    let marked = false;
    let ok = false;
    try {
      const results = await this.mark(coordinator, job.snap, true, true, txn);
      marked = true;
      job.marked = true;
      await this.writeJob(job, results);
      this.status.lastBgsaveOk = true;
      log('notice', why === 'shutdown' ? 'DB saved on disk before exiting' : 'DB saved on disk');
      ok = true;
    } catch (e) {
      this.status.lastBgsaveOk = false;
      log('warning', `Failed saving the DB: ${(e as Error).message}`);
    } finally {
      if (marked && (!keepLocks || !ok)) this.release(coordinator, job.snap);
      this.endJob(job);
    }
    return { ok, snap: job.snap };
  }

  private waitJob(job: SaveJob): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.job !== job) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  }

  /** Writes the snapshot the shards stream for `job` to the dump file. Throws on failure. */
  private async writeJob(job: SaveJob, results: MarkResult[]): Promise<void> {
    const dir = path.resolve(this.config.str('dir'));
    const final = path.join(dir, this.config.str('dbfilename'));
    const tmp = path.join(dir, `temp-${process.pid}.rdb`);
    const compress = this.config.bool('rdbcompression');
    const crc = this.config.bool('rdbchecksum') ? new Crc64() : null;
    const databases = this.config.int('databases');
    const st = this.status;
    let total = 0;
    let dirtyAtMark = 0;
    for (const r of results) {
      for (const k of r.keys) total += k;
      dirtyAtMark += r.dirty;
    }
    st.keysTotal = total;
    st.keysProcessed = 0;
    let fh: fsp.FileHandle | null = null;
    try {
      fh = await fsp.open(tmp, 'w');
      const file = fh;
      const write = async (b: Uint8Array): Promise<void> => {
        if (b.length === 0) return;
        crc?.update(b);
        let off = 0;
        while (off < b.length) {
          const { bytesWritten } = await file.write(b, off, b.length - off);
          off += bytesWritten;
        }
      };
      const out = new RdbOut(4096, compress);
      out.raw(Buffer.from(`REDIS${String(RDB_VERSION).padStart(4, '0')}`, 'latin1'));
      const aux = (k: string, v: string): void => {
        out.u8(OP.AUX);
        out.str(k);
        out.str(v);
      };
      aux('redis-ver', REDIS_VERSION);
      aux('redis-bits', '64');
      aux('ctime', String(Math.floor(Date.now() / 1000)));
      aux('used-mem', String(process.memoryUsage().rss));
      aux('aof-base', '0');
      await write(out.take());
      for (let d = 0; d < databases; d++) {
        let keys = 0;
        let expires = 0;
        for (const r of results) {
          keys += r.keys[d] ?? 0;
          expires += r.expires[d] ?? 0;
        }
        if (keys === 0) continue;
        out.u8(OP.SELECTDB);
        out.len(d);
        out.u8(OP.RESIZEDB);
        out.len(keys);
        out.len(expires);
        await write(out.take());
        for (const r of results) {
          if ((r.keys[d] ?? 0) === 0) continue;
          for (;;) {
            const c = await job.next(r.shard);
            if (c === null) throw new Error(job.aborted);
            if (c.db !== d) throw new Error(`shard ${r.shard} sent DB ${c.db} while DB ${d} was expected`);
            await write(c.buf);
            st.keysProcessed += c.keys;
            this.send(r.shard, { t: 'p.credit', snap: job.snap, n: 1 });
            if (c.last) break;
          }
        }
      }
      out.u8(OP.EOF);
      crc?.update(out.bytes());
      await file.write(out.take());
      await file.write(crc === null ? Buffer.alloc(8) : crc.bytes());
      await file.sync();
      await file.close();
      fh = null;
      await fsp.rename(tmp, final);
      await fsyncDir(dir);
    } catch (e) {
      job.abort(job.aborted || (e as Error).message);
      for (let s = 0; s < this.shards; s++) this.send(s, { t: 'p.abort', snap: job.snap });
      if (fh !== null) await fh.close().catch(() => undefined);
      await fsp.unlink(tmp).catch(() => undefined);
      throw e;
    }
    st.lastSave = Math.floor(Date.now() / 1000);
    st.dirtyBase = dirtyAtMark;
  }

  // ---- save points ----------------------------------------------------------------------------

  private cron(): void {
    if (this.job !== null || this.status.loading) return;
    const now = Math.floor(Date.now() / 1000);
    const st = this.status;
    const retryOk = now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || st.lastBgsaveOk;
    if (this.bgsaveScheduled && retryOk) {
      this.bgsaveScheduled = false;
      void this.bgsave(0, 0);
      return;
    }
    const points = this.config.savePoints();
    if (points.length === 0) return;
    const dirty = st.changesSinceLastSave();
    for (const p of points) {
      if (dirty >= p.changes && now - st.lastSave > p.seconds && retryOk) {
        log('notice', `${p.changes} changes in ${p.seconds} seconds. Saving...`);
        void this.bgsave(0, 0);
        return;
      }
    }
  }

  // ---- DEBUG RELOAD -------------------------------------------------------------------------

  /** SAVE (unless NOSAVE), empty (unless NOFLUSH), load the dump; every shard held throughout. */
  private async reload(coordinator: number, txn: number, f: ReloadFlags): Promise<string> {
    while (this.job !== null) await this.waitJob(this.job);
    let snap: number;
    if (f.save) {
      const r = await this.save(coordinator, txn, 'reload', true);
      if (!r.ok) return PersistReply.SAVE_FAILED;
      snap = r.snap;
    } else {
      snap = this.nextSnap++;
      await this.mark(coordinator, snap, false, true, txn);
    }
    try {
      if (f.flush) await this.flushAll();
      this.status.loading = true;
      try {
        await this.loadFile(this.dumpPath(), f.merge);
      } catch (e) {
        log('warning', `Error trying to load the RDB dump: ${(e as Error).message}`);
        return PersistReply.RELOAD_LOAD_FAILED;
      } finally {
        this.status.loading = false;
      }
      log('warning', 'DB reloaded by DEBUG RELOAD');
      return '';
    } finally {
      this.release(coordinator, snap);
    }
  }

  private flushAll(): Promise<void> {
    return Promise.all(
      this.workers.map(
        (_w, i) =>
          new Promise<void>((resolve) => {
            const id = this.nextId++;
            this.flushes.set(id, resolve);
            this.send(i, { t: 'p.flush', id });
          }),
      ),
    ).then(() => undefined);
  }

  private async loadFile(file: string, merge: boolean): Promise<{ keys: number; expired: number }> {
    const session = new LoadSession(this, this.loadOpts(), merge);
    this.load = session;
    try {
      return await this.loadWith(file, session);
    } catch (e) {
      await session.settle();
      throw e;
    } finally {
      this.load = null;
    }
  }

  private async loadWith(file: string, session: LoadSession): Promise<{ keys: number; expired: number }> {
    const r = await loadRdbFile(file, session, {
      checksum: this.config.bool('rdbchecksum'),
      now: Date.now(),
      warn: (msg) => log('warning', msg),
    });
    const ver = r.aux.get('redis-ver');
    if (ver !== undefined) log('notice', `Loading RDB produced by version ${ver}`);
    if (r.checksum === 'disabled') log('warning', 'RDB file was saved with checksum disabled: no check performed.');
    const keys = await session.finish();
    this.status.loadKeysLoaded = keys;
    this.status.loadKeysExpired = r.expired;
    return { keys, expired: r.expired };
  }

  /** Used by LoadSession. */
  postLoad(shard: number, m: MainToWorker, transfer: ArrayBuffer[]): void {
    this.send(shard, m, transfer);
  }

  get shardCount(): number {
    return this.shards;
  }

  get databases(): number {
    return this.config.int('databases');
  }

  get owners(): Uint8Array {
    return this.slotOwner;
  }

  // ---- shutdown ----------------------------------------------------------------------------------

  /**
   * The save at shutdown, as Redis's prepareForShutdown: with SAVE, or by default when save
   * points are configured, stop any BGSAVE and save in the foreground. Returns false when the
   * save failed (the caller must not exit then, unless forced).
   */
  async shutdownSave(mode: ShutdownMode): Promise<boolean> {
    this.stop();
    // as Redis: never save while loading, a half-loaded dataset would replace the dump
    const wantSave = !this.status.loading && (mode === 'save' || (mode === 'default' && this.config.savePoints().length > 0));
    const job = this.job;
    if (job !== null && job.kind === 'bgsave') {
      log('warning', 'There is a child saving an .rdb. Killing it!');
      job.abort('killed by shutdown');
      await this.waitJob(job);
    }
    if (!wantSave) return true;
    log('notice', 'Saving the final RDB snapshot before exiting.');
    const { ok } = await this.inTurn(() => this.save(0, 0, 'shutdown'));
    if (!ok) {
      log('warning', "Error trying to save the DB, can't exit.");
      this.timer = setInterval(() => this.cron(), 100);
      this.timer.unref();
    }
    return ok;
  }
}

/** Feeds loaded records to the shards with at most MAX_OUTSTANDING_BATCHES unacknowledged each. */
class LoadSession implements LoadTarget {
  readonly shards: number;
  readonly databases: number;
  readonly slotOwner: Uint8Array;
  private readonly owner: Persistence;
  private readonly opts: LoadOpts;
  private readonly merge: boolean;
  private readonly outstanding: number[];
  private readonly waiters: ((() => void) | null)[];
  private seq = 1;
  private keys = 0;
  private error = '';
  private idle: (() => void) | null = null;

  constructor(owner: Persistence, opts: LoadOpts, merge: boolean) {
    this.owner = owner;
    this.opts = opts;
    this.merge = merge;
    this.shards = owner.shardCount;
    this.databases = owner.databases;
    this.slotOwner = owner.owners;
    this.outstanding = new Array<number>(this.shards).fill(0);
    this.waiters = new Array<(() => void) | null>(this.shards).fill(null);
  }

  async send(shard: number, batch: Uint8Array): Promise<void> {
    if (this.error !== '') throw new Error(this.error);
    while (this.outstanding[shard] >= MAX_OUTSTANDING_BATCHES) {
      await new Promise<void>((r) => {
        this.waiters[shard] = r;
      });
      if (this.error !== '') throw new Error(this.error);
    }
    this.outstanding[shard]++;
    this.owner.postLoad(shard, { t: 'p.load', seq: this.seq++, batch, opts: this.opts, merge: this.merge }, [batch.buffer as ArrayBuffer]);
  }

  ack(m: Extract<WorkerToMain, { t: 'p.loaded' }>): void {
    this.outstanding[m.shard]--;
    this.keys += m.keys;
    if (m.error !== '' && this.error === '') this.error = m.error;
    const w = this.waiters[m.shard];
    this.waiters[m.shard] = null;
    w?.();
    if (this.idle !== null && this.outstanding.every((n) => n === 0)) {
      const cb = this.idle;
      this.idle = null;
      cb();
    }
  }

  /** Waits until no batch is outstanding. */
  async settle(): Promise<void> {
    if (!this.outstanding.every((n) => n === 0)) {
      await new Promise<void>((r) => {
        this.idle = r;
      });
    }
  }

  /** Waits for every batch to be applied; returns the number of keys loaded. */
  async finish(): Promise<number> {
    await this.settle();
    if (this.error !== '') throw new Error(this.error);
    return this.keys;
  }
}

function total(results: MarkResult[]): number {
  let n = 0;
  for (const r of results) for (const k of r.keys) n += k;
  return n;
}

async function fsyncDir(dir: string): Promise<void> {
  let h: fsp.FileHandle | null = null;
  try {
    h = await fsp.open(dir, 'r');
    await h.sync();
  } catch {
    /* some platforms cannot fsync a directory */
  } finally {
    await h?.close().catch(() => undefined);
  }
}
